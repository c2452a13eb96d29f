package dev.dmp.mapreduce.profile;

import dev.dmp.avro.ProfileInput;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Keys what a profile is built from by its person's live OneID: a retired OneID's input goes to its
 * survivor, a suppressed person's nowhere (counted).
 *
 * @param <T> the input record
 */
abstract class ProfileInputMapper<T>
    extends Mapper<AvroKey<T>, NullWritable, Text, AvroValue<ProfileInput>> {
  private ProfilePeople people;
  private final Text key = new Text();
  private final AvroValue<ProfileInput> value = new AvroValue<>();

  /** The OneID the record carries. */
  abstract String oneId(T record);

  /** The record as the profile reducer takes it. */
  abstract ProfileInput input(T record);

  /** Counts a record of a suppressed person. */
  abstract void countSuppressed(Context context);

  /** Counts a record that goes on; {@code merged}: its OneID was retired into another. */
  abstract void count(Context context, boolean merged);

  @Override
  protected void setup(Context context) throws IOException {
    people = new ProfilePeople(context.getConfiguration());
  }

  @Override
  protected void map(AvroKey<T> in, NullWritable ignored, Context context)
      throws IOException, InterruptedException {
    String given = oneId(in.datum());
    String oneId = people.resolve(given);
    if (people.suppressed.contains(oneId)) {
      countSuppressed(context);
      return;
    }
    count(context, !oneId.equals(given));
    key.set(oneId);
    value.datum(input(in.datum()));
    context.write(key, value);
  }
}
