package dev.dmp.mapreduce.testing;

import dev.dmp.hbase.DmpTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/** What HBase shows of the DMP's tables, cell by cell, for tests that compare two states. */
public final class TableDump {

  private TableDump() {}

  /**
   * Every visible cell of every table the load writes ({@link DmpTables#ALL}), in scan order:
   * table, row, column, timestamp and value; the stream job's live families, which no load writes,
   * are left out.
   */
  public static List<String> cells(Connection connection) throws IOException {
    return cells(connection, true);
  }

  /**
   * Every visible cell of every table the load writes, without its timestamp (which says when it
   * was loaded): what two loads of the same day must agree on.
   */
  public static List<String> values(Connection connection) throws IOException {
    return cells(connection, false);
  }

  private static List<String> cells(Connection connection, boolean timestamps) throws IOException {
    List<String> out = new ArrayList<>();
    for (TableName name : DmpTables.ALL) {
      try (Table t = connection.getTable(name);
          ResultScanner s = t.getScanner(new Scan())) {
        for (Result r : s) {
          for (Cell c : r.rawCells()) {
            if (CellUtil.matchingFamily(c, DmpTables.Profile.LIVE)) {
              continue; // the stream's family, of the same name in dmp:id_index and dmp:segment
            }
            out.add(
                name
                    + "/"
                    + Bytes.toString(CellUtil.cloneRow(c))
                    + "/"
                    + Bytes.toString(CellUtil.cloneFamily(c))
                    + ":"
                    + Bytes.toString(CellUtil.cloneQualifier(c))
                    + (timestamps ? "/" + c.getTimestamp() : "")
                    + "="
                    + Bytes.toString(CellUtil.cloneValue(c)));
          }
        }
      }
    }
    return out;
  }
}
