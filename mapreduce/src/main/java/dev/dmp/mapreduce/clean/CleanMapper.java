package dev.dmp.mapreduce.clean;

import dev.dmp.avro.IdLink;
import dev.dmp.avro.RawRecord;
import dev.dmp.avro.RejectRecord;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.clean.CleanOutcome;
import dev.dmp.core.clean.EventCleaner;
import dev.dmp.core.clean.Fate;
import dev.dmp.core.clean.Quarantine;
import dev.dmp.core.clean.RejectRecords;
import dev.dmp.core.clean.UserAgentClassifier;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.SuppressionFiles;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Decides rejects, robots and opt-outs record by record ({@link EventCleaner}), writes rejects and
 * opted-out identifier links to their named outputs, and sends the surviving events on, keyed by
 * event_id, to be de-duplicated ({@link EncodedEvents}).
 */
public class CleanMapper extends Mapper<AvroKey<RawRecord>, NullWritable, Text, BytesWritable> {

  private EventCleaner cleaner;
  private AvroMultipleOutputs outputs;
  private final SourceCounters bySource = new SourceCounters();
  private final Text outKey = new Text();
  private final BytesWritable outValue = new BytesWritable();
  private final EncodedEvents events = new EncodedEvents();
  private final AvroKey<RejectRecord> rejectKey = new AvroKey<>();
  private final AvroKey<IdLink> linkKey = new AvroKey<>();
  private Quarantine quarantine;
  private long scrubbedSoFar;

  @Override
  protected void setup(Context context) throws IOException {
    Configuration conf = context.getConfiguration();
    cleaner =
        new EventCleaner(
            CleanJob.settings(conf),
            IdentifierNormalizer.fromSettings(conf::get),
            new UserAgentClassifier(conf.getInt(CleanJob.UA_CACHE_SIZE, 20_000)),
            SuppressionFiles.read(conf, DmpPaths.of(conf).suppression()));
    outputs = new AvroMultipleOutputs(context);
    quarantine =
        new Quarantine(
            CleanJob.MAX_UNPROCESSABLE,
            conf.getInt(CleanJob.MAX_UNPROCESSABLE, CleanJob.DEFAULT_MAX_UNPROCESSABLE));
  }

  @Override
  protected void map(AvroKey<RawRecord> key, NullWritable ignored, Context context)
      throws IOException, InterruptedException {
    RawRecord raw = key.datum();
    context.getCounter(CleanCounters.READ).increment(1);
    CleanOutcome outcome = quarantine.clean(cleaner, raw);
    context.getCounter(CleanCounters.DROPPED_IDS).increment(outcome.droppedIds());
    long scrubbed = cleaner.scrubbedValues();
    if (scrubbed > scrubbedSoFar) {
      context.getCounter(CleanCounters.SCRUBBED_VALUES).increment(scrubbed - scrubbedSoFar);
      scrubbedSoFar = scrubbed;
    }
    if (outcome instanceof CleanOutcome.Clean c) {
      outKey.set(c.event().getEventId());
      events.encode(c.event(), outValue);
      context.write(outKey, outValue);
    } else if (outcome instanceof CleanOutcome.Rejected r) {
      context.getCounter(CleanCounters.REJECTED).increment(1);
      context.getCounter(CleanCounters.of(r.reason())).increment(1);
      bySource.increment(context, Fate.REJECTED, r.source(), 1);
      rejectKey.datum(RejectRecords.of(CleanJob.NAME, raw, r));
      outputs.write(CleanJob.REJECTS, rejectKey, NullWritable.get(), CleanJob.REJECTS + "/part");
    } else if (outcome instanceof CleanOutcome.Bot b) {
      context.getCounter(CleanCounters.BOT).increment(1);
      bySource.increment(context, Fate.BOT, b.source(), 1);
    } else if (outcome instanceof CleanOutcome.OptedOut o) {
      context.getCounter(CleanCounters.OPTED_OUT).increment(1);
      bySource.increment(context, Fate.OPTED_OUT, o.source(), 1);
      linkKey.datum(new IdLink(o.ids()));
      outputs.write(CleanJob.LINKS, linkKey, NullWritable.get(), CleanJob.LINKS + "/part");
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    outputs.close();
  }
}
