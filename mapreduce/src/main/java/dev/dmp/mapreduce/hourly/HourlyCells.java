package dev.dmp.mapreduce.hourly;

import dev.dmp.avro.HourlyActivity;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.ProfileCells;
import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.common.AvroFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * An hour's activity in the people's {@code dmp:profile} rows, family {@code h}: the previous run's
 * cells of the hour deleted up to the instant before this run, this run's written at its own
 * timestamp (see {@link HourlyJob} for why that makes re-runs count once).
 */
final class HourlyCells {

  private HourlyCells() {}

  /**
   * Clears the cells of the previous run of the hour (the activity in {@code previous}, if any) and
   * writes the new ones, in the profile table; returns how many people had cells cleared.
   */
  static long write(
      Configuration conf, RunDate date, int hour, Path previous, Path activity, long ts)
      throws IOException, DmpException {
    Configuration hbase = HBaseConnections.clientConf(conf);
    FileSystem fs = previous.getFileSystem(conf);
    String day = date.toString();
    try (Connection connection = ConnectionFactory.createConnection(hbase)) {
      int buckets;
      try (Admin admin = connection.getAdmin()) {
        TableCreator.createAll(admin, conf);
        buckets = DmpTables.Profile.saltBuckets(admin.getDescriptor(DmpTables.Profile.NAME));
      }
      long[] cleared = {0};
      try (BufferedMutator mutator = connection.getBufferedMutator(DmpTables.Profile.NAME)) {
        if (fs.exists(previous)) {
          // Up to the instant before this run: a marker at the run's own timestamp would hide
          // the cells written below.
          AvroFiles.forEach(
              conf,
              previous,
              HourlyActivity.class,
              a -> {
                Delete d = new Delete(row(a, buckets));
                for (byte[] q : ProfileCells.hourQualifiers(day, hour, a.getEvents().keySet())) {
                  d.addColumns(DmpTables.Profile.HOURLY, q, ts - 1);
                }
                mutate(mutator, d);
                cleared[0]++;
              });
        }
        AvroFiles.forEach(
            conf,
            activity,
            HourlyActivity.class,
            a -> {
              Put p = new Put(row(a, buckets));
              ProfileCells.hourCells(
                  p.getRow(), day, hour, a.getEvents(), a.getRevenue(), ts, kv -> add(p, kv));
              mutate(mutator, p);
            });
      }
      return cleared[0];
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static byte[] row(HourlyActivity a, int buckets) {
    return Bytes.toBytes(DmpTables.Profile.rowKey(a.getOneId(), buckets));
  }

  private static void add(Put p, KeyValue kv) {
    try {
      p.add(kv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mutate(BufferedMutator mutator, Mutation m) {
    try {
      mutator.mutate(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
