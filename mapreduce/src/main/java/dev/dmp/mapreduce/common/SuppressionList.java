package dev.dmp.mapreduce.common;

import dev.dmp.avro.SuppressedId;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The identifiers whose owners opted out or were forgotten, as canonical {@code type:value}
 * strings. Held in memory by each clean task: one entry costs about 150 bytes, so a million
 * suppressed identifiers fit in 150 MB of task heap.
 */
public final class SuppressionList {

  private final Set<String> ids;

  public SuppressionList(Set<String> ids) {
    this.ids = Set.copyOf(ids);
  }

  /** Reads every Avro file below {@code dir}; an absent directory is an empty list. */
  public static SuppressionList load(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    Set<String> ids = new HashSet<>();
    if (fs.exists(dir)) {
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        if (!f.isFile() || name.startsWith(".") || name.startsWith("_")) {
          continue;
        }
        try (FSDataInputStream in = fs.open(f.getPath());
            DataFileStream<SuppressedId> records =
                new DataFileStream<>(in, new SpecificDatumReader<>(SuppressedId.class))) {
          for (SuppressedId s : records) {
            ids.add(s.getId());
          }
        }
      }
    }
    return new SuppressionList(ids);
  }

  public boolean contains(String typeColonValue) {
    return ids.contains(typeColonValue);
  }

  public int size() {
    return ids.size();
  }
}
