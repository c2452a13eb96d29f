package dev.dmp.stream;

import dev.dmp.core.RunDate;
import dev.dmp.core.alerts.Alert;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.monitor.Alerts;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance: flags the hours (and days) that are due once the files that hold them are
 * committed. An hour that became due before a checkpoint's barrier has all its records in that
 * checkpoint's files, which the file sink commits when the checkpoint completes; so at each
 * completed checkpoint this reads the committed files of every due hour and, when they hold exactly
 * what was read (per partition: records, first and last offset), writes the hour's entry in {@code
 * quality/dt=D/landing-HH.json} and its {@code _SUCCESS}. Files not yet committed (the sink's
 * commit can follow this notice) are looked at again at the next checkpoint; an hour still short
 * after {@value #ATTEMPTS} checkpoints is reported unreconciled, with a critical alert, and gets no
 * flag. A day of a feed is flagged ({@code raw/dt=D/src=FEED/_SUCCESS}, what the daily coordinator
 * waits on) when every hour of it that holds records is.
 */
final class LandingFlagger extends ProcessFunction<HourDue, Void>
    implements CheckpointedFunction, CheckpointListener {

  private static final Logger LOG = LoggerFactory.getLogger(LandingFlagger.class);

  /** Completed checkpoints an hour may wait for its files before it is reported unreconciled. */
  static final int ATTEMPTS = 5;

  /** The rule name of the alert an unreconciled hour raises. */
  static final String RULE = "landing_unreconciled";

  private final StreamSettings settings;
  private transient List<Waiting> waiting;
  private transient ListState<HourDue> state;
  private transient long lastSnapshot;
  private transient Configuration conf;

  private static final class Waiting {
    final HourDue due;
    final long after;
    int attempts;

    Waiting(HourDue due, long after) {
      this.due = due;
      this.after = after;
    }
  }

  LandingFlagger(StreamSettings settings) {
    this.settings = settings;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    state =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("due", HourDue.class));
    waiting = new ArrayList<>();
    lastSnapshot = -1;
    if (context.isRestored()) {
      for (HourDue due : state.get()) {
        waiting.add(new Waiting(due, -1));
      }
    }
  }

  @Override
  public void processElement(HourDue due, Context ctx, Collector<Void> out) {
    // A later due of the same hour (late records re-opened it) holds all the earlier one did.
    waiting.removeIf(
        w ->
            w.due.kind.equals(due.kind) && w.due.feed.equals(due.feed) && w.due.start == due.start);
    waiting.add(new Waiting(due, lastSnapshot));
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    lastSnapshot = context.getCheckpointId();
    state.clear();
    for (Waiting w : waiting) {
      state.add(w.due);
    }
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    if (conf == null) {
      conf = settings.hadoop();
    }
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    // Hours before days: a day is flagged once its hours are.
    waiting.sort(Comparator.comparing(w -> HourDue.DAY.equals(w.due.kind)));
    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
      Waiting w = it.next();
      if (w.after >= checkpointId) {
        continue;
      }
      boolean settled =
          HourDue.HOUR.equals(w.due.kind)
              ? settleHour(conf, paths, fs, w.due, ++w.attempts >= ATTEMPTS)
              : settleDay(paths, fs, w.due);
      if (settled) {
        it.remove();
      }
    }
  }

  private boolean settleHour(
      Configuration conf, DmpPaths paths, FileSystem fs, HourDue due, boolean last)
      throws IOException {
    Path dir = new Path(paths.raw(), HourBuckets.partition(due.start, due.feed));
    LandingReport.Landed landed = LandingReport.landed(fs, dir);
    boolean reconciled = LandingReport.reconciles(due, landed);
    if (!reconciled && !last) {
      return false;
    }
    LandingReport.put(conf, paths, due, LandingReport.entry(due, landed, reconciled));
    if (reconciled) {
      fs.create(new Path(dir, IngestTool.SUCCESS), true).close();
      LOG.info(
          "{} {}: {} records reconciled, flagged{}",
          dir,
          due.feed,
          landed.records(),
          due.reopened > 0 ? " (re-opened by late records)" : "");
    } else {
      unreconciled(conf, due, landed);
    }
    return true;
  }

  private void unreconciled(Configuration conf, HourDue due, LandingReport.Landed landed)
      throws IOException {
    RunDate date =
        new RunDate(Instant.ofEpochMilli(due.start).atZone(ZoneOffset.UTC).toLocalDate());
    int hour = Instant.ofEpochMilli(due.start).atZone(ZoneOffset.UTC).getHour();
    String message =
        String.format(
            "%s hour %02d of %s: %d records read from Kafka, %d in committed files; not flagged",
            due.feed, hour, date, due.total(), landed.records());
    LOG.error(message);
    Alerts.raise(
        conf,
        date,
        "stream",
        new Alert(
            RULE + "/" + due.feed + "/" + date + "T" + String.format("%02d", hour),
            RULE,
            "critical",
            "source_hour",
            due.feed,
            date.toString(),
            hour,
            Instant.ofEpochMilli(due.start).toString(),
            (double) landed.records(),
            (double) due.total(),
            message,
            Alerts.now()));
  }

  /** Flags a feed's day when every hour of it that holds records is flagged. */
  private boolean settleDay(DmpPaths paths, FileSystem fs, HourDue due) throws IOException {
    for (Waiting w : waiting) {
      if (w.due.kind.equals(HourDue.HOUR)
          && w.due.feed.equals(due.feed)
          && w.due.start >= due.start
          && w.due.start < due.start + HourBuckets.DAY) {
        return false;
      }
    }
    Path day =
        paths.rawDay(
            new RunDate(Instant.ofEpochMilli(due.start).atZone(ZoneOffset.UTC).toLocalDate()));
    if (fs.exists(day)) {
      for (FileStatus hour : fs.listStatus(day, p -> p.getName().startsWith("hr="))) {
        Path feed = new Path(hour.getPath(), "src=" + due.feed);
        if (fs.exists(feed) && !fs.exists(new Path(feed, IngestTool.SUCCESS))) {
          return false;
        }
      }
    }
    fs.create(new Path(new Path(day, "src=" + due.feed), IngestTool.SUCCESS), true).close();
    LOG.info("{} {}: the day is flagged", day, due.feed);
    return true;
  }
}
