package dev.dmp.mapreduce.erasure;

import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.mapreduce.common.PathGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Rewrites one Avro file of a dataset without the erased people's records: the kept records go to a
 * hidden file beside it, with the same schema and codec, which then replaces the original in one
 * rename. A file with nothing of theirs is left untouched, so a retried task finds nothing more to
 * do. Counts what it read, removed and scrubbed, by dataset, and writes out the identifiers of the
 * original records it removed, which may be more of the person than anyone knew.
 */
public class PurgeMapper extends Mapper<Text, NullWritable, Text, NullWritable> {

  /** Counter groups: records removed and files rewritten, by dataset ({@code raw}, ...). */
  static final String REMOVED = "dmp.purge.removed";

  static final String REWRITTEN = "dmp.purge.rewritten";
  static final String SCRUBBED = "dmp.purge.scrubbed";

  /** Counters of the whole purge. */
  enum Counter {
    FILES,
    RECORDS
  }

  private PersonMatcher matcher;
  private Path base;

  @Override
  protected void setup(Context context) throws IOException {
    Configuration conf = context.getConfiguration();
    Set<String> identifiers = new HashSet<>();
    Set<String> oneIds = new HashSet<>();
    Path people = new Path(conf.get(Purge.PEOPLE_FILE));
    try (java.io.BufferedReader r =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                people.getFileSystem(conf).open(people),
                java.nio.charset.StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("id ")) {
          identifiers.add(line.substring(3));
        } else if (line.startsWith("oneid ")) {
          oneIds.add(line.substring(6));
        }
      }
    }
    matcher = new PersonMatcher(identifiers, oneIds, IdentifierNormalizer.fromSettings(conf::get));
    base = new Path(conf.get(Purge.BASE));
  }

  @Override
  protected void map(Text key, NullWritable none, Context context)
      throws IOException, InterruptedException {
    Path file = new Path(key.toString());
    Configuration conf = context.getConfiguration();
    FileSystem fs = file.getFileSystem(conf);
    PathGuard guard = new PathGuard(fs, base);
    guard.checked(file);
    String dataset = Purge.dataset(base, file);
    Path tmp = guard.checked(new Path(file.getParent(), "." + file.getName() + ".purge"));
    long removed = 0;
    long scrubbed = 0;
    long read = 0;
    Set<String> linked = new java.util.TreeSet<>();
    try (InputStream in = fs.open(file);
        DataFileStream<GenericRecord> records =
            new DataFileStream<>(in, new GenericDatumReader<>());
        OutputStream out = fs.create(tmp, true);
        DataFileWriter<GenericRecord> writer =
            new DataFileWriter<>(new GenericDatumWriter<>(records.getSchema()))) {
      String codec = records.getMetaString(DataFileConstants.CODEC);
      writer.setCodec(codec == null ? CodecFactory.nullCodec() : CodecFactory.fromString(codec));
      writer.create(records.getSchema(), out);
      GenericRecord record = null;
      while (records.hasNext()) {
        record = records.next(record);
        read++;
        switch (matcher.judge(record, linked)) {
          case DROP -> removed++;
          case SCRUBBED -> {
            scrubbed++;
            writer.append(record);
          }
          case KEEP -> writer.append(record);
        }
        context.progress();
      }
    }
    for (String id : linked) {
      context.write(new Text(id), NullWritable.get());
    }
    context.getCounter(Counter.FILES).increment(1);
    context.getCounter(Counter.RECORDS).increment(read);
    if (removed == 0 && scrubbed == 0) {
      guard.delete(tmp, false);
      return;
    }
    replace(fs, tmp, file, conf);
    context.getCounter(REMOVED, dataset).increment(removed);
    context.getCounter(SCRUBBED, dataset).increment(scrubbed);
    context.getCounter(REWRITTEN, dataset).increment(1);
  }

  /**
   * Puts {@code tmp} in the place of {@code file} in one rename. On the local file system the
   * rename carries tmp's checksum file along; but where tmp has none (once an embedded HBase has
   * started in the JVM, the shared local file system writes no checksum files) the replaced file's
   * checksum would stay beside the new bytes and fail every later reader. So it goes first: a crash
   * in between leaves the old file without a checksum, which reads as well.
   */
  static void replace(FileSystem fs, Path tmp, Path file, Configuration conf) throws IOException {
    if (fs instanceof ChecksumFileSystem local) {
      local.getRawFileSystem().delete(local.getChecksumFile(file), false);
    }
    FileContext.getFileContext(file.toUri(), conf).rename(tmp, file, Options.Rename.OVERWRITE);
  }
}
