package dev.dmp.mapreduce.testing;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.RawComparator;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.reduce.WrappedReducer;
import org.apache.hadoop.mapreduce.task.ReduceContextImpl;

/**
 * Runs reducers the way the framework does: input pairs are serialized, partitioned, sorted and
 * grouped with the job's own partitioner and comparators, and each reduce task gets Hadoop's real
 * reduce context (so value objects are reused across the iteration, as on a cluster).
 */
public final class ReduceDriver<KI, VI, KO, VO> {

  private final java.util.function.Supplier<Reducer<KI, VI, KO, VO>> reducers;
  private final Configuration conf;
  private final List<Map.Entry<KI, VI>> inputs = new ArrayList<>();

  private ReduceDriver(
      java.util.function.Supplier<Reducer<KI, VI, KO, VO>> reducers, Configuration conf) {
    this.reducers = reducers;
    this.conf = new Configuration(conf);
  }

  /** A driver making one reducer per reduce task with {@code reducers}. */
  public static <KI, VI, KO, VO> ReduceDriver<KI, VI, KO, VO> of(
      java.util.function.Supplier<Reducer<KI, VI, KO, VO>> reducers, Configuration conf) {
    return new ReduceDriver<>(reducers, conf);
  }

  /** Adds {@code values} under {@code key}, in this order. */
  @SafeVarargs
  public final ReduceDriver<KI, VI, KO, VO> withInput(KI key, VI... values) {
    for (VI v : values) {
      inputs.add(new AbstractMap.SimpleImmutableEntry<>(key, v));
    }
    return this;
  }

  /** Adds map-output pairs, e.g. of several map drivers (a job with MultipleInputs). */
  public ReduceDriver<KI, VI, KO, VO> withPairs(List<? extends Map.Entry<KI, VI>> pairs) {
    inputs.addAll(pairs);
    return this;
  }

  @SuppressWarnings("unchecked")
  public TaskResult<KO, VO> run() throws IOException, InterruptedException {
    Shuffle shuffle = new Shuffle(conf);
    List<List<Shuffle.Bytes>> partitions = shuffle.partitionAndSort(inputs);
    HarnessSupport.Reporter reporter = new HarnessSupport.Reporter();
    List<Map.Entry<KO, VO>> out = new ArrayList<>();
    List<Path> workDirs = new ArrayList<>();
    RawComparator<KI> grouping = (RawComparator<KI>) shuffle.job().getGroupingComparator();
    for (int p = 0; p < partitions.size(); p++) {
      TaskAttemptContext attempt = HarnessSupport.attempt(conf, TaskType.REDUCE, p);
      FileOutputCommitter committer = HarnessSupport.committer(attempt);
      ReduceContextImpl<KI, VI, KO, VO> context =
          new ReduceContextImpl<>(
              attempt.getConfiguration(),
              attempt.getTaskAttemptID(),
              Shuffle.iterator(partitions.get(p)),
              reporter.getCounter(TaskCounter.REDUCE_INPUT_GROUPS),
              reporter.getCounter(TaskCounter.REDUCE_INPUT_RECORDS),
              new HarnessSupport.Collector<>(out, conf),
              committer,
              reporter,
              grouping,
              (Class<KI>) shuffle.job().getMapOutputKeyClass(),
              (Class<VI>) shuffle.job().getMapOutputValueClass());
      reducers.get().run(new WrappedReducer<KI, VI, KO, VO>().getReducerContext(context));
      workDirs.add(committer.getWorkPath());
    }
    return new TaskResult<>(out, reporter.counters, conf, workDirs);
  }
}
