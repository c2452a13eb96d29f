package dev.dmp.sandbox.bench;

import dev.dmp.avro.CleanEvent;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.LocalJobRunner;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

/**
 * A hot key: the day's clean events again, with one in twenty ({@value #SHARE_PERCENT} %) carrying
 * one identifier alone, so that one identifier, and the person it is, carries that share of the
 * day. The stages keyed by identifier or person (idgraph, attribute, profile) run on it with
 * {@value #REDUCERS} reduce tasks, one at a time, twice: the second run is measured. Each reduce
 * task's wall time is read from the local job runner's own log of its start and end (the local
 * runner keeps no task reports). The figure per job is its slowest reduce task against the median
 * one: the hot key's task is at most the slowest.
 */
final class HotKey {

  static final int SHARE_PERCENT = 5;

  static final int REDUCERS = 8;

  /** The identifier that carries the share. */
  static final String HOT_COOKIE = "0000hot0000key00";

  private HotKey() {}

  /**
   * Runs the three stages on the hot-key variant of {@code day}'s clean events of {@code conf}'s
   * base directory, under {@code work} (deleted afterwards), and returns the figures per job.
   */
  static Map<String, Object> run(Configuration conf, RunDate day, Path work)
      throws IOException,
          InterruptedException,
          ClassNotFoundException,
          DmpException,
          UsageException {
    Configuration hot = new Configuration(conf);
    hot.set(DmpPaths.BASE_DIR, new Path(work, "data").toString());
    for (String key :
        List.of(IdGraphJob.REDUCE_TASKS, AttributeJob.REDUCE_TASKS, ProfileJob.REDUCE_TASKS)) {
      hot.setInt(key, REDUCERS);
    }
    hot.setInt("mapreduce.local.reduce.tasks.maximum", 1);
    FileSystem fs = work.getFileSystem(hot);
    long[] counts = plant(conf, hot, day);

    // A first pass warms the JVM up: otherwise the first reduce task of each job, whichever keys
    // it holds, is the slowest (measured: 1.8-2.3 × the median, falling task by task after it).
    runStages(StageRunner.quiet(hot), day);
    TaskTimes times = new TaskTimes();
    Map<String, String> jobNames = new LinkedHashMap<>();
    StageRunner stages =
        StageRunner.quiet(hot)
            .listen(
                (job, seconds, counters) ->
                    jobNames.put(job.getJobID().toString(), job.getJobName()));
    Logger runner = Logger.getLogger(LocalJobRunner.class);
    Level level = runner.getLevel();
    boolean additive = runner.getAdditivity();
    runner.addAppender(times);
    runner.setLevel(Level.INFO);
    runner.setAdditivity(false); // the console keeps its warnings-only set-up
    try {
      runStages(stages, day);
    } finally {
      runner.removeAppender(times);
      runner.setLevel(level);
      runner.setAdditivity(additive);
    }

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", counts[0]);
    m.put("hot_events", counts[1]);
    m.put("reducers", REDUCERS);
    List<Map<String, Object>> jobs = new ArrayList<>();
    double worst = 0;
    for (Map.Entry<String, String> job : jobNames.entrySet()) {
      List<Long> millis = times.reduceMillis(job.getKey());
      if (millis.size() < 2) {
        continue; // a map-only job, or one the stage gave a single reducer
      }
      Collections.sort(millis);
      long slowest = millis.get(millis.size() - 1);
      int n = millis.size();
      double median = (millis.get((n - 1) / 2) + millis.get(n / 2)) / 2.0;
      double ratio = Scaling.ratio(slowest, Math.max(1, median));
      worst = Math.max(worst, ratio);
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("job", job.getValue());
      j.put("reduce_tasks", millis.size());
      j.put("slowest_ms", slowest);
      j.put("median_ms", median);
      j.put("slowest_vs_median", ratio);
      j.put("reduce_ms_by_task", times.reduceMillisByTask(job.getKey()));
      jobs.add(j);
    }
    m.put("jobs", jobs);
    m.put("slowest_vs_median", worst);
    fs.delete(work, true);
    return m;
  }

  private static void runStages(StageRunner stages, RunDate day)
      throws IOException,
          InterruptedException,
          ClassNotFoundException,
          DmpException,
          UsageException {
    stages.run(new IdGraphJob(), day);
    stages.run(new AttributeJob(), day);
    stages.run(new ProfileJob(false), day);
  }

  /**
   * Copies the day's clean events of {@code from} to {@code to}'s base directory, every twentieth
   * one carrying the hot identifier alone; returns the events and the hot ones.
   */
  private static long[] plant(Configuration from, Configuration to, RunDate day)
      throws IOException {
    Path source = DmpPaths.of(from).clean(day);
    Path target = new Path(DmpPaths.of(to).clean(day), "part-m-00000.avro");
    long[] counts = new long[2];
    try (OutputStream out = target.getFileSystem(to).create(target, true);
        DataFileWriter<CleanEvent> w =
            new DataFileWriter<>(new SpecificDatumWriter<>(CleanEvent.class))) {
      w.create(CleanEvent.getClassSchema(), out);
      AvroFiles.forEach(
          from,
          source,
          CleanEvent.class,
          e -> {
            if (counts[0]++ % (100 / SHARE_PERCENT) == 0) {
              e.setIds(Map.of("cookie", HOT_COOKIE));
              counts[1]++;
            }
            try {
              w.append(e);
            } catch (IOException x) {
              throw new java.io.UncheckedIOException(x);
            }
          });
    }
    return counts;
  }

  /** The start and end of every reduce task the local job runner logs, per job. */
  static final class TaskTimes extends AppenderSkeleton {
    private static final Pattern TASK =
        Pattern.compile("(Starting|Finishing) task: attempt_(\\w+?_\\d+)_r_(\\d+)_\\d+");

    /** Per job (job_...): per reduce task, its start and end in epoch millis. */
    private final Map<String, Map<Integer, long[]>> tasks = new ConcurrentHashMap<>();

    @Override
    protected void append(LoggingEvent event) {
      Matcher m = TASK.matcher(String.valueOf(event.getMessage()));
      if (m.find()) {
        long[] span =
            tasks
                .computeIfAbsent("job_" + m.group(2), j -> new ConcurrentHashMap<>())
                .computeIfAbsent(Integer.parseInt(m.group(3)), t -> new long[2]);
        span[m.group(1).equals("Starting") ? 0 : 1] = event.getTimeStamp();
      }
    }

    /** The wall time of each reduce task of {@code jobId}, in task order. */
    List<Long> reduceMillisByTask(String jobId) {
      return new java.util.TreeMap<>(tasks.getOrDefault(jobId, Map.of()))
          .values().stream().map(span -> span[1] - span[0]).toList();
    }

    /** The wall time of each reduce task of {@code jobId} that started and finished. */
    List<Long> reduceMillis(String jobId) {
      List<Long> out = new ArrayList<>();
      for (long[] span : tasks.getOrDefault(jobId, Map.of()).values()) {
        if (span[0] > 0 && span[1] >= span[0]) {
          out.add(span[1] - span[0]);
        }
      }
      return out;
    }

    @Override
    public void close() {}

    @Override
    public boolean requiresLayout() {
      return false;
    }
  }
}
