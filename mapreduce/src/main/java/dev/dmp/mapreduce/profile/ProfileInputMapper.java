package dev.dmp.mapreduce.profile;

import dev.dmp.avro.ProfileInput;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.TableCreator;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Keys what a profile is built from by its person's live OneID, as the person's {@code dmp:profile}
 * row key ({@code <salt>:<OneID>}, so that the reducers see people in the table's order and write
 * its HFiles): a retired OneID's input goes to its survivor, a suppressed person's nowhere
 * (counted).
 *
 * @param <T> the input record
 */
abstract class ProfileInputMapper<T>
    extends Mapper<AvroKey<T>, NullWritable, Text, AvroValue<ProfileInput>> {
  private ProfilePeople people;
  private int saltBuckets;
  private String lastOneId;
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
    saltBuckets = TableCreator.saltBuckets(context.getConfiguration());
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
    if (!oneId.equals(lastOneId)) {
      // A person's records often come together: the salt's hash once for them.
      key.set(DmpTables.Profile.rowKey(oneId, saltBuckets));
      lastOneId = oneId;
    }
    value.datum(input(in.datum()));
    context.write(key, value);
  }
}
