package dev.dmp.mapreduce.attribute;

import dev.dmp.avro.IdAssignment;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/** Identifier assignments, tagged to come first. */
public class AttributeAssignmentMapper
    extends Mapper<AvroKey<IdAssignment>, NullWritable, IdTagKey, BytesWritable> {
  private final IdTagKey key = new IdTagKey();
  private final BytesWritable value = new BytesWritable();
  private final JoinValues values = new JoinValues();

  @Override
  protected void map(AvroKey<IdAssignment> a, NullWritable ignored, Context context)
      throws IOException, InterruptedException {
    key.set(a.datum().getId(), IdTagKey.ASSIGNMENT);
    values.assignment(a.datum(), value);
    context.write(key, value);
  }
}
