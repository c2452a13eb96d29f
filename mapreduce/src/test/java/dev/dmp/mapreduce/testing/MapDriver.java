package dev.dmp.mapreduce.testing;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.map.WrappedMapper;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.task.MapContextImpl;

/**
 * Runs one mapper over given input pairs, in the spirit of MRUnit's MapDriver (MRUnit is retired):
 * the mapper's own {@code run}, {@code setup} and {@code cleanup} in Hadoop's real map context,
 * with the job's configuration; outputs are copied as emitted, counters collected, and named
 * outputs written as real files into the task's work directory.
 *
 * <pre>{@code
 * TaskResult<Text, AvroValue<CleanEvent>> r =
 *     MapDriver.of(new CleanMapper(), job.getConfiguration()).withInput(key, NullWritable.get()).run();
 * }</pre>
 */
public final class MapDriver<KI, VI, KO, VO> {

  private final Mapper<KI, VI, KO, VO> mapper;
  private final Configuration conf;
  private final List<Map.Entry<KI, VI>> inputs = new ArrayList<>();

  private MapDriver(Mapper<KI, VI, KO, VO> mapper, Configuration conf) {
    this.mapper = mapper;
    this.conf = new Configuration(conf);
  }

  public static <KI, VI, KO, VO> MapDriver<KI, VI, KO, VO> of(
      Mapper<KI, VI, KO, VO> mapper, Configuration conf) {
    return new MapDriver<>(mapper, conf);
  }

  public MapDriver<KI, VI, KO, VO> withInput(KI key, VI value) {
    inputs.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
    return this;
  }

  public MapDriver<KI, VI, KO, VO> withInputs(Iterable<? extends Map.Entry<KI, VI>> pairs) {
    pairs.forEach(inputs::add);
    return this;
  }

  public TaskResult<KO, VO> run() throws IOException, InterruptedException {
    return run(0);
  }

  TaskResult<KO, VO> run(int taskIndex) throws IOException, InterruptedException {
    TaskAttemptContext attempt = HarnessSupport.attempt(conf, TaskType.MAP, taskIndex);
    FileOutputCommitter committer = HarnessSupport.committer(attempt);
    HarnessSupport.Reporter reporter = new HarnessSupport.Reporter();
    List<Map.Entry<KO, VO>> out = new ArrayList<>();
    InputSplit split = new FileSplit(new Path("harness-input"), 0, inputs.size(), new String[0]);
    MapContextImpl<KI, VI, KO, VO> context =
        new MapContextImpl<>(
            attempt.getConfiguration(),
            attempt.getTaskAttemptID(),
            new ListReader<>(inputs),
            new HarnessSupport.Collector<>(out, conf),
            committer,
            reporter,
            split);
    mapper.run(new WrappedMapper<KI, VI, KO, VO>().getMapContext(context));
    return new TaskResult<>(out, reporter.counters, conf, List.of(committer.getWorkPath()));
  }

  /** Feeds the given pairs, as a record reader over a split would. */
  private static final class ListReader<K, V> extends RecordReader<K, V> {
    private final List<Map.Entry<K, V>> pairs;
    private Iterator<Map.Entry<K, V>> it;
    private Map.Entry<K, V> current;
    private int read;

    ListReader(List<Map.Entry<K, V>> pairs) {
      this.pairs = pairs;
    }

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) {}

    @Override
    public boolean nextKeyValue() {
      if (it == null) {
        it = pairs.iterator();
      }
      if (!it.hasNext()) {
        return false;
      }
      current = it.next();
      read++;
      return true;
    }

    @Override
    public K getCurrentKey() {
      return current.getKey();
    }

    @Override
    public V getCurrentValue() {
      return current.getValue();
    }

    @Override
    public float getProgress() {
      return pairs.isEmpty() ? 1f : (float) read / pairs.size();
    }

    @Override
    public void close() {}
  }
}
