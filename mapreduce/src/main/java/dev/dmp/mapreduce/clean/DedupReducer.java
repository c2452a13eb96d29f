package dev.dmp.mapreduce.clean;

import dev.dmp.avro.CleanEvent;
import dev.dmp.core.clean.Fate;
import dev.dmp.mapreduce.common.DmpSpecificData;
import java.io.IOException;
import java.util.Comparator;
import java.util.Iterator;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Keeps one copy of each event: the earliest received (ingest time, then file name, then line, so
 * that a rerun keeps the same one); every other copy is a duplicate.
 */
public class DedupReducer
    extends Reducer<Text, AvroValue<CleanEvent>, AvroKey<CleanEvent>, NullWritable> {

  /** Earliest received first. */
  static final Comparator<CleanEvent> RECEIVED_ORDER =
      Comparator.comparingLong(CleanEvent::getReceivedAt)
          .thenComparing(CleanEvent::getOriginFile)
          .thenComparingLong(CleanEvent::getOriginLine);

  private final SourceCounters bySource = new SourceCounters();
  private final AvroKey<CleanEvent> outKey = new AvroKey<>();

  @Override
  protected void setup(Context context) {}

  @Override
  protected void reduce(Text eventId, Iterable<AvroValue<CleanEvent>> copies, Context context)
      throws IOException, InterruptedException {
    Iterator<AvroValue<CleanEvent>> it = copies.iterator();
    CleanEvent kept = it.next().datum();
    // Nearly every event comes once: it is written as it is. Only when another copy follows is
    // the best one so far copied, as the framework reuses the value object for the next.
    if (it.hasNext()) {
      kept = DmpSpecificData.get().deepCopy(CleanEvent.getClassSchema(), kept);
      while (it.hasNext()) {
        CleanEvent e = it.next().datum();
        if (RECEIVED_ORDER.compare(e, kept) < 0) {
          duplicate(context, kept.getSource());
          kept = DmpSpecificData.get().deepCopy(CleanEvent.getClassSchema(), e);
        } else {
          duplicate(context, e.getSource());
        }
      }
    }
    context.getCounter(CleanCounters.CLEAN).increment(1);
    if (kept.getRevenue() != null && kept.getRevenueConverted() == null) {
      context.getCounter(CleanJob.UNRATED, kept.getCurrency()).increment(1);
    }
    bySource.increment(context, Fate.CLEAN, kept.getSource(), 1);
    outKey.datum(kept);
    context.write(outKey, NullWritable.get());
  }

  private void duplicate(Context context, String source) {
    context.getCounter(CleanCounters.DUPLICATE).increment(1);
    bySource.increment(context, Fate.DUPLICATE, source, 1);
  }
}
