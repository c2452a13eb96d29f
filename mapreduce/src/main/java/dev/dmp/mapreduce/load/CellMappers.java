package dev.dmp.mapreduce.load;

import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.Profile;
import dev.dmp.avro.ReportRow;
import dev.dmp.avro.SuppressedId;
import dev.dmp.hbase.CellVersion;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.TableCells;
import dev.dmp.mapreduce.common.AvroFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.CellComparator;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.io.ImmutableBytesWritable;
import org.apache.hadoop.hbase.mapreduce.MultiTableHFileOutputFormat;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The mappers of the load job: each turns a dataset's records into the cells of the tables they
 * feed ({@link TableCells}), a {@link RowCells} per row, keyed by table and row ({@link
 * MultiTableHFileOutputFormat#createCompositeKey}) for {@link RowSortReducer}.
 */
final class CellMappers {

  private CellMappers() {}

  /** The tables a profile feeds. */
  static final List<TableName> PROFILE_TABLES =
      List.of(DmpTables.Profile.NAME, DmpTables.IdIndex.NAME, DmpTables.Segment.NAME);

  /** Counter groups of the cells and delete markers written, by table. */
  static final String CELLS_BY_TABLE = "dmp.load.cells";

  static final String DELETE_MARKERS_BY_TABLE = "dmp.load.delete.markers";

  /**
   * What every cell mapper shares: the day's timestamps, and the writing of a row's cells as one
   * record (cells of the same row arrive one after another).
   */
  abstract static class Base<T>
      extends Mapper<AvroKey<T>, NullWritable, ImmutableBytesWritable, RowCells> {
    protected int saltBuckets;
    protected long ts;
    protected long deleteTs;
    private Context context;
    private TableName table;
    private final ImmutableBytesWritable key = new ImmutableBytesWritable();
    private final RowCells row = new RowCells();
    private byte[] rowKey;
    private int tableIndex;
    // Counted here and added to the counters at the end: a counter look-up per cell costs.
    private final long[] cells = new long[1 + DmpTables.ALL.size()];
    private final long[] deleteMarkers = new long[1 + DmpTables.ALL.size()];

    @Override
    protected void setup(Context context) {
      Configuration conf = context.getConfiguration();
      this.context = context;
      saltBuckets = conf.getInt(LoadJob.SALT_BUCKETS_USED, 0);
      LocalDate day = LocalDate.parse(conf.get(LoadJob.DATE));
      ts = CellVersion.of(day);
      deleteTs = CellVersion.deleteBefore(day);
    }

    /** Where the next cells go: {@code table}'s; the cells so far are written. */
    protected Consumer<KeyValue> sink(TableName table) {
      flush();
      this.table = table;
      tableIndex = 1 + DmpTables.ALL.indexOf(table);
      return this::add;
    }

    private void add(KeyValue kv) {
      long[] counts = CellUtil.isDelete(kv) ? deleteMarkers : cells;
      counts[0]++;
      counts[tableIndex]++;
      if (rowKey != null && !CellUtil.matchingRows(kv, rowKey)) {
        flush();
      }
      if (rowKey == null) {
        rowKey = CellUtil.cloneRow(kv);
      }
      row.add(kv);
    }

    /** Writes the cells of the row so far, if any. */
    protected void flush() {
      if (row.isEmpty()) {
        return;
      }
      key.set(MultiTableHFileOutputFormat.createCompositeKey(table.getName(), rowKey));
      try {
        context.write(key, row);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      row.clear();
      rowKey = null;
    }

    @Override
    protected void cleanup(Context context) {
      flush();
      context.getCounter(LoadCounters.CELLS).increment(cells[0]);
      context.getCounter(LoadCounters.DELETE_MARKERS).increment(deleteMarkers[0]);
      for (int i = 0; i < DmpTables.ALL.size(); i++) {
        String name = DmpTables.ALL.get(i).getNameAsString();
        context.getCounter(CELLS_BY_TABLE, name).increment(cells[i + 1]);
        context.getCounter(DELETE_MARKERS_BY_TABLE, name).increment(deleteMarkers[i + 1]);
      }
    }
  }

  /**
   * The day's profiles: their cells in every table they feed, but {@code dmp:profile}'s when the
   * profile stage wrote them ({@link dev.dmp.mapreduce.profile.ProfileHFiles}).
   */
  static class CurrentProfiles extends Base<Profile> {
    private List<TableName> tables = PROFILE_TABLES;

    @Override
    protected void setup(Context context) {
      super.setup(context);
      if (context.getConfiguration().getBoolean(LoadJob.PROFILE_CELLS_WRITTEN, false)) {
        tables = PROFILE_TABLES.stream().filter(t -> !t.equals(DmpTables.Profile.NAME)).toList();
      }
    }

    @Override
    protected void map(AvroKey<Profile> key, NullWritable value, Context context) {
      context.getCounter(LoadCounters.PROFILES).increment(1);
      for (TableName table : tables) {
        TableCells.puts(table, key.datum(), saltBuckets, ts, sink(table));
      }
      flush();
    }
  }

  /** The previous snapshot's profiles: delete markers for every row they occupied. */
  static class PreviousProfiles extends Base<Profile> {
    @Override
    protected void map(AvroKey<Profile> key, NullWritable value, Context context) {
      context.getCounter(LoadCounters.PREVIOUS_PROFILES).increment(1);
      for (TableName table : PROFILE_TABLES) {
        TableCells.deletes(table, key.datum(), saltBuckets, deleteTs, sink(table));
      }
      flush();
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
      Consumer<KeyValue> sink = sink(DmpTables.IdIndex.NAME);
      if (suppressed.contains(m.getSurvivor())) {
        // An earlier day's redirect to this person goes too.
        context.getCounter(LoadCounters.SUPPRESSED_REDIRECTS).increment(1);
        TableCells.deleteRedirect(m.getRetired(), deleteTs, sink);
      } else {
        context.getCounter(LoadCounters.REDIRECTS).increment(1);
        TableCells.redirect(m.getRetired(), m.getSurvivor(), m.getDate(), ts, sink);
      }
      flush();
    }
  }

  /** The day's report rows. */
  static class Reports extends Base<ReportRow> {
    @Override
    protected void map(AvroKey<ReportRow> key, NullWritable value, Context context) {
      context.getCounter(LoadCounters.REPORT_ROWS).increment(1);
      TableCells.report(key.datum(), ts, sink(DmpTables.Report.NAME));
      flush();
    }
  }

  /**
   * Every cell of a row, from all the records that carry some (a person's cells, the delete markers
   * of their previous snapshot), in HBase's order for the HFile writer ({@link
   * RowHFileOutputFormat}); of cells with the same key, the first, as HBase's {@code
   * CellSortReducer} does.
   */
  static class RowSortReducer
      extends Reducer<ImmutableBytesWritable, RowCells, ImmutableBytesWritable, RowCells> {
    private final RowCells out = new RowCells();

    @Override
    protected void reduce(ImmutableBytesWritable row, Iterable<RowCells> values, Context context)
        throws IOException, InterruptedException {
      TreeSet<KeyValue> sorted = new TreeSet<>(CellComparator.getInstance());
      for (RowCells cells : values) {
        sorted.addAll(cells.cells());
      }
      out.clear();
      sorted.forEach(out::add);
      context.write(row, out);
    }
  }
}
