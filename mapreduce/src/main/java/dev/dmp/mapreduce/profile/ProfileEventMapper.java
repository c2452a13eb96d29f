package dev.dmp.mapreduce.profile;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.ProfileInput;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/** Attributed events, keyed by their (live) OneID. */
public class ProfileEventMapper
    extends Mapper<AvroKey<AttributedEvent>, NullWritable, Text, AvroValue<ProfileInput>> {
  private ProfilePeople people;
  private final Text key = new Text();
  private final AvroValue<ProfileInput> value = new AvroValue<>();

  @Override
  protected void setup(Context context) throws IOException {
    people = new ProfilePeople(context.getConfiguration());
  }

  @Override
  protected void map(AvroKey<AttributedEvent> e, NullWritable ignored, Context context)
      throws IOException, InterruptedException {
    String oneId = people.resolve(e.datum().getOneId());
    if (people.suppressed.contains(oneId)) {
      context.getCounter(ProfileCounters.SUPPRESSED_EVENTS).increment(1);
      return;
    }
    context.getCounter(ProfileCounters.EVENTS).increment(1);
    key.set(oneId);
    value.datum(new ProfileInput(null, e.datum().getEvent()));
    context.write(key, value);
  }
}
