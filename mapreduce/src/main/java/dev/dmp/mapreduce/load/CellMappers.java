package dev.dmp.mapreduce.load;

import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.Profile;
import dev.dmp.avro.ReportRow;
import dev.dmp.avro.SuppressedId;
import dev.dmp.hbase.CellVersion;
import dev.dmp.hbase.TableCells;
import dev.dmp.mapreduce.common.AvroFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.io.ImmutableBytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * The mappers of the load jobs: each turns a dataset's records into the cells of the job's table
 * ({@link TableCells}), keyed by row for HBase's {@code CellSortReducer}.
 */
final class CellMappers {

  private CellMappers() {}

  /** What every cell mapper shares: the table, the day's timestamps, and the writing. */
  abstract static class Base<T>
      extends Mapper<AvroKey<T>, NullWritable, ImmutableBytesWritable, KeyValue> {
    protected TableName table;
    protected int saltBuckets;
    protected long ts;
    protected long deleteTs;
    private Context context;
    private final ImmutableBytesWritable row = new ImmutableBytesWritable();
    protected final Consumer<KeyValue> sink = this::write;

    @Override
    protected void setup(Context context) {
      Configuration conf = context.getConfiguration();
      this.context = context;
      table = TableName.valueOf(conf.get(LoadJob.TABLE));
      saltBuckets = conf.getInt(LoadJob.SALT_BUCKETS_USED, 0);
      LocalDate day = LocalDate.parse(conf.get(LoadJob.DATE));
      ts = CellVersion.of(day);
      deleteTs = CellVersion.deleteBefore(day);
    }

    private void write(KeyValue kv) {
      row.set(kv.getRowArray(), kv.getRowOffset(), kv.getRowLength());
      context
          .getCounter(CellUtil.isDelete(kv) ? LoadCounters.DELETE_MARKERS : LoadCounters.CELLS)
          .increment(1);
      try {
        context.write(row, kv);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** The day's profiles: their cells. */
  static class CurrentProfiles extends Base<Profile> {
    @Override
    protected void map(AvroKey<Profile> key, NullWritable value, Context context) {
      context.getCounter(LoadCounters.PROFILES).increment(1);
      TableCells.puts(table, key.datum(), saltBuckets, ts, sink);
    }
  }

  /** The previous snapshot's profiles: delete markers for every row they occupied. */
  static class PreviousProfiles extends Base<Profile> {
    @Override
    protected void map(AvroKey<Profile> key, NullWritable value, Context context) {
      context.getCounter(LoadCounters.PREVIOUS_PROFILES).increment(1);
      TableCells.deletes(table, key.datum(), saltBuckets, deleteTs, sink);
    }
  }

  /**
   * The merges registry: a redirect per retired OneID, or, where the survivor is suppressed, a
   * delete marker for any earlier redirect.
   */
  static class Merges extends Base<OneIdMerge> {
    private final Set<String> suppressed = new HashSet<>();

    @Override
    protected void setup(Context context) {
      super.setup(context);
      Configuration conf = context.getConfiguration();
      String dir = conf.get(LoadJob.SUPPRESSED_PATH);
      try {
        for (SuppressedId s : AvroFiles.read(conf, new Path(dir), SuppressedId.class)) {
          suppressed.add(s.getId());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the suppressed OneIDs in " + dir, e);
      }
    }

    @Override
    protected void map(AvroKey<OneIdMerge> key, NullWritable value, Context context) {
      OneIdMerge m = key.datum();
      if (suppressed.contains(m.getSurvivor())) {
        // An earlier day's redirect to this person goes too.
        context.getCounter(LoadCounters.SUPPRESSED_REDIRECTS).increment(1);
        TableCells.deleteRedirect(m.getRetired(), deleteTs, sink);
        return;
      }
      context.getCounter(LoadCounters.REDIRECTS).increment(1);
      TableCells.redirect(m.getRetired(), m.getSurvivor(), m.getDate(), ts, sink);
    }
  }

  /** The day's report rows. */
  static class Reports extends Base<ReportRow> {
    @Override
    protected void map(AvroKey<ReportRow> key, NullWritable value, Context context) {
      context.getCounter(LoadCounters.REPORT_ROWS).increment(1);
      TableCells.report(key.datum(), ts, sink);
    }
  }
}
