package dev.dmp.hbase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.hbase.CompareOperator;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.SingleColumnValueFilter;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Erases people from every table (the right to be forgotten): the profile row, every identifier's
 * row in the id index, every segment membership, and the redirects of OneIDs merged into them. The
 * load never brings them back, since their identifiers are on the suppression list and the next
 * load deletes the previous snapshot's rows.
 */
public final class Erasure {

  /** What an erasure found and removed. */
  public record Erased(Set<String> oneIds, Set<String> identifiers, int rowsDeleted) {}

  /**
   * The timestamp of erasure's delete markers: above every cell a load can write (cells carry their
   * day's timestamp, which may lie ahead of the wall clock), so nothing of the person shows again,
   * even from a reload of an old day before the next major compaction.
   */
  static final long ERASED_AT = HConstants.LATEST_TIMESTAMP - 1;

  private Erasure() {}

  /**
   * Erases the people that {@code canonicalIds} ({@code type:value}, hashed where PII) belong to.
   *
   * @return their OneIDs and all their identifiers (to add to the suppression list)
   */
  public static Erased erase(Connection connection, List<String> canonicalIds) throws IOException {
    Set<String> oneIds = new TreeSet<>();
    Set<String> identifiers = new TreeSet<>(canonicalIds);
    try (Admin admin = connection.getAdmin()) {
      if (!admin.tableExists(DmpTables.IdIndex.NAME)) {
        return new Erased(oneIds, identifiers, 0); // nothing loaded yet
      }
    }
    try (Table index = connection.getTable(DmpTables.IdIndex.NAME);
        Table profiles = connection.getTable(DmpTables.Profile.NAME);
        Table segments = connection.getTable(DmpTables.Segment.NAME)) {
      int buckets = DmpTables.Profile.saltBuckets(profiles.getDescriptor());
      for (String id : canonicalIds) {
        byte[] v =
            index
                .get(new Get(Bytes.toBytes(id)))
                .getValue(DmpTables.IdIndex.ONE_ID, DmpTables.IdIndex.ONE_ID_QUALIFIER);
        if (v != null) {
          oneIds.add(Bytes.toString(v));
        }
      }
      List<Delete> profileRows = new ArrayList<>();
      List<Delete> indexRows = new ArrayList<>();
      List<Delete> segmentRows = new ArrayList<>();
      for (String oneId : oneIds) {
        byte[] row = Bytes.toBytes(DmpTables.Profile.rowKey(oneId, buckets));
        Result r = profiles.get(new Get(row));
        if (!r.isEmpty()) {
          PersonProfile p = ProfileCells.decode(r);
          identifiers.addAll(p.identifierStrings());
          for (String s : p.segments()) {
            segmentRows.add(
                new Delete(Bytes.toBytes(DmpTables.Segment.rowKey(s, oneId, buckets)), ERASED_AT));
          }
        }
        profileRows.add(new Delete(row, ERASED_AT));
        indexRows.addAll(redirectsTo(index, oneId));
      }
      for (String id : identifiers) {
        indexRows.add(new Delete(Bytes.toBytes(id), ERASED_AT));
      }
      int deleted = profileRows.size() + indexRows.size() + segmentRows.size();
      profiles.delete(profileRows);
      index.delete(indexRows);
      segments.delete(segmentRows);
      return new Erased(oneIds, identifiers, deleted);
    }
  }

  /** The redirect rows ({@code oneid:<retired>}) that point at {@code oneId}. */
  private static List<Delete> redirectsTo(Table index, String oneId) throws IOException {
    SingleColumnValueFilter pointsHere =
        new SingleColumnValueFilter(
            DmpTables.IdIndex.ONE_ID,
            DmpTables.IdIndex.ONE_ID_QUALIFIER,
            CompareOperator.EQUAL,
            Bytes.toBytes(oneId));
    pointsHere.setFilterIfMissing(true);
    Scan scan =
        new Scan()
            .setRowPrefixFilter(Bytes.toBytes(DmpTables.IdIndex.ONE_ID_TYPE + ":"))
            .setFilter(pointsHere);
    List<Delete> out = new ArrayList<>();
    try (ResultScanner s = index.getScanner(scan)) {
      for (Result r : s) {
        out.add(new Delete(r.getRow(), ERASED_AT));
      }
    }
    return out;
  }
}
