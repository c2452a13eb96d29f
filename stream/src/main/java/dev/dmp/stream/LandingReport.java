package dev.dmp.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.avro.RawRecord;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.PathGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code quality/dt=D/landing-HH.json}: per feed of the hour, the offsets read from each Kafka
 * partition and the records the committed files hold, and whether they reconcile. Written by the
 * stream job when an hour is due, read by {@code dmp stream status}.
 */
final class LandingReport {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Only the Kafka origin of a raw record: what reconciling needs, read without the bodies. */
  private static final Schema ORIGIN_ONLY =
      SchemaBuilder.record(RawRecord.SCHEMA$.getName())
          .namespace(RawRecord.SCHEMA$.getNamespace())
          .fields()
          .name("kafka")
          .type(RawRecord.SCHEMA$.getField("kafka").schema())
          .withDefault(null)
          .endRecord();

  private LandingReport() {}

  /** What the committed files of a raw partition hold. */
  record Landed(Map<String, long[]> partitions, long fromFiles, int files) {

    long records() {
      return partitions.values().stream().mapToLong(t -> t[0]).sum();
    }
  }

  /**
   * Reads the committed files of a raw partition (not Flink's hidden in-progress ones): per Kafka
   * partition, records and first and last offset; records that came from files are only counted.
   */
  static Landed landed(FileSystem fs, Path dir) throws IOException {
    Map<String, long[]> out = new TreeMap<>();
    long fromFiles = 0;
    int files = 0;
    if (!fs.exists(dir)) {
      return new Landed(out, 0, 0);
    }
    for (FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (!f.isFile() || name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      files++;
      try (InputStream in = fs.open(f.getPath());
          DataFileStream<GenericRecord> records =
              new DataFileStream<>(in, new GenericDatumReader<>(null, ORIGIN_ONLY))) {
        for (GenericRecord r : records) {
          GenericRecord kafka = (GenericRecord) r.get("kafka");
          if (kafka == null) {
            fromFiles++;
            continue;
          }
          long offset = (Long) kafka.get("offset");
          String partition = kafka.get("topic") + "-" + kafka.get("partition");
          long[] t = out.computeIfAbsent(partition, k -> new long[] {0, offset, offset});
          t[0]++;
          t[1] = Math.min(t[1], offset);
          t[2] = Math.max(t[2], offset);
        }
      }
    }
    return new Landed(out, fromFiles, files);
  }

  /** Whether the files hold exactly what was read: per partition, the records and offset range. */
  static boolean reconciles(HourDue due, Landed landed) {
    if (landed.partitions().size() != due.partitions.length) {
      return false;
    }
    for (int i = 0; i < due.partitions.length; i++) {
      long[] t = landed.partitions().get(due.partitions[i]);
      if (t == null
          || t[0] != due.records[i]
          || t[1] != due.firstOffsets[i]
          || t[2] != due.lastOffsets[i]) {
        return false;
      }
    }
    return true;
  }

  /** The feed's entry of the hour's report. */
  static ObjectNode entry(HourDue due, Landed landed, boolean reconciled) {
    ObjectNode feed = JSON.createObjectNode();
    feed.put("status", reconciled ? "flagged" : "unreconciled");
    feed.put("records_read", due.total());
    feed.put("records_written", landed.records());
    feed.put("records_from_files", landed.fromFiles());
    feed.put("files", landed.files());
    feed.put("reopened", due.reopened);
    feed.put("at", Instant.now().toString());
    ArrayNode parts = feed.putArray("partitions");
    for (int i = 0; i < due.partitions.length; i++) {
      long[] t = landed.partitions().getOrDefault(due.partitions[i], new long[] {0, -1, -1});
      parts
          .addObject()
          .put("partition", due.partitions[i])
          .put("first_offset", due.firstOffsets[i])
          .put("last_offset", due.lastOffsets[i])
          .put("records_read", due.records[i])
          .put("records_written", t[0]);
    }
    return feed;
  }

  /** The report file of the hour that starts at {@code start}. */
  static Path file(DmpPaths paths, long start) {
    RunDate date = new RunDate(Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).toLocalDate());
    int hour = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).getHour();
    return paths.report(date, String.format("landing-%02d", hour));
  }

  /** Puts one feed's entry into the hour's report, keeping the other feeds'. */
  static void put(Configuration conf, DmpPaths paths, HourDue due, ObjectNode entry)
      throws IOException {
    Path file = file(paths, due.start);
    FileSystem fs = file.getFileSystem(conf);
    ObjectNode report;
    if (fs.exists(file)) {
      try (InputStream in = fs.open(file)) {
        report = (ObjectNode) JSON.readTree(in);
      }
    } else {
      report = JSON.createObjectNode();
      report.put("hour_start", Instant.ofEpochMilli(due.start).toString());
      report.putObject("feeds");
    }
    ((ObjectNode) report.get("feeds")).set(due.feed, entry);
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      JSON.writeValue(out, report);
    }
    PathGuard guard = PathGuard.of(conf);
    guard.delete(file, false);
    if (!guard.rename(tmp, file)) {
      throw new IOException("could not rename " + tmp + " to " + file);
    }
  }
}
