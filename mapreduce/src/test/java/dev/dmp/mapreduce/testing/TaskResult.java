package dev.dmp.mapreduce.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.mapreduce.Counters;

/**
 * What a driver run produced: the main output pairs (copies, in emit order), the counters, and the
 * Avro files that named outputs wrote into the task's work directory.
 */
public final class TaskResult<K, V> {

  private final List<Map.Entry<K, V>> outputs;
  private final Counters counters;
  private final Configuration conf;
  private final List<Path> workDirs;

  TaskResult(
      List<Map.Entry<K, V>> outputs, Counters counters, Configuration conf, List<Path> workDirs) {
    this.outputs = outputs;
    this.counters = counters;
    this.conf = conf;
    this.workDirs = workDirs;
  }

  public List<Map.Entry<K, V>> outputs() {
    return outputs;
  }

  public List<K> keys() {
    return outputs.stream().map(Map.Entry::getKey).toList();
  }

  public Counters counters() {
    return counters;
  }

  public long counter(Enum<?> counter) {
    return counters.findCounter(counter).getValue();
  }

  public long counter(String group, String name) {
    return counters.findCounter(group, name).getValue();
  }

  /**
   * The records a named output wrote with base path {@code name/...} or {@code name-...}, read back
   * with the specific reader of {@code type}.
   */
  public <T> List<T> namedOutput(String name, Class<T> type) throws IOException {
    List<T> records = new ArrayList<>();
    for (Path dir : workDirs) {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        continue;
      }
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
      List<Path> matching = new ArrayList<>();
      while (files.hasNext()) {
        Path p = files.next().getPath();
        String rel = dir.toUri().relativize(p.toUri()).getPath();
        if ((rel.startsWith(name + "/") || rel.startsWith(name + "-")) && rel.endsWith(".avro")) {
          matching.add(p);
        }
      }
      matching.sort(null);
      for (Path p : matching) {
        DatumReader<T> reader = new SpecificDatumReader<>(type);
        try (DataFileReader<T> in = new DataFileReader<>(new FsInput(p, conf), reader)) {
          in.forEach(records::add);
        }
      }
    }
    return records;
  }
}
