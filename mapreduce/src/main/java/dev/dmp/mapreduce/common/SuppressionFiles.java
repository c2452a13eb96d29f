package dev.dmp.mapreduce.common;

import dev.dmp.avro.SuppressedId;
import dev.dmp.core.SuppressionList;
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

/** The suppression list as kept in HDFS: Avro files of {@code SuppressedId}. */
public final class SuppressionFiles {

  private SuppressionFiles() {}

  /** Reads every Avro file below {@code dir}; an absent directory is an empty list. */
  public static SuppressionList read(Configuration conf, Path dir) throws IOException {
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
}
