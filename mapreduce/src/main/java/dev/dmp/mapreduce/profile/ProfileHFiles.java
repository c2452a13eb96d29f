package dev.dmp.mapreduce.profile;

import dev.dmp.avro.Profile;
import dev.dmp.hbase.CellVersion;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.ProfileCells;
import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.common.TaskHFileMetrics;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.CellComparator;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.hfile.CacheConfig;
import org.apache.hadoop.hbase.io.hfile.HFileContext;
import org.apache.hadoop.hbase.io.hfile.HFileContextBuilder;
import org.apache.hadoop.hbase.regionserver.HStoreFile;
import org.apache.hadoop.hbase.regionserver.StoreFileWriter;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The {@code dmp:profile} cells of the day's people, written by the profile job's reducers as
 * HFiles (its shuffle key is the table's row key, so each reducer sees its people in the table's
 * order), for the load to hand to the region servers as they are: the largest table never goes
 * through the load's own shuffle. A reducer writes one file per family and salt bucket (a bucket is
 * a region of the pre-split table), with the families' settings of the table's contract ({@link
 * TableCreator#descriptors}) and the metadata HBase's own HFile writer adds for a bulk load.
 *
 * <p>A day's files sit in {@code profile-hfiles/dt=D/<family>/} with a {@value #INFO} file that
 * says for how many salt buckets they were written and how many cells and people they hold. They
 * are a shortcut, never the only copy: the load writes the profile table's cells itself from the
 * profiles whenever they are missing or were written for other buckets, and a purge deletes them.
 */
public final class ProfileHFiles implements Closeable {

  /** The file of a day's profile HFiles that says what they were written for. */
  public static final String INFO = "_profile_hfiles";

  /** The subdirectory of the profile job's output its reducers write the HFiles in. */
  static final String SUBDIR = "hfiles";

  private final Configuration conf;
  private final FileSystem fs;
  private final Path dir;
  private final long ts;
  private final Map<String, HFileContext> contexts = new LinkedHashMap<>();
  private final Map<String, StoreFileWriter> writers = new LinkedHashMap<>();
  private final List<KeyValue> row = new ArrayList<>();
  private final String task;
  private String bucket;
  private long cells;

  /**
   * @param dir where the family directories go (the task's work directory's {@value #SUBDIR})
   * @param task the task attempt, recorded in each file as HBase's writer does
   */
  ProfileHFiles(Configuration conf, Path dir, LocalDate day, String task) throws IOException {
    this.conf = conf;
    this.fs = dir.getFileSystem(conf);
    this.dir = dir;
    this.ts = CellVersion.of(day);
    this.task = task;
    TaskHFileMetrics.recordNothing();
    int buckets = TableCreator.saltBuckets(conf);
    Compression.Algorithm compression =
        Compression.getCompressionAlgorithmByName(
            conf.get(TableCreator.COMPRESSION, TableCreator.DEFAULT_COMPRESSION));
    TableDescriptor table =
        TableCreator.descriptors(buckets, compression).stream()
            .filter(d -> d.getTableName().equals(DmpTables.Profile.NAME))
            .findFirst()
            .orElseThrow();
    for (ColumnFamilyDescriptor f : table.getColumnFamilies()) {
      contexts.put(f.getNameAsString(), context(table.getTableName(), f));
    }
  }

  private static HFileContext context(TableName table, ColumnFamilyDescriptor f) {
    return new HFileContextBuilder()
        .withCompression(f.getCompressionType())
        .withDataBlockEncoding(f.getDataBlockEncoding())
        .withBlockSize(f.getBlocksize())
        .withColumnFamily(f.getName())
        .withTableName(table.getName())
        .withIncludesTags(true)
        .build();
  }

  /**
   * Writes person {@code p}'s cells under {@code rowKey} ({@code <salt>:<OneID>}); rows come in the
   * table's order.
   */
  void write(String rowKey, Profile p) throws IOException {
    String salt = rowKey.substring(0, rowKey.indexOf(':'));
    if (!salt.equals(bucket)) {
      closeWriters();
      bucket = salt;
    }
    row.clear();
    ProfileCells.encode(p, Bytes.toBytes(rowKey), ts, row::add);
    row.sort(CellComparator.getInstance());
    byte[] family = null;
    StoreFileWriter w = null;
    for (KeyValue kv : row) {
      if (family == null || !CellUtil.matchingFamily(kv, family)) {
        family = CellUtil.cloneFamily(kv);
        w = writer(Bytes.toString(family));
      }
      w.append(kv);
    }
    cells += row.size();
  }

  /** The cells written so far. */
  long cells() {
    return cells;
  }

  private StoreFileWriter writer(String family) throws IOException {
    StoreFileWriter w = writers.get(family);
    if (w == null) {
      HFileContext context = contexts.get(family);
      if (context == null) {
        throw new IOException("dmp:profile has no family " + family + " in its contract");
      }
      w =
          new StoreFileWriter.Builder(conf, CacheConfig.DISABLED, fs)
              .withOutputDir(new Path(dir, family))
              .withBloomType(org.apache.hadoop.hbase.regionserver.BloomType.ROW)
              .withFileContext(context)
              .build();
      writers.put(family, w);
    }
    return w;
  }

  private void closeWriters() throws IOException {
    // Taken out first: a writer that failed to close is not closed again by the task's cleanup,
    // whose error would hide the first one.
    List<StoreFileWriter> open = new ArrayList<>(writers.values());
    writers.clear();
    for (StoreFileWriter w : open) {
      // What HBase's HFileOutputFormat2 records in a file meant for a bulk load.
      w.appendFileInfo(HStoreFile.BULKLOAD_TIME_KEY, Bytes.toBytes(System.currentTimeMillis()));
      w.appendFileInfo(HStoreFile.BULKLOAD_TASK_KEY, Bytes.toBytes(task));
      w.appendFileInfo(HStoreFile.MAJOR_COMPACTION_KEY, Bytes.toBytes(true));
      w.appendFileInfo(HStoreFile.EXCLUDE_FROM_MINOR_COMPACTION_KEY, Bytes.toBytes(false));
      w.appendTrackedTimestampsToMetadata();
      w.close();
    }
  }

  @Override
  public void close() throws IOException {
    closeWriters();
  }

  /** What a day's profile HFiles were written for, and hold. */
  public record Info(int saltBuckets, long cells, long people) {

    public void write(FileSystem fs, Path dayDir) throws IOException {
      Properties p = new Properties();
      p.setProperty("salt.buckets", Integer.toString(saltBuckets));
      p.setProperty("cells", Long.toString(cells));
      p.setProperty("people", Long.toString(people));
      try (FSDataOutputStream out = fs.create(new Path(dayDir, INFO), true)) {
        p.store(out, "dmp:profile HFiles of the day, written by the profile stage");
      }
    }

    /** The info of a day's profile HFiles, or null if there are none. */
    public static Info read(FileSystem fs, Path dayDir) throws IOException {
      Path file = new Path(dayDir, INFO);
      if (!fs.exists(file)) {
        return null;
      }
      Properties p = new Properties();
      try (FSDataInputStream in = fs.open(file)) {
        p.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
      }
      try {
        return new Info(
            Integer.parseInt(p.getProperty("salt.buckets")),
            Long.parseLong(p.getProperty("cells")),
            Long.parseLong(p.getProperty("people")));
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
