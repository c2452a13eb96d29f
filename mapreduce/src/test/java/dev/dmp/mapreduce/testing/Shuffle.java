package dev.dmp.mapreduce.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.RawComparator;
import org.apache.hadoop.io.serializer.SerializationFactory;
import org.apache.hadoop.io.serializer.Serializer;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RawKeyValueIterator;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.util.Progress;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * The shuffle as the framework does it: map output serialized with the job's serializations,
 * assigned to reducers by the job's partitioner, sorted on the serialized bytes by the job's sort
 * comparator (stable, as the merge is for equal keys of one map).
 */
final class Shuffle {

  /** One serialized pair. */
  record Bytes(byte[] key, byte[] value) {}

  private final JobContext job;

  Shuffle(Configuration conf) {
    this.job = new JobContextImpl(new JobConf(conf), new JobID("harness", 1));
  }

  JobContext job() {
    return job;
  }

  int reducers() {
    return Math.max(1, job.getNumReduceTasks());
  }

  /** The sorted input of every reducer, by partition. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  <K, V> List<List<Bytes>> partitionAndSort(List<? extends Map.Entry<K, V>> pairs)
      throws IOException {
    int n = reducers();
    Partitioner<K, V> partitioner;
    try {
      partitioner =
          (Partitioner<K, V>)
              ReflectionUtils.newInstance(job.getPartitionerClass(), job.getConfiguration());
    } catch (ClassNotFoundException e) {
      throw new IOException(e);
    }
    SerializationFactory factory = new SerializationFactory(job.getConfiguration());
    Serializer keys = factory.getSerializer(job.getMapOutputKeyClass());
    Serializer values = factory.getSerializer(job.getMapOutputValueClass());
    DataOutputBuffer buffer = new DataOutputBuffer();
    keys.open(buffer);
    values.open(buffer);
    List<List<Bytes>> partitions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      partitions.add(new ArrayList<>());
    }
    for (Map.Entry<K, V> pair : pairs) {
      int p = partitioner.getPartition(pair.getKey(), pair.getValue(), n);
      if (p < 0 || p >= n) {
        throw new IllegalStateException("partitioner returned " + p + " for " + n + " reducers");
      }
      buffer.reset();
      keys.serialize(pair.getKey());
      byte[] k = java.util.Arrays.copyOf(buffer.getData(), buffer.getLength());
      buffer.reset();
      values.serialize(pair.getValue());
      byte[] v = java.util.Arrays.copyOf(buffer.getData(), buffer.getLength());
      partitions.get(p).add(new Bytes(k, v));
    }
    RawComparator<Object> sort = (RawComparator<Object>) job.getSortComparator();
    for (List<Bytes> part : partitions) {
      part.sort((a, b) -> sort.compare(a.key, 0, a.key.length, b.key, 0, b.key.length));
    }
    return partitions;
  }

  /** Feeds serialized pairs to a reduce context. */
  static RawKeyValueIterator iterator(List<Bytes> pairs) {
    return new RawKeyValueIterator() {
      private final DataInputBuffer key = new DataInputBuffer();
      private final DataInputBuffer value = new DataInputBuffer();
      private int i = -1;

      @Override
      public DataInputBuffer getKey() {
        return key;
      }

      @Override
      public DataInputBuffer getValue() {
        return value;
      }

      @Override
      public boolean next() {
        if (++i >= pairs.size()) {
          return false;
        }
        Bytes b = pairs.get(i);
        key.reset(b.key, b.key.length);
        value.reset(b.value, b.value.length);
        return true;
      }

      @Override
      public void close() {}

      @Override
      public Progress getProgress() {
        return new Progress();
      }
    };
  }
}
