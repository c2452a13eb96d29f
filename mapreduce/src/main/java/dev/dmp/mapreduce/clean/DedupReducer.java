package dev.dmp.mapreduce.clean;

import dev.dmp.avro.CleanEvent;
import dev.dmp.core.clean.Fate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Keeps one copy of each event: the earliest received (ingest time, then file name, then line, so
 * that a rerun keeps the same one); every other copy is a duplicate. An event that came once, as
 * nearly every one does, goes to the output as the bytes the map wrote ({@link EncodedEvents}):
 * neither decoded nor encoded again here.
 */
public class DedupReducer extends Reducer<Text, BytesWritable, ByteBuffer, NullWritable> {

  /** Earliest received first. */
  static final Comparator<CleanEvent> RECEIVED_ORDER =
      Comparator.comparingLong(CleanEvent::getReceivedAt)
          .thenComparing(CleanEvent::getOriginFile)
          .thenComparingLong(CleanEvent::getOriginLine);

  private final SourceCounters bySource = new SourceCounters();
  private final EncodedEvents events = new EncodedEvents();

  @Override
  protected void reduce(Text eventId, Iterable<BytesWritable> copies, Context context)
      throws IOException, InterruptedException {
    Iterator<BytesWritable> it = copies.iterator();
    BytesWritable first = it.next();
    EncodedEvents.Header kept = EncodedEvents.header(first);
    ByteBuffer bytes;
    if (!it.hasNext()) {
      bytes = EncodedEvents.avro(first, kept);
    } else {
      // Copies: each is decoded to be compared; the bytes of the best so far are copied, as the
      // framework reuses the value object for the next.
      CleanEvent best = events.decode(first, kept);
      bytes = copy(first, kept);
      while (it.hasNext()) {
        BytesWritable b = it.next();
        EncodedEvents.Header h = EncodedEvents.header(b);
        CleanEvent e = events.decode(b, h);
        if (RECEIVED_ORDER.compare(e, best) < 0) {
          duplicate(context, kept.source());
          best = e;
          kept = h;
          bytes = copy(b, h);
        } else {
          duplicate(context, h.source());
        }
      }
    }
    context.getCounter(CleanCounters.CLEAN).increment(1);
    if (kept.unratedCurrency() != null) {
      context.getCounter(CleanJob.UNRATED, kept.unratedCurrency()).increment(1);
    }
    bySource.increment(context, Fate.CLEAN, kept.source(), 1);
    context.write(bytes, NullWritable.get());
  }

  private static ByteBuffer copy(BytesWritable b, EncodedEvents.Header h) {
    return ByteBuffer.wrap(Arrays.copyOfRange(b.getBytes(), h.avroStart(), b.getLength()));
  }

  private void duplicate(Context context, String source) {
    context.getCounter(CleanCounters.DUPLICATE).increment(1);
    bySource.increment(context, Fate.DUPLICATE, source, 1);
  }
}
