package dev.dmp.stream;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.RawRecord;
import dev.dmp.avro.RejectRecord;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.RunDate;
import dev.dmp.core.SuppressionList;
import dev.dmp.core.clean.CleanOutcome;
import dev.dmp.core.clean.EventCleaner;
import dev.dmp.core.clean.Fate;
import dev.dmp.core.clean.Quarantine;
import dev.dmp.core.clean.RejectRecords;
import dev.dmp.core.clean.UserAgentClassifier;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.SuppressionFiles;
import dev.dmp.mapreduce.idgraph.SuppressedPeople;
import dev.dmp.mapreduce.money.RatesFiles;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each record's fate with the batch's own {@link EventCleaner} (validation, robots,
 * opt-outs, PII hashed), the day's cleaner being that of the record's Kafka day with that day's
 * exchange rates. Clean events go on to de-duplication; rejects go to their dataset; every fate but
 * clean and duplicate (decided after de-duplication) is tallied for the minute monitor. The
 * suppression list is read again when its files change.
 */
final class CleanStep extends ProcessFunction<RawRecord, CleanEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(CleanStep.class);

  static final OutputTag<RejectRecord> REJECTS =
      new OutputTag<>("rejects", new AvroTypeInfo<>(RejectRecord.class));
  static final OutputTag<Tally> TALLIES =
      new OutputTag<>("tallies", TypeInformation.of(Tally.class));

  /** The stage name rejects carry. */
  static final String STAGE = "stream";

  private final StreamSettings settings;
  private final LiveSettings live;
  private transient Configuration conf;
  private transient IdentifierNormalizer normalizer;
  private transient UserAgentClassifier userAgents;
  private transient Map<String, EventCleaner> cleaners;
  private transient Quarantine quarantine;
  private transient SuppressionList suppression;
  private transient long suppressionStamp;
  private transient long suppressionChecked;

  CleanStep(StreamSettings settings, LiveSettings live) {
    this.settings = settings;
    this.live = live;
  }

  @Override
  public void open(OpenContext context) throws IOException {
    conf = settings.hadoop();
    normalizer = IdentifierNormalizer.fromSettings(conf::get);
    userAgents = new UserAgentClassifier(conf.getInt(CleanJob.UA_CACHE_SIZE, 20_000));
    cleaners = new HashMap<>();
    // One record that breaks the cleaner is quarantined like any reject; there is no task to fail.
    quarantine = new Quarantine(CleanJob.MAX_UNPROCESSABLE, Integer.MAX_VALUE);
    reloadSuppression(true);
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<CleanEvent> out)
      throws IOException {
    reloadSuppression(false);
    long at = raw.getReceivedAt();
    CleanOutcome outcome = quarantine.clean(cleaner(Days.of(at)), raw);
    String feed = raw.getFeed().toString();
    if (outcome instanceof CleanOutcome.Clean c) {
      out.collect(c.event());
      return;
    }
    Fate fate;
    if (outcome instanceof CleanOutcome.Rejected r) {
      ctx.output(REJECTS, RejectRecords.of(STAGE, raw, r));
      fate = Fate.REJECTED;
    } else if (outcome instanceof CleanOutcome.Bot) {
      fate = Fate.BOT;
    } else {
      fate = Fate.OPTED_OUT;
    }
    ctx.output(TALLIES, new Tally(feed, at, fate, 0));
  }

  private EventCleaner cleaner(String day) throws IOException {
    EventCleaner c = cleaners.get(day);
    if (c == null) {
      RunDate date = new RunDate(java.time.LocalDate.parse(day));
      try {
        c =
            new EventCleaner(
                CleanJob.settings(conf, date, RatesFiles.of(conf, date)),
                normalizer,
                userAgents,
                suppression);
      } catch (dev.dmp.core.DmpException e) {
        throw new IOException(e.getMessage(), e);
      }
      if (cleaners.size() > 3) {
        cleaners.clear(); // days long past
      }
      cleaners.put(day, c);
    }
    return c;
  }

  /** Reads the suppression list again when a file of it changed (checked every few seconds). */
  private void reloadSuppression(boolean first) throws IOException {
    long now = System.currentTimeMillis();
    if (!first && now - suppressionChecked < live.reloadMillis()) {
      return;
    }
    suppressionChecked = now;
    Path dir = DmpPaths.of(conf).suppression();
    FileSystem fs = dir.getFileSystem(conf);
    long stamp = 0; // a fingerprint of the list's files: names, times and sizes
    if (fs.exists(dir)) {
      for (FileStatus f : fs.listStatus(dir)) {
        stamp =
            31 * stamp
                + java.util.Objects.hash(
                    f.getPath().getName(), f.getModificationTime(), f.getLen());
      }
    }
    String graph = SuppressedPeople.newestGraph(conf);
    stamp = 31 * stamp + graph.hashCode();
    if (first || stamp != suppressionStamp) {
      // The list, and every identifier of the people the newest graph found suppressed.
      suppression = SuppressionFiles.read(conf, dir).plus(SuppressedPeople.identifiers(conf));
      suppressionStamp = stamp;
      cleaners.clear();
      if (!first) {
        LOG.info("suppression list reloaded: {} identifiers", suppression.size());
      }
    }
  }
}
