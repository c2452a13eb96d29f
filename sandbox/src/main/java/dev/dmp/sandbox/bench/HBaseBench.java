package dev.dmp.sandbox.bench;

import dev.dmp.avro.Profile;
import dev.dmp.avro.ReportRow;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.CellVersion;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.TableCells;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.load.LoadJob;
import dev.dmp.mapreduce.load.LoadReport;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Put;

/**
 * The HBase figures of {@code dmp bench}. The day's profiles and reports go into HBase both ways:
 * HFiles and bulk loads (the product's path, {@link LoadJob}), and the same cells as Puts through
 * {@link BufferedMutator}s into copies of the tables with the same regions and families. Then
 * lookups through {@link DmpClient}: the latency of single lookups (warm, one at a time) and the
 * throughput of batched ones.
 */
final class HBaseBench {

  /** The tables the load writes (the merges registry's few redirects aside). */
  private static final List<TableName> PUT_TABLES =
      List.of(
          DmpTables.Profile.NAME,
          DmpTables.IdIndex.NAME,
          DmpTables.Segment.NAME,
          DmpTables.Report.NAME);

  private static final int SINGLE_LOOKUPS = 20_000;
  private static final int BATCH = 1_000;
  private static final int THREADS = 4;
  private static final long SEED = 7;

  private HBaseBench() {}

  /**
   * The day's load of every table: the HFile job and the bulk loads, and the whole stage. The
   * embedded HBase starts first, timed apart: {@code dmp run} starts it while the chain runs.
   */
  static Map<String, Object> bulkLoad(Configuration conf, RunDate day, StageRunner stages)
      throws IOException,
          InterruptedException,
          ClassNotFoundException,
          DmpException,
          UsageException {
    long t0 = System.nanoTime();
    HBaseConnections.clientConf(conf);
    long t1 = System.nanoTime();
    LoadReport load = stages.run(new LoadJob(), day);
    long t2 = System.nanoTime();
    double bulk = 0;
    long bytes = 0;
    for (LoadReport.TableLoad t : load.tables().values()) {
      bulk += t.bulkLoadSeconds();
      bytes += t.hfileBytes();
    }
    double seconds = load.hfileJobSeconds() + bulk;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", load.profiles());
    m.put("cells", load.cells() + load.deleteMarkers());
    m.put("hfile_bytes", bytes);
    m.put("hfile_job_seconds", round(load.hfileJobSeconds()));
    m.put("bulk_load_seconds", round(bulk));
    m.put("seconds", round(seconds));
    m.put("rows_per_second", Math.round(load.profiles() / seconds));
    m.put("hbase_start_seconds", round((t1 - t0) / 1e9));
    m.put("stage_seconds", round((t2 - t1) / 1e9));
    return m;
  }

  /**
   * The same people's cells in every table a profile feeds, as Puts through a {@link
   * BufferedMutator} into copies of those tables (same regions and families), flushed.
   */
  static Map<String, Object> puts(Configuration conf, RunDate day)
      throws IOException, DmpException {
    long ts = CellVersion.of(day.day());
    try (Connection connection = HBaseConnections.connect(conf);
        Admin admin = connection.getAdmin()) {
      Map<TableName, TableName> copies = new LinkedHashMap<>();
      for (TableName table : PUT_TABLES) {
        TableName copy =
            TableName.valueOf(DmpTables.NAMESPACE, table.getQualifierAsString() + "_put_bench");
        drop(admin, copy);
        admin.cloneTableSchema(table, copy, true);
        copies.put(table, copy);
      }
      int buckets = DmpTables.Profile.saltBuckets(admin.getDescriptor(DmpTables.Profile.NAME));
      long[] rowsAndCells = new long[2];
      long started = System.nanoTime();
      Map<TableName, RowPuts> mutators = new LinkedHashMap<>();
      try {
        for (var e : copies.entrySet()) {
          mutators.put(e.getKey(), new RowPuts(connection.getBufferedMutator(e.getValue())));
        }
        AvroFiles.forEach(
            conf,
            DmpPaths.of(conf).profiles(day),
            Profile.class,
            p -> {
              for (var e : mutators.entrySet()) {
                TableCells.puts(e.getKey(), p, buckets, ts, e.getValue());
              }
              rowsAndCells[0]++;
            });
        AvroFiles.forEach(
            conf,
            DmpPaths.of(conf).reports(day),
            ReportRow.class,
            r -> TableCells.report(r, ts, mutators.get(DmpTables.Report.NAME)));
      } finally {
        for (RowPuts m : mutators.values()) {
          rowsAndCells[1] += m.close();
        }
      }
      // Bulk-loaded data is in HFiles; the Puts' data is there only once the memstores flush.
      for (TableName copy : copies.values()) {
        admin.flush(copy);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      for (TableName copy : copies.values()) {
        drop(admin, copy);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rowsAndCells[0]);
      m.put("cells", rowsAndCells[1]);
      m.put("seconds", round(seconds));
      m.put("rows_per_second", Math.round(rowsAndCells[0] / seconds));
      return m;
    }
  }

  /** Cells into a {@link BufferedMutator}, a Put per row (the cells of a row come together). */
  private static final class RowPuts implements Consumer<KeyValue> {
    private final BufferedMutator mutator;
    private Put put;
    private long cells;

    RowPuts(BufferedMutator mutator) {
      this.mutator = mutator;
    }

    @Override
    public void accept(KeyValue kv) {
      try {
        if (put != null && !CellUtil.matchingRows(kv, put.getRow())) {
          mutator.mutate(put);
          put = null;
        }
        if (put == null) {
          put = new Put(CellUtil.cloneRow(kv));
        }
        put.add(kv);
        cells++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Sends the last row and closes the mutator; returns the cells sent. */
    long close() throws IOException {
      if (put != null) {
        mutator.mutate(put);
      }
      mutator.close();
      return cells;
    }
  }

  private static void drop(Admin admin, TableName table) throws IOException {
    if (admin.tableExists(table)) {
      admin.disableTable(table);
      admin.deleteTable(table);
    }
  }

  /**
   * Lookups by identifier through {@link DmpClient} (an {@code id_index} get, then the profile),
   * one identifier of each person in a shuffled order: batched lookups ({@value #BATCH} a call)
   * over every person, first on a cold block cache, then warm, then from {@value #THREADS} threads
   * sharing the client; and the latency of single lookups, warm, one at a time.
   */
  static Map<String, Object> lookups(Configuration conf, RunDate day)
      throws IOException, DmpException, InterruptedException {
    List<String> ids = new ArrayList<>();
    AvroFiles.forEach(
        conf,
        DmpPaths.of(conf).profiles(day),
        Profile.class,
        p ->
            p.getIdentifiers().entrySet().stream()
                .findFirst()
                .ifPresent(e -> ids.add(e.getKey() + ":" + e.getValue().get(0))));
    Collections.shuffle(ids, new Random(SEED));
    Map<String, Object> m = new LinkedHashMap<>();
    LongAdder notFound = new LongAdder();
    try (DmpClient client = DmpClient.connect(HBaseConnections.clientConf(conf))) {
      m.put("people", ids.size());
      m.put("batch_size", BATCH);
      m.put("batched_cold_per_second", batched(client, ids, 1, notFound));
      m.put("batched_warm_per_second", batched(client, ids, 1, notFound));
      m.put("batched_warm_threads", THREADS);
      m.put("batched_warm_threads_per_second", batched(client, ids, THREADS, notFound));

      Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
      int singles = Math.min(SINGLE_LOOKUPS, ids.size());
      for (int i = 0; i < singles; i++) {
        long t = System.nanoTime();
        boolean found = client.lookup(ids.get(i)).found();
        latency.recordValue(System.nanoTime() - t);
        notFound.add(found ? 0 : 1);
      }
      m.put("single_lookups", singles);
      m.put("single_p50_ms", millis(latency.getValueAtPercentile(50)));
      m.put("single_p99_ms", millis(latency.getValueAtPercentile(99)));
      m.put("single_p999_ms", millis(latency.getValueAtPercentile(99.9)));
      m.put("single_max_ms", millis(latency.getMaxValue()));
      m.put("not_found", notFound.sum());
    }
    return m;
  }

  /** Every id looked up once, {@value #BATCH} a call, from {@code threads} threads; per second. */
  private static long batched(DmpClient client, List<String> ids, int threads, LongAdder notFound)
      throws InterruptedException, IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> calls = new ArrayList<>();
    long started = System.nanoTime();
    for (int from = 0; from < ids.size(); from += BATCH) {
      List<String> batch = ids.subList(from, Math.min(from + BATCH, ids.size()));
      calls.add(
          pool.submit(
              () -> {
                for (DmpClient.Lookup l : client.lookupAll(batch)) {
                  notFound.add(l.found() ? 0 : 1);
                }
                return null;
              }));
    }
    try {
      for (Future<?> f : calls) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IOException("batched lookups failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return Math.round(ids.size() / ((System.nanoTime() - started) / 1e9));
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 100) / 100.0;
  }
}
