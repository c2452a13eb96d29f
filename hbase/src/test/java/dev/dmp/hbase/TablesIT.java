package dev.dmp.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.regionserver.BloomType;
import org.apache.hadoop.hbase.testing.TestingHBaseCluster;
import org.apache.hadoop.hbase.testing.TestingHBaseClusterOption;
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
      assertThat(admin.getDescriptor(DmpTables.Profile.NAME).getColumnFamilyNames()).hasSize(6);
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
}
