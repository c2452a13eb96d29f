package dev.dmp.hbase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceNotFoundException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.apache.hadoop.hbase.regionserver.BloomType;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Creates the namespace and the tables of {@link DmpTables}, idempotently: what exists is left as
 * it is, but for column families added to a table's contract since it was created. Every family
 * keeps one version (a rerun rewrites the same cells with the same run-derived timestamps) and a
 * row bloom filter (lookups are gets by row); the profile table is pre-split on its salt, the id
 * index on the identifier types.
 */
public final class TableCreator {

  /** Salt buckets (and regions) of the profile table when it is created. */
  public static final String SALT_BUCKETS = "dmp.hbase.salt.buckets";

  /** Compression of the tables' families when they are created: none, snappy, gz, zstd... */
  public static final String COMPRESSION = "dmp.hbase.compression";

  public static final String DEFAULT_COMPRESSION = "snappy";

  private TableCreator() {}

  /** The salt buckets {@code conf} sets for the profile table ({@value #SALT_BUCKETS}). */
  public static int saltBuckets(Configuration conf) {
    return conf.getInt(SALT_BUCKETS, Salt.DEFAULT_BUCKETS);
  }

  /**
   * Creates the namespace and the missing tables with the salt buckets and compression {@code conf}
   * sets ({@value #SALT_BUCKETS}, {@value #COMPRESSION}); returns the tables it created.
   */
  public static List<TableName> createAll(Admin admin, Configuration conf) throws IOException {
    return createAll(
        admin,
        saltBuckets(conf),
        Compression.getCompressionAlgorithmByName(conf.get(COMPRESSION, DEFAULT_COMPRESSION)));
  }

  /** The descriptors of all tables. */
  public static List<TableDescriptor> descriptors(
      int saltBuckets, Compression.Algorithm compression) {
    List<TableDescriptor> out = new ArrayList<>();
    out.add(
        TableDescriptorBuilder.newBuilder(
                table(DmpTables.Profile.NAME, DmpTables.Profile.FAMILIES, compression))
            .setValue(DmpTables.Profile.SALT_BUCKETS_ATTRIBUTE, Integer.toString(saltBuckets))
            .build());
    out.add(table(DmpTables.IdIndex.NAME, DmpTables.IdIndex.FAMILIES, compression));
    out.add(table(DmpTables.Segment.NAME, DmpTables.Segment.FAMILIES, compression));
    out.add(table(DmpTables.Report.NAME, DmpTables.Report.FAMILIES, compression));
    out.add(table(DmpTables.Load.NAME, DmpTables.Load.FAMILIES, compression));
    return out;
  }

  private static TableDescriptor table(
      TableName name, List<byte[]> families, Compression.Algorithm compression) {
    TableDescriptorBuilder t = TableDescriptorBuilder.newBuilder(name);
    for (byte[] f : families) {
      ColumnFamilyDescriptorBuilder family =
          ColumnFamilyDescriptorBuilder.newBuilder(f)
              .setMaxVersions(1)
              .setBloomFilterType(BloomType.ROW)
              .setDataBlockEncoding(DataBlockEncoding.ROW_INDEX_V1)
              .setBlocksize(16 * 1024)
              .setCompressionType(compression);
      if (name.equals(DmpTables.Profile.NAME) && Bytes.equals(f, DmpTables.Profile.HOURLY)) {
        family.setTimeToLive(DmpTables.Profile.HOURLY_TTL_SECONDS);
      }
      t.setColumnFamily(family.build());
    }
    return t.build();
  }

  /**
   * Adds to an existing table the families its contract has gained since it was created (for
   * example the profile's hourly family); returns how many it added.
   */
  private static int addMissingFamilies(Admin admin, TableDescriptor wanted) throws IOException {
    TableDescriptor existing = admin.getDescriptor(wanted.getTableName());
    int added = 0;
    for (ColumnFamilyDescriptor f : wanted.getColumnFamilies()) {
      if (!existing.hasColumnFamily(f.getName())) {
        admin.addColumnFamily(wanted.getTableName(), f);
        added++;
      }
    }
    return added;
  }

  /** Creates what is missing; returns the names of the tables it created. */
  public static List<TableName> createAll(
      Admin admin, int saltBuckets, Compression.Algorithm compression) throws IOException {
    try {
      admin.getNamespaceDescriptor(DmpTables.NAMESPACE);
    } catch (NamespaceNotFoundException e) {
      admin.createNamespace(NamespaceDescriptor.create(DmpTables.NAMESPACE).build());
    }
    List<TableName> created = new ArrayList<>();
    for (TableDescriptor d : descriptors(saltBuckets, compression)) {
      if (admin.tableExists(d.getTableName())) {
        addMissingFamilies(admin, d);
        continue;
      }
      if (d.getTableName().equals(DmpTables.Profile.NAME)) {
        admin.createTable(d, Salt.splitKeys(saltBuckets));
      } else if (d.getTableName().equals(DmpTables.IdIndex.NAME)) {
        admin.createTable(d, DmpTables.IdIndex.splitKeys());
      } else {
        admin.createTable(d);
      }
      created.add(d.getTableName());
    }
    return created;
  }
}
