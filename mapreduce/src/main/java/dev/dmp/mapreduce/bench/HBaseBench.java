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
import dev.dmp.mapreduce.hbase.EmbeddedHBase;
import dev.dmp.mapreduce.load.LoadJob;
import dev.dmp.mapreduce.profile.ProfileJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
  private static final int WARM_UP = 5_000;
  private static final int SINGLE_LOOKUPS = 20_000;
  private static final int BATCH = 1_000;
  private static final long SEED = 7;

  private HBaseBench() {}

  /** The day's load of every table; the figures of {@code dmp:profile} alone for comparison. */
  static Map<String, Object> bulkLoad(Configuration conf, RunDate day)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    Map<String, Object> load = LoadJob.run(conf, day);
    Map<?, ?> profile =
        (Map<?, ?>) ((Map<?, ?>) load.get("tables")).get(DmpTables.Profile.NAME.getNameAsString());
    double seconds =
        (Double) profile.get("job_seconds") + (Double) profile.get("bulk_load_seconds");
    long rows = (Long) load.get("profiles");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", rows);
    m.put("cells", profile.get("cells"));
    m.put("hfile_bytes", profile.get("hfile_bytes"));
    m.put("seconds", round(seconds));
    m.put("rows_per_second", Math.round(rows / seconds));
    m.put("all_tables_seconds", load.get("seconds"));
    return m;
  }

  /** The same profiles as Puts through a {@link BufferedMutator}, into a copy of the table. */
  static Map<String, Object> puts(Configuration conf, RunDate day)
      throws IOException, DmpException {
    long ts = CellVersion.of(day.day());
    try (Connection connection = ConnectionFactory.createConnection(EmbeddedHBase.configure(conf));
        Admin admin = connection.getAdmin()) {
      drop(admin, PUT_TABLE);
      admin.cloneTableSchema(DmpTables.Profile.NAME, PUT_TABLE, true);
      int buckets = DmpTables.Profile.saltBuckets(admin.getDescriptor(DmpTables.Profile.NAME));
      long[] rowsAndCells = new long[2];
      long started = System.nanoTime();
      try (BufferedMutator mutator = connection.getBufferedMutator(PUT_TABLE)) {
        AvroFiles.forEach(
            conf,
            ProfileJob.profiles(DmpPaths.of(conf), day),
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
   * one identifier of each person in a shuffled order: single lookups' latency once warm, and
   * batched lookups ({@value #BATCH} a call) per second over every person.
   */
  static Map<String, Object> lookups(Configuration conf, RunDate day)
      throws IOException, DmpException {
    List<String> ids = new ArrayList<>();
    AvroFiles.forEach(
        conf,
        ProfileJob.profiles(DmpPaths.of(conf), day),
        Profile.class,
        p ->
            p.getIdentifiers().entrySet().stream()
                .findFirst()
                .ifPresent(e -> ids.add(e.getKey() + ":" + e.getValue().get(0))));
    Collections.shuffle(ids, new Random(SEED));
    Map<String, Object> m = new LinkedHashMap<>();
    try (DmpClient client = DmpClient.connect(EmbeddedHBase.configure(conf))) {
      for (int i = 0; i < Math.min(WARM_UP, ids.size()); i++) {
        client.lookup(ids.get(i));
      }
      Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
      long notFound = 0;
      int singles = Math.min(SINGLE_LOOKUPS, ids.size());
      for (int i = 0; i < singles; i++) {
        String id = ids.get((WARM_UP + i) % ids.size());
        long t = System.nanoTime();
        boolean found = client.lookup(id).found();
        latency.recordValue(System.nanoTime() - t);
        notFound += found ? 0 : 1;
      }
      m.put("single_lookups", singles);
      m.put("single_p50_ms", millis(latency.getValueAtPercentile(50)));
      m.put("single_p99_ms", millis(latency.getValueAtPercentile(99)));
      m.put("single_p999_ms", millis(latency.getValueAtPercentile(99.9)));
      m.put("single_max_ms", millis(latency.getMaxValue()));

      long started = System.nanoTime();
      for (int from = 0; from < ids.size(); from += BATCH) {
        for (DmpClient.Lookup l :
            client.lookupAll(ids.subList(from, Math.min(from + BATCH, ids.size())))) {
          notFound += l.found() ? 0 : 1;
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      m.put("batched_lookups", ids.size());
      m.put("batch_size", BATCH);
      m.put("batched_seconds", round(seconds));
      m.put("batched_per_second", Math.round(ids.size() / seconds));
      m.put("not_found", notFound);
    }
    return m;
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 100) / 100.0;
  }
}
