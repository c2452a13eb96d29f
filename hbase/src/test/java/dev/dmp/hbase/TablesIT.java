package dev.dmp.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.Profile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.regionserver.BloomType;
import org.apache.hadoop.hbase.testing.TestingHBaseCluster;
import org.apache.hadoop.hbase.testing.TestingHBaseClusterOption;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tables created on HBase's own testing cluster (real master, region server, HDFS). */
class TablesIT {

  private static TestingHBaseCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        TestingHBaseCluster.create(
            TestingHBaseClusterOption.builder()
                .conf(HBaseConfiguration.create())
                .numMasters(1)
                .numRegionServers(1)
                .numDataNodes(1)
                .build());
    cluster.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  void createsTheNamespaceAndPreSplitTablesOnceAndLeavesThemAfterwards() throws Exception {
    try (Connection c = ConnectionFactory.createConnection(cluster.getConf());
        Admin admin = c.getAdmin()) {
      List<TableName> created = TableCreator.createAll(admin, 16, Compression.Algorithm.NONE);
      assertThat(created)
          .containsExactlyInAnyOrder(
              DmpTables.Profile.NAME,
              DmpTables.IdIndex.NAME,
              DmpTables.Segment.NAME,
              DmpTables.Report.NAME,
              DmpTables.Load.NAME);
      assertThat(TableCreator.createAll(admin, 16, Compression.Algorithm.NONE)).isEmpty();

      assertThat(admin.getRegions(DmpTables.Profile.NAME)).hasSize(16);
      assertThat(admin.getRegions(DmpTables.IdIndex.NAME)).hasSize(9);
      for (ColumnFamilyDescriptor f :
          admin.getDescriptor(DmpTables.Profile.NAME).getColumnFamilies()) {
        assertThat(f.getMaxVersions()).isEqualTo(1);
        assertThat(f.getBloomFilterType()).isEqualTo(BloomType.ROW);
      }
      assertThat(admin.getDescriptor(DmpTables.Profile.NAME).getColumnFamilyNames())
          .hasSize(DmpTables.Profile.FAMILIES.size());
      assertThat(
              admin
                  .getDescriptor(DmpTables.Profile.NAME)
                  .getColumnFamily(DmpTables.Profile.HOURLY)
                  .getTimeToLive())
          .isEqualTo(3 * 24 * 3600);

      // A profile table from before the hourly family gains it, and keeps its rows.
      admin.deleteColumnFamily(DmpTables.Profile.NAME, DmpTables.Profile.HOURLY);
      assertThat(
              admin.getDescriptor(DmpTables.Profile.NAME).hasColumnFamily(DmpTables.Profile.HOURLY))
          .isFalse();
      assertThat(TableCreator.createAll(admin, 16, Compression.Algorithm.NONE)).isEmpty();
      assertThat(
              admin.getDescriptor(DmpTables.Profile.NAME).hasColumnFamily(DmpTables.Profile.HOURLY))
          .isTrue();
      assertThat(admin.getRegions(DmpTables.Profile.NAME)).hasSize(16);
    }
  }

  @Test
  void unloadingDaysTakesEveryVersionTheyWroteAndLeavesTheDayBefore() throws Exception {
    LocalDate before = LocalDate.parse("2026-11-19");
    LocalDate from = LocalDate.parse("2026-11-20");
    LocalDate later = LocalDate.parse("2026-11-21");
    byte[] row = Bytes.toBytes(DmpTables.IdIndex.ONE_ID_TYPE + ":p-unload-test");
    try (Connection c = ConnectionFactory.createConnection(cluster.getConf());
        Admin admin = c.getAdmin()) {
      TableCreator.createAll(admin, 16, Compression.Algorithm.NONE);
      try (Table index = c.getTable(DmpTables.IdIndex.NAME)) {
        // One version a day, each in a file of its own, as the daily bulk loads leave them.
        for (LocalDate day : List.of(before, from, later)) {
          index.put(
              new Put(row)
                  .addColumn(
                      DmpTables.IdIndex.ONE_ID,
                      DmpTables.IdIndex.MERGED_ON_QUALIFIER,
                      CellVersion.of(day),
                      Bytes.toBytes(day.toString())));
          admin.flush(DmpTables.IdIndex.NAME);
        }

        assertThat(Unload.since(c, from)).isEqualTo(2);

        Result r = index.get(new Get(row).readAllVersions());
        assertThat(r.rawCells()).hasSize(1);
        assertThat(
                Bytes.toString(
                    r.getValue(DmpTables.IdIndex.ONE_ID, DmpTables.IdIndex.MERGED_ON_QUALIFIER)))
            .isEqualTo(before.toString());
      }
    }
  }

  /**
   * A profile table of the layout before the one profile family (attributes, metrics, tags and
   * segments in families a, m, t, s): the load's table check gives it p, the load's cells go there,
   * and a person reads whole, the old families' leftovers ignored until they are dropped.
   */
  @Test
  void aProfileTableOfTheOldLayoutGainsTheProfileFamilyAndReadsWholeOnceLoaded() throws Exception {
    byte[] row = Bytes.toBytes(DmpTables.Profile.rowKey("p-old-layout", 16));
    List<String> old = List.of("a", "m", "t", "s");
    try (Connection c = ConnectionFactory.createConnection(cluster.getConf());
        Admin admin = c.getAdmin()) {
      TableCreator.createAll(admin, 16, Compression.Algorithm.NONE);
      for (String f : old) {
        admin.addColumnFamily(DmpTables.Profile.NAME, ColumnFamilyDescriptorBuilder.of(f));
      }
      admin.deleteColumnFamily(DmpTables.Profile.NAME, DmpTables.Profile.PROFILE);
      try (Table profile = c.getTable(DmpTables.Profile.NAME)) {
        profile.put(
            new Put(row)
                .addColumn(Bytes.toBytes("a"), Bytes.toBytes("os"), Bytes.toBytes("Stale 1"))
                .addColumn(Bytes.toBytes("m"), Bytes.toBytes("events:old"), Bytes.toBytes("9")));

        assertThat(TableCreator.createAll(admin, 16, Compression.Algorithm.NONE)).isEmpty();
        assertThat(
                admin
                    .getDescriptor(DmpTables.Profile.NAME)
                    .hasColumnFamily(DmpTables.Profile.PROFILE))
            .isTrue();

        Profile p = new Profile();
        p.setOneId("p-old-layout");
        p.setAsOf("2020-01-20");
        p.setIdentifiers(Map.of("cookie", List.of("ck_1")));
        p.setFirstSeen(1_795_000_000_000L);
        p.setLastSeen(1_795_100_000_000L);
        p.setOs("Android 14");
        p.setEvents(Map.of("page_view", 3L));
        p.setEvents7d(Map.of("page_view", 3L));
        p.setEvents30d(Map.of("page_view", 3L));
        p.setRevenue(12.5);
        p.setRevenue7d(12.5);
        p.setRevenue30d(12.5);
        p.setTags(Map.of("sports", 0.75));
        p.setSegments(List.of("active_7d", "buyer_30d"));
        List<KeyValue> cells = new ArrayList<>();
        ProfileCells.encode(p, row, CellVersion.of(LocalDate.parse("2020-01-20")), cells::add);
        Put put = new Put(row);
        for (KeyValue kv : cells) {
          put.add(kv);
        }
        profile.put(put);

        PersonProfile read = ProfileCells.decode(profile.get(new Get(row)));
        assertThat(read.identifiers()).isEqualTo(Map.of("cookie", List.of("ck_1")));
        assertThat(read.events()).isEqualTo(Map.of("page_view", 3L));
        assertThat(read.revenue()).isEqualTo(12.5);
        assertThat(read.tags()).isEqualTo(Map.of("sports", 0.75));
        assertThat(read.segments()).containsExactly("active_7d", "buyer_30d");
        assertThat(read.attributes())
            .containsEntry("os", "Android 14")
            .containsEntry("as_of", "2020-01-20");
        profile.delete(new Delete(row)); // leaves nothing to the other tests
      } finally {
        for (String f : old) {
          admin.deleteColumnFamily(DmpTables.Profile.NAME, Bytes.toBytes(f));
        }
      }
      assertThat(admin.getDescriptor(DmpTables.Profile.NAME).getColumnFamilyNames())
          .hasSize(DmpTables.Profile.FAMILIES.size());
    }
  }
}
