package dev.dmp.mapreduce.testing;

import dev.dmp.mapreduce.common.DmpSpecificData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.mapred.AvroWrapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.StatusReporter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/** What the drivers share: counters, a task attempt with a real output committer, copying. */
final class HarnessSupport {

  private HarnessSupport() {}

  /** Counters of a harness run. */
  static final class Reporter extends StatusReporter {
    final Counters counters = new Counters();

    @Override
    public Counter getCounter(Enum<?> name) {
      return counters.findCounter(name);
    }

    @Override
    public Counter getCounter(String group, String name) {
      return counters.findCounter(group, name);
    }

    @Override
    public void progress() {}

    @Override
    public float getProgress() {
      return 0;
    }

    @Override
    public void setStatus(String status) {}
  }

  /** Collects main-output pairs as copies, since tasks reuse their key and value objects. */
  static final class Collector<K, V> extends RecordWriter<K, V> {
    final List<Map.Entry<K, V>> pairs;
    final Configuration conf;

    Collector(List<Map.Entry<K, V>> pairs, Configuration conf) {
      this.pairs = pairs;
      this.conf = conf;
    }

    @Override
    public void write(K key, V value) {
      pairs.add(new AbstractMap.SimpleImmutableEntry<>(copy(key, conf), copy(value, conf)));
    }

    @Override
    public void close(TaskAttemptContext context) {}
  }

  /** A task attempt whose job output directory is a fresh temporary directory. */
  static TaskAttemptContext attempt(Configuration conf, TaskType type, int partition)
      throws IOException {
    if (conf.get(FileOutputFormat.OUTDIR) == null) {
      conf.set(
          FileOutputFormat.OUTDIR,
          new Path(Files.createTempDirectory("harness-out").toUri()).toString());
    }
    TaskAttemptID id = new TaskAttemptID("harness", 1, type, partition, 0);
    return new TaskAttemptContextImpl(conf, id);
  }

  static FileOutputCommitter committer(TaskAttemptContext attempt) throws IOException {
    return new FileOutputCommitter(FileOutputFormat.getOutputPath(attempt), attempt);
  }

  /**
   * A deep copy of a Writable, an Avro wrapper, an Avro record or a byte buffer; other values as
   * they are.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T> T copy(T value, Configuration conf) {
    if (value instanceof NullWritable) {
      return value;
    }
    if (value instanceof AvroWrapper<?> w) {
      try {
        AvroWrapper copy = (AvroWrapper) value.getClass().getDeclaredConstructor().newInstance();
        copy.datum(deepCopy(w.datum()));
        return (T) copy;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    if (value instanceof Writable w) {
      return (T) WritableUtils.clone(w, conf);
    }
    if (value instanceof java.nio.ByteBuffer b) {
      // Encoded records (EncodedAvroOutputFormat), often a view of a reused value's bytes.
      java.nio.ByteBuffer copy = java.nio.ByteBuffer.allocate(b.remaining());
      copy.put(b.duplicate()).flip();
      return (T) copy;
    }
    return deepCopy(value);
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T datum) {
    if (datum instanceof GenericContainer c) {
      return (T) DmpSpecificData.get().deepCopy(c.getSchema(), datum);
    }
    return datum;
  }
}
