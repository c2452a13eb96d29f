package dev.dmp.mapreduce.attribute;

import dev.dmp.avro.AttributionValue;
import dev.dmp.avro.IdAssignment;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/** Identifier assignments, tagged to come first. */
public class AttributeAssignmentMapper
    extends Mapper<AvroKey<IdAssignment>, NullWritable, IdTagKey, AvroValue<AttributionValue>> {
  private final IdTagKey key = new IdTagKey();
  private final AvroValue<AttributionValue> value = new AvroValue<>();

  @Override
  protected void map(AvroKey<IdAssignment> a, NullWritable ignored, Context context)
      throws IOException, InterruptedException {
    key.set(a.datum().getId(), IdTagKey.ASSIGNMENT);
    value.datum(new AttributionValue(a.datum(), null));
    context.write(key, value);
  }
}
