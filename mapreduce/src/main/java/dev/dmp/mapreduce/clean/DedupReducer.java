package dev.dmp.mapreduce.clean;

import dev.dmp.avro.CleanEvent;
import dev.dmp.mapreduce.common.Drill;
import java.io.IOException;
import java.util.Comparator;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.avro.specific.SpecificData;
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
  private Drill drill = Drill.none();

  @Override
  protected void setup(Context context) {
    drill = Drill.of(context, CleanJob.NAME + "-reduce");
  }

  @Override
  protected void reduce(Text eventId, Iterable<AvroValue<CleanEvent>> copies, Context context)
      throws IOException, InterruptedException {
    drill.tick();
    CleanEvent kept = null;
    for (AvroValue<CleanEvent> copy : copies) {
      CleanEvent e = copy.datum();
      if (kept == null || RECEIVED_ORDER.compare(e, kept) < 0) {
        if (kept != null) {
          duplicate(context, kept.getSource());
        }
        // The framework reuses the value object: keep a copy of the best one.
        kept = SpecificData.get().deepCopy(CleanEvent.getClassSchema(), e);
      } else {
        duplicate(context, e.getSource());
      }
    }
    context.getCounter(CleanCounters.CLEAN).increment(1);
    bySource.increment(context, Fate.CLEAN, kept.getSource(), 1);
    outKey.datum(kept);
    context.write(outKey, NullWritable.get());
  }

  private void duplicate(Context context, String source) {
    context.getCounter(CleanCounters.DUPLICATE).increment(1);
    bySource.increment(context, Fate.DUPLICATE, source, 1);
  }
}
