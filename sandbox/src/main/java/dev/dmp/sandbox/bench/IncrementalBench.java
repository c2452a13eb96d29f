package dev.dmp.sandbox.bench;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.profile.ProfileReport;
import dev.dmp.mapreduce.stage.StageRunner;
import dev.dmp.sandbox.generate.GeneratedDay;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The incremental profile run against a full recompute. {@code days} generated days of the same
 * people go through the chain up to attribute; the profiles of the last of them are computed in
 * full. Then the next day's profiles are built both ways: incrementally (that snapshot plus the
 * day's events) and in full (every attributed day), and both must find the same people.
 */
final class IncrementalBench {

  private IncrementalBench() {}

  static Map<String, Object> run(
      Configuration base,
      GeneratedDay.Steps steps,
      int days,
      long dayEvents,
      long seed,
      RunDate last)
      throws Exception {
    Configuration conf = new Configuration(base);
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    long prepared = System.nanoTime();
    RunDate first = new RunDate(last.day().minusDays(days));
    for (RunDate d = first; !d.day().isAfter(last.day()); d = new RunDate(d.day().plusDays(1))) {
      GeneratedDay day = new GeneratedDay(new Path(paths.tmp(), "bench-days/" + d), d);
      day.generate(steps, dayEvents, seed);
      if (d.equals(first)) {
        day.forget(steps); // the same people every day: they ask once
      }
      day.ingest(steps);
      fs.delete(day.dir(), true);
      StageRunner.quiet(conf).run(new CleanJob(), d);
      StageRunner.quiet(conf).run(new IdGraphJob(), d);
      StageRunner.quiet(conf).run(new AttributeJob(), d);
    }
    RunDate history = new RunDate(last.day().minusDays(1));
    ProfileReport snapshot = StageRunner.quiet(conf).run(new ProfileJob(true), history);
    double preparedSeconds = (System.nanoTime() - prepared) / 1e9;

    Map<String, Object> incremental = timed(conf, last, false);
    Map<String, Object> full = timed(conf, last, true);
    if (!incremental.get("profiles").equals(full.get("profiles"))) {
      throw new DmpException(
          "incremental and full profiles of "
              + last
              + " differ: "
              + incremental.get("profiles")
              + " and "
              + full.get("profiles"));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("history_days", days);
    m.put("events_per_day", dayEvents);
    m.put("day", last.toString());
    m.put("preparation_seconds", StageMeter.round(preparedSeconds));
    m.put("snapshot_profiles", snapshot.profiles());
    m.put("incremental", incremental);
    m.put("full", full);
    m.put(
        "incremental_vs_full",
        Math.round(1000.0 * (Double) incremental.get("seconds") / (Double) full.get("seconds"))
            / 1000.0);
    return m;
  }

  private static Map<String, Object> timed(Configuration conf, RunDate day, boolean full)
      throws Exception {
    try (StageMeter meter = StageMeter.start()) {
      ProfileReport report = StageRunner.quiet(conf).listen(meter).run(new ProfileJob(full), day);
      Map<String, Object> m = meter.figures(report.events(), report.profiles());
      m.put("profiles", report.profiles());
      m.put("days_read", report.daysRead());
      m.put("snapshots_read", report.snapshots());
      return m;
    }
  }
}
