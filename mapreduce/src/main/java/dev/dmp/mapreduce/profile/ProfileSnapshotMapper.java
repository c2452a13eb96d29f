package dev.dmp.mapreduce.profile;

import dev.dmp.avro.Profile;
import dev.dmp.avro.ProfileInput;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/** Yesterday's profiles; those of retired OneIDs go to their survivor. */
public class ProfileSnapshotMapper
    extends Mapper<AvroKey<Profile>, NullWritable, Text, AvroValue<ProfileInput>> {
  private ProfilePeople people;
  private final Text key = new Text();
  private final AvroValue<ProfileInput> value = new AvroValue<>();

  @Override
  protected void setup(Context context) throws IOException {
    people = new ProfilePeople(context.getConfiguration());
  }

  @Override
  protected void map(AvroKey<Profile> p, NullWritable ignored, Context context)
      throws IOException, InterruptedException {
    String oneId = people.resolve(p.datum().getOneId());
    if (people.suppressed.contains(oneId)) {
      context.getCounter(ProfileCounters.SUPPRESSED_SNAPSHOTS).increment(1);
      return;
    }
    context.getCounter(ProfileCounters.SNAPSHOTS).increment(1);
    if (!oneId.equals(p.datum().getOneId())) {
      context.getCounter(ProfileCounters.MERGED_SNAPSHOTS).increment(1);
    }
    key.set(oneId);
    value.datum(new ProfileInput(p.datum(), null));
    context.write(key, value);
  }
}
