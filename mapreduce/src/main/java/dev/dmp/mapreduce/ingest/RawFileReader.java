package dev.dmp.mapreduce.ingest;

import dev.dmp.avro.RawEvent;
import dev.dmp.avro.RawFormat;
import dev.dmp.avro.RawRecord;
import dev.dmp.core.DmpException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads one input file into raw records, losing nothing: every non-blank line of a JSON ByteLines
 * file (plain or gzip) becomes a record holding its exact bytes, valid JSON or not; every record of
 * an Avro file in the raw event schema becomes a record holding it. What cannot be read (a
 * truncated gzip stream, a corrupt Avro block) becomes an {@link RawFormat#UNREADABLE} record with
 * the bytes and the problem, so that {@code clean} quarantines it with a reason. The format is told
 * by the file's first bytes, not its name.
 */
public final class RawFileReader {

  /** Receives the records of a file in order. */
  @FunctionalInterface
  public interface Sink {
    void accept(RawRecord record) throws IOException;
  }

  /** What reading one file found. */
  public record Summary(String format, long records, long unreadable, List<String> problems) {}

  private static final byte[] AVRO_MAGIC = {'O', 'b', 'j', 1};
  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private final Configuration conf;
  private final int maxRecordBytes;

  /**
   * @param maxRecordBytes records longer than this are kept cut to this length, with their original
   *     length, so that a runaway line cannot exhaust memory
   */
  public RawFileReader(Configuration conf, int maxRecordBytes) {
    this.conf = conf;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Reads {@code file}, naming it {@code originName} in the records. */
  public Summary read(Path file, String originName, String feed, long receivedAt, Sink sink)
      throws IOException, DmpException {
    FileSystem fs = file.getFileSystem(conf);
    byte[] head = new byte[4];
    int n;
    try (FSDataInputStream in = fs.open(file)) {
      n = in.read(head);
    }
    if (n == 4 && Arrays.equals(head, AVRO_MAGIC)) {
      return readAvro(file, originName, feed, receivedAt, sink);
    }
    boolean gzip = n >= 2 && (head[0] & 0xff) == GZIP_MAGIC_1 && (head[1] & 0xff) == GZIP_MAGIC_2;
    try (FSDataInputStream raw = fs.open(file)) {
      InputStream in = raw;
      if (gzip) {
        try {
          in = new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
          // A gzip header that does not even decode: the whole file is one unreadable record.
          RawRecord r = record(feed, originName, receivedAt, 0, 1, RawFormat.UNREADABLE);
          r.setBody(ByteBuffer.allocate(0));
          r.setOriginalLength(fs.getFileStatus(file).getLen());
          r.setProblem("not a readable gzip stream: " + e.getMessage());
          sink.accept(r);
          return new Summary("gzip", 1, 1, List.of(r.getProblem()));
        }
      }
      return readLines(
          in, gzip ? "json-lines+gzip" : "json-lines", originName, feed, receivedAt, sink);
    }
  }

  private Summary readLines(
      InputStream in, String format, String originName, String feed, long receivedAt, Sink sink)
      throws IOException {
    ByteLines lines = new ByteLines(in, maxRecordBytes);
    long records = 0;
    long unreadable = 0;
    long lineNo = 0;
    List<String> problems = new ArrayList<>();
    while (lines.next()) {
      lineNo++;
      if (lines.blank && lines.problem == null) {
        continue; // blank lines are not records
      }
      records++;
      sink.accept(
          lineRecord(
              feed,
              originName,
              receivedAt,
              lines.start,
              lineNo,
              lines.line,
              lines.kept,
              lines.length,
              lines.problem));
      if (lines.problem != null) {
        problems.add(lines.problem);
        unreadable++;
        break;
      }
    }
    return new Summary(format, records, unreadable, problems);
  }

  private static RawRecord lineRecord(
      String feed,
      String originName,
      long receivedAt,
      long offset,
      long lineNo,
      byte[] buf,
      int kept,
      long length,
      String problem) {
    RawRecord r =
        record(
            feed,
            originName,
            receivedAt,
            offset,
            lineNo,
            problem == null ? RawFormat.JSON : RawFormat.UNREADABLE);
    r.setBody(ByteBuffer.wrap(Arrays.copyOf(buf, kept)));
    r.setOriginalLength(length);
    r.setProblem(problem);
    return r;
  }

  private Summary readAvro(Path file, String originName, String feed, long receivedAt, Sink sink)
      throws IOException, DmpException {
    SpecificDatumReader<RawEvent> datumReader = new SpecificDatumReader<>(RawEvent.class);
    long fileLength = file.getFileSystem(conf).getFileStatus(file).getLen();
    long records = 0;
    long unreadable = 0;
    List<String> problems = new ArrayList<>();
    DataFileReader<RawEvent> opened;
    FsInput input = new FsInput(file, conf);
    try {
      opened = new DataFileReader<>(input, datumReader);
    } catch (IOException | RuntimeException e) {
      // Avro's own reader fails in many ways on a corrupt header (a NullPointerException for a
      // header without a schema, found by fuzzing): every one makes the file unreadable.
      input.close();
      // An Avro header that does not even decode: the whole file is one unreadable record.
      RawRecord r = record(feed, originName, receivedAt, 0, 1, RawFormat.UNREADABLE);
      r.setBody(ByteBuffer.wrap(bytes(file, 0, fileLength)));
      r.setOriginalLength(fileLength);
      r.setProblem("not a readable Avro file: " + e);
      sink.accept(r);
      return new Summary("avro", 1, 1, List.of(r.getProblem()));
    }
    try (input;
        DataFileReader<RawEvent> reader = opened) {
      var compatibility =
          SchemaCompatibility.checkReaderWriterCompatibility(
              RawEvent.getClassSchema(), reader.getSchema());
      if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        var first = compatibility.getResult().getIncompatibilities().get(0);
        throw new DmpException(
            originName
                + ": the Avro schema "
                + reader.getSchema().getFullName()
                + " cannot be read as the raw event schema ("
                + first.getMessage()
                + " at "
                + first.getLocation()
                + ")");
      }
      while (true) {
        long blockStart = reader.previousSync();
        try {
          if (!reader.hasNext()) {
            break;
          }
          RawEvent event = reader.next();
          records++;
          RawRecord r =
              record(feed, originName, receivedAt, reader.previousSync(), records, RawFormat.AVRO);
          r.setBody(ByteBuffer.allocate(0));
          r.setOriginalLength(0L);
          r.setEvent(event);
          sink.accept(r);
        } catch (IOException | RuntimeException e) {
          long corruptStart = Math.max(blockStart, reader.previousSync());
          reader.sync(corruptStart);
          long next = reader.hasNext() ? reader.previousSync() : fileLength;
          if (next <= corruptStart) {
            next = fileLength;
          }
          String problem =
              "corrupt Avro block at byte "
                  + corruptStart
                  + " ("
                  + (next - corruptStart)
                  + " bytes): "
                  + e.getMessage();
          problems.add(problem);
          unreadable++;
          records++;
          RawRecord r =
              record(feed, originName, receivedAt, corruptStart, records, RawFormat.UNREADABLE);
          r.setBody(ByteBuffer.wrap(bytes(file, corruptStart, next - corruptStart)));
          r.setOriginalLength(next - corruptStart);
          r.setProblem(problem);
          sink.accept(r);
          if (next >= fileLength) {
            break;
          }
        }
      }
    }
    return new Summary("avro", records, unreadable, problems);
  }

  private byte[] bytes(Path file, long start, long length) throws IOException {
    byte[] b = new byte[(int) Math.min(length, maxRecordBytes)];
    try (FSDataInputStream in = file.getFileSystem(conf).open(file)) {
      in.readFully(start, b);
    }
    return b;
  }

  private static RawRecord record(
      String feed, String originName, long receivedAt, long offset, long lineNo, RawFormat format) {
    RawRecord r = new RawRecord();
    r.setFeed(feed);
    r.setOriginFile(originName);
    r.setOriginOffset(offset);
    r.setOriginLine(lineNo);
    r.setReceivedAt(receivedAt);
    r.setFormat(format);
    return r;
  }
}
