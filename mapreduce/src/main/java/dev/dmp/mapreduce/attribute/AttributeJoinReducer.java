package dev.dmp.mapreduce.attribute;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.AttributionValue;
import dev.dmp.avro.IdAssignment;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/** The assignment arrives first; the events stream past it and take its OneID. */
public class AttributeJoinReducer
    extends Reducer<IdTagKey, AvroValue<AttributionValue>, AvroKey<AttributedEvent>, NullWritable> {
  private final AvroKey<AttributedEvent> out = new AvroKey<>();

  @Override
  protected void reduce(IdTagKey key, Iterable<AvroValue<AttributionValue>> values, Context context)
      throws IOException, InterruptedException {
    String oneId = null;
    boolean suppressed = false;
    for (AvroValue<AttributionValue> v : values) {
      IdAssignment a = v.datum().getAssignment();
      if (a != null) {
        oneId = a.getOneId();
        suppressed = a.getSuppressed();
        continue;
      }
      if (oneId == null) {
        context.getCounter(AttributeCounters.UNATTRIBUTED).increment(1);
      } else if (suppressed) {
        context.getCounter(AttributeCounters.SUPPRESSED).increment(1);
      } else {
        context.getCounter(AttributeCounters.ATTRIBUTED).increment(1);
        out.datum(new AttributedEvent(oneId, v.datum().getEvent()));
        context.write(out, NullWritable.get());
      }
    }
  }
}
