package dev.dmp.mapreduce.attribute;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The assignment arrives first; the events stream past it and take its OneID. An attributed event
 * is written as bytes ({@link JoinValues#attributed}): the event is not decoded here.
 */
public class AttributeJoinReducer
    extends Reducer<IdTagKey, BytesWritable, ByteBuffer, NullWritable> {

  private final JoinValues values = new JoinValues();

  @Override
  protected void reduce(IdTagKey key, Iterable<BytesWritable> joined, Context context)
      throws IOException, InterruptedException {
    byte[] oneId = null;
    boolean suppressed = false;
    for (BytesWritable v : joined) {
      if (!JoinValues.isEvent(v)) {
        oneId = JoinValues.oneIdEncoded(v);
        suppressed = JoinValues.suppressed(v);
        continue;
      }
      if (oneId == null) {
        context.getCounter(AttributeCounters.UNATTRIBUTED).increment(1);
      } else if (suppressed) {
        context.getCounter(AttributeCounters.SUPPRESSED).increment(1);
      } else {
        context.getCounter(AttributeCounters.ATTRIBUTED).increment(1);
        context.write(values.attributed(oneId, v), NullWritable.get());
      }
    }
  }
}
