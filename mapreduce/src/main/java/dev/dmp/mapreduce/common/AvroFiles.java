package dev.dmp.mapreduce.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads the Avro datasets that drivers, task set-ups and benchmarks read outside a job. */
public final class AvroFiles {

  private AvroFiles() {}

  /** Every record of the visible Avro files directly below {@code dir}; none if it is absent. */
  public static <T> List<T> read(Configuration conf, Path dir, Class<T> type) throws IOException {
    List<T> out = new ArrayList<>();
    forEach(conf, dir, type, out::add);
    return out;
  }

  /**
   * Streams every record of the visible Avro files directly below {@code dir} (none if it is
   * absent) to {@code action}, one fresh record each.
   */
  public static <T> void forEach(Configuration conf, Path dir, Class<T> type, Consumer<T> action)
      throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      return;
    }
    for (FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (f.isFile() && name.endsWith(".avro") && !name.startsWith(".") && !name.startsWith("_")) {
        try (InputStream in = fs.open(f.getPath());
            DataFileStream<T> records = new DataFileStream<>(in, new SpecificDatumReader<>(type))) {
          records.forEach(action);
        }
      }
    }
  }

  /** Writes {@code records} as one snappy-compressed Avro file, replacing {@code file}. */
  public static <T extends SpecificRecord> void write(
      Configuration conf, Path file, List<T> records, org.apache.avro.Schema schema)
      throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    try (OutputStream out = fs.create(file, true);
        DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<>(schema))) {
      writer.setCodec(CodecFactory.snappyCodec());
      writer.create(schema, out);
      for (T record : records) {
        writer.append(record);
      }
    }
  }
}
