package dev.dmp.hbase;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Takes the loads of a day and every later day out of HBase, for {@code dmp rerun}: a day loaded
 * again with other content writes its cells with the same day-derived timestamps, so the old ones
 * must be gone first, not merely masked (a delete marker would mask the new cells too). Every cell
 * stamped for those days is deleted by its exact version, and a major compaction then removes the
 * cells and the markers for good (every version of the days, not only the newest: deleting the
 * newest alone would show the older one again); the hourly and live families (today's activity, not
 * a day's load) are left alone. What remains is what the days before held; the rerun loads the rest
 * again.
 */
public final class Unload {

  private static final int BATCH = 1000;
  private static final long COMPACTION_TIMEOUT_MS = 600_000;

  private Unload() {}

  /** Unloads {@code from} and every later day; returns the cells deleted. */
  public static long since(Connection connection, LocalDate from)
      throws IOException, InterruptedException {
    long deleted = 0;
    long fromVersion = CellVersion.deleteBefore(from);
    for (TableName name : DmpTables.ALL) {
      deleted += deleteCells(connection, name, fromVersion);
    }
    deleted += deleteLoadRows(connection, from);
    try (Admin admin = connection.getAdmin()) {
      for (TableName name : DmpTables.ALL) {
        compact(admin, connection, name, new Scan().setTimeRange(fromVersion, Long.MAX_VALUE));
      }
      compact(
          admin,
          connection,
          DmpTables.Load.NAME,
          new Scan().withStartRow(Bytes.toBytes(from.toString())));
    }
    return deleted;
  }

  private static long deleteCells(Connection connection, TableName name, long fromVersion)
      throws IOException {
    // Raw, to see every version: a family keeps one version, so a scan shows only the newest of a
    // column, and deleting that would bring back an older one of the unloaded days.
    Scan scan = new Scan().setTimeRange(fromVersion, Long.MAX_VALUE).readAllVersions().setRaw(true);
    long deleted = 0;
    try (Table t = connection.getTable(name);
        ResultScanner s = t.getScanner(scan)) {
      List<Delete> batch = new ArrayList<>();
      for (Result r : s) {
        Delete d = new Delete(r.getRow());
        for (Cell c : r.rawCells()) {
          if (c.getType() != Cell.Type.Put || hourly(name, c)) {
            continue;
          }
          d.addColumn(CellUtil.cloneFamily(c), CellUtil.cloneQualifier(c), c.getTimestamp());
          deleted++;
        }
        if (!d.isEmpty()) {
          batch.add(d);
        }
        if (batch.size() == BATCH) {
          t.delete(batch);
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) {
        t.delete(batch);
      }
    }
    return deleted;
  }

  private static long deleteLoadRows(Connection connection, LocalDate from) throws IOException {
    long deleted = 0;
    try (Table t = connection.getTable(DmpTables.Load.NAME);
        ResultScanner s = t.getScanner(new Scan().withStartRow(Bytes.toBytes(from.toString())))) {
      for (Result r : s) {
        t.delete(new Delete(r.getRow()));
        deleted += r.rawCells().length;
      }
    }
    return deleted;
  }

  /**
   * Flushes and major-compacts {@code name}, and waits until a raw scan (which shows delete markers
   * too) finds nothing left of the unloaded days: then the deletes have done their work and are
   * gone themselves, and the rerun's cells will be seen.
   */
  private static void compact(Admin admin, Connection connection, TableName name, Scan leftOver)
      throws IOException, InterruptedException {
    admin.flush(name);
    admin.majorCompact(name);
    long deadline = System.currentTimeMillis() + COMPACTION_TIMEOUT_MS;
    long asked = System.currentTimeMillis();
    for (Cell left = firstLeft(connection, name, leftOver);
        left != null;
        left = firstLeft(connection, name, leftOver)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IOException(
            "the major compaction of "
                + name
                + " did not finish in time: it still holds "
                + left
                + " (a raw scan from the first unloaded day)");
      }
      if (System.currentTimeMillis() - asked > 5000
          && admin.getCompactionState(name)
              == org.apache.hadoop.hbase.client.CompactionState.NONE) {
        admin.majorCompact(name); // a request can be dropped while the last one still runs
        asked = System.currentTimeMillis();
      }
      Thread.sleep(250);
    }
  }

  /** The first cell or delete marker of the unloaded days still in {@code name}, or null. */
  private static Cell firstLeft(Connection connection, TableName name, Scan leftOver)
      throws IOException {
    try (Table t = connection.getTable(name);
        ResultScanner s = t.getScanner(new Scan(leftOver).setRaw(true).readAllVersions())) {
      for (Result r : s) {
        for (Cell c : r.rawCells()) {
          if (!hourly(name, c)) {
            return c;
          }
        }
      }
    }
    return null;
  }

  private static boolean hourly(TableName name, Cell c) {
    byte[] family = CellUtil.cloneFamily(c);
    return (name.equals(DmpTables.Profile.NAME) && Bytes.equals(family, DmpTables.Profile.HOURLY))
        || Bytes.equals(family, DmpTables.Profile.LIVE); // the stream's, in profile and segment
  }
}
