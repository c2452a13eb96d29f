package dev.dmp.mapreduce.ingest;

import dev.dmp.avro.RawRecord;
import dev.dmp.core.DmpException;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.PathGuard;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lands one input file in a raw partition as {@code <content-hash>.avro}: written under a hidden
 * temporary name, then renamed, so a partition never shows half a file. A file whose content is
 * already anywhere in the day's raw zone is skipped, which makes ingest idempotent whatever the
 * file is called.
 */
public final class RawFileIngester {

  /** What became of one input file. */
  public record Outcome(
      Path input,
      Path output,
      boolean alreadyIngested,
      long bytes,
      RawFileReader.Summary summary) {}

  private final Configuration conf;
  private final RawFileReader reader;

  public RawFileIngester(Configuration conf, int maxRecordBytes) {
    this.conf = conf;
    this.reader = new RawFileReader(conf, maxRecordBytes);
  }

  /**
   * Ingests {@code input} into {@code partition} (a directory below {@code day}).
   *
   * @param receivedAt the ingest time recorded in every record, epoch millis
   */
  public Outcome ingest(Path input, Path day, Path partition, String feed, long receivedAt)
      throws IOException, DmpException {
    FileSystem in = input.getFileSystem(conf);
    FileSystem out = partition.getFileSystem(conf);
    long bytes = in.getFileStatus(input).getLen();
    String name = contentHash(in, input) + ".avro";
    Path existing = find(out, day, name);
    if (existing != null) {
      return new Outcome(input, existing, true, bytes, null);
    }
    PathGuard guard = PathGuard.of(conf);
    out.mkdirs(partition);
    Path tmp = new Path(partition, ".ingest-" + UUID.randomUUID() + ".tmp");
    Path target = new Path(partition, name);
    RawFileReader.Summary summary;
    try (FSDataOutputStream stream = out.create(tmp, false);
        DataFileWriter<RawRecord> writer =
            new DataFileWriter<>(new SpecificDatumWriter<>(RawRecord.class))) {
      writer.setCodec(CodecFactory.deflateCodec(1));
      writer.create(RawRecord.getClassSchema(), stream);
      summary = reader.read(input, input.getName(), feed, receivedAt, writer::append);
    } catch (IOException | DmpException | RuntimeException | FSError e) {
      guard.delete(tmp, false);
      if (e instanceof DmpException) {
        throw (DmpException) e;
      }
      throw new DmpException("cannot ingest " + input + ": " + DmpTool.oneLine(e), e);
    }
    if (!guard.rename(tmp, target)) {
      // Another attempt landed the same content first (speculative task, concurrent ingest).
      guard.delete(tmp, false);
      if (!out.exists(target)) {
        throw new IOException("cannot move " + tmp + " to " + target);
      }
      return new Outcome(input, target, true, bytes, null);
    }
    return new Outcome(input, target, false, bytes, summary);
  }

  /** The first 32 hex digits of the SHA-256 of the file's bytes. */
  static String contentHash(FileSystem fs, Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = fs.open(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest()).substring(0, 32);
  }

  /**
   * The file called {@code name} in the day's partitions, if any. Walks with {@code listStatus},
   * which skips entries that vanish while it lists: other tasks of the same ingest rename their
   * temporary files meanwhile, and {@code listFiles} on the local file system failed when one went
   * between the listing and the look at its permissions (seen at 8M events).
   */
  private static Path find(FileSystem fs, Path dir, String name) throws IOException {
    FileStatus[] entries;
    try {
      entries = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return null;
    }
    for (FileStatus entry : entries) {
      String entryName = entry.getPath().getName();
      if (entryName.startsWith(".") || entryName.startsWith("_")) {
        continue; // in-flight temporary files, markers
      }
      if (entry.isDirectory()) {
        Path found = find(fs, entry.getPath(), name);
        if (found != null) {
          return found;
        }
      } else if (entryName.equals(name)) {
        return entry.getPath();
      }
    }
    return null;
  }

  /** Input files of {@code path}: the file itself, or the visible files below a directory. */
  public static List<Path> expand(Configuration conf, Path path) throws IOException, DmpException {
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      throw new DmpException("input " + path + " does not exist");
    }
    if (fs.getFileStatus(path).isFile()) {
      return List.of(path);
    }
    List<Path> files = new java.util.ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
    while (it.hasNext()) {
      Path p = it.next().getPath();
      if (!p.getName().startsWith(".") && !p.getName().startsWith("_")) {
        files.add(p);
      }
    }
    files.sort(null);
    return files;
  }
}
