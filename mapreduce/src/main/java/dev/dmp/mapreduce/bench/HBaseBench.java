package dev.dmp.mapreduce.bench;

import dev.dmp.avro.Profile;
import dev.dmp.hbase.CellVersion;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.TableCells;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpException;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.RunDate;
import dev.dmp.mapreduce.common.UsageException;
import dev.dmp.mapreduce.load.LoadJob;
import dev.dmp.mapreduce.load.LoadReport;
import dev.dmp.mapreduce.serving.EmbeddedHBase;
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
import org.HdrHistogram.Histogram;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The HBase figures of {@code dmp bench}. The day's profiles go into {@code dmp:profile} both ways:
 * HFiles and a bulk load (the product's path, {@link LoadJob}), and Puts through a {@link
 * BufferedMutator} into a copy of the table with the same regions and families. Then lookups
 * through {@link DmpClient}: the latency of single lookups (warm, one at a time) and the throughput
 * of batched ones.
 */
final class HBaseBench {

  private static final TableName PUT_TABLE =
      TableName.valueOf(DmpTables.NAMESPACE, "profile_put_bench");
  private static final int SINGLE_LOOKUPS = 20_000;
  private static final int BATCH = 1_000;
  private static final int THREADS = 4;
  private static final long SEED = 7;

  private HBaseBench() {}

  /** The day's load of every table; the figures of {@code dmp:profile} alone for comparison. */
  static Map<String, Object> bulkLoad(Configuration conf, RunDate day)
      throws IOException,
          InterruptedException,
          ClassNotFoundException,
          DmpException,
          UsageException {
    long started = System.nanoTime();
    LoadReport load = StageRunner.quiet(conf).run(new LoadJob(), day);
    double all = (System.nanoTime() - started) / 1e9;
    LoadReport.TableLoad profile = load.tables().get(DmpTables.Profile.NAME.getNameAsString());
    double seconds = profile.jobSeconds() + profile.bulkLoadSeconds();
    long rows = load.profiles();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", rows);
    m.put("cells", profile.cells());
    m.put("hfile_bytes", profile.hfileBytes());
    m.put("seconds", round(seconds));
    m.put("rows_per_second", Math.round(rows / seconds));
    m.put("all_tables_seconds", round(all));
    return m;
  }

  /** The same profiles as Puts through a {@link BufferedMutator}, into a copy of the table. */
  static Map<String, Object> puts(Configuration conf, RunDate day)
      throws IOException, DmpException {
    long ts = CellVersion.of(day.day());
    try (Connection connection =
            ConnectionFactory.createConnection(EmbeddedHBase.startIfEmbedded(conf));
        Admin admin = connection.getAdmin()) {
      drop(admin, PUT_TABLE);
      admin.cloneTableSchema(DmpTables.Profile.NAME, PUT_TABLE, true);
      int buckets = DmpTables.Profile.saltBuckets(admin.getDescriptor(DmpTables.Profile.NAME));
      long[] rowsAndCells = new long[2];
      long started = System.nanoTime();
      try (BufferedMutator mutator = connection.getBufferedMutator(PUT_TABLE)) {
        AvroFiles.forEach(
            conf,
            DmpPaths.of(conf).profiles(day),
            Profile.class,
            p -> {
              Put put = new Put(Bytes.toBytes(DmpTables.Profile.rowKey(p.getOneId(), buckets)));
              try {
                TableCells.puts(DmpTables.Profile.NAME, p, buckets, ts, kv -> addTo(put, kv));
                mutator.mutate(put);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              rowsAndCells[0]++;
              rowsAndCells[1] += put.size();
            });
      }
      // Bulk-loaded data is in HFiles; the Puts' data is there only once the memstores flush.
      admin.flush(PUT_TABLE);
      double seconds = (System.nanoTime() - started) / 1e9;
      drop(admin, PUT_TABLE);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rowsAndCells[0]);
      m.put("cells", rowsAndCells[1]);
      m.put("seconds", round(seconds));
      m.put("rows_per_second", Math.round(rowsAndCells[0] / seconds));
      return m;
    }
  }

  private static void addTo(Put put, org.apache.hadoop.hbase.KeyValue kv) {
    try {
      put.add(kv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    try (DmpClient client = DmpClient.connect(EmbeddedHBase.startIfEmbedded(conf))) {
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
