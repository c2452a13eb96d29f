package dev.dmp.mapreduce.load;

import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpTables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The two markers of a day's load, in HBase ({@code dmp:load}, for readers of the tables) and in
 * the day's quality directory (for {@code dmp quality}): written before the first bulk load,
 * completed after the last. A load that dies between them leaves the day marked half-loaded until a
 * rerun of the load completes it.
 */
final class LoadMarkers {

  private LoadMarkers() {}

  /** Marks the day's load as begun: {@code started} now, no {@code finished}. */
  static void started(Connection connection, RunDate date, FileSystem fs, Path file)
      throws IOException {
    String now = Instant.now().toString();
    try (OutputStream out = fs.create(file, true)) {
      out.write(
          ("{\"date\": \"" + date + "\", \"started\": \"" + now + "\"}\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    byte[] row = Bytes.toBytes(date.toString());
    RowMutations m = new RowMutations(row);
    m.add(new Put(row).addColumn(DmpTables.Load.STATE, DmpTables.Load.STARTED, Bytes.toBytes(now)));
    m.add(
        new Delete(row)
            .addColumns(DmpTables.Load.STATE, DmpTables.Load.FINISHED)
            .addColumns(DmpTables.Load.STATE, DmpTables.Load.CELLS));
    try (Table t = connection.getTable(DmpTables.Load.NAME)) {
      t.mutateRow(m);
    }
  }

  /** Marks the day's load as finished, with the cells it wrote. */
  static void finished(Connection connection, RunDate date, long cells, FileSystem fs, Path file)
      throws IOException {
    try (Table t = connection.getTable(DmpTables.Load.NAME)) {
      t.put(
          new Put(Bytes.toBytes(date.toString()))
              .addColumn(
                  DmpTables.Load.STATE,
                  DmpTables.Load.FINISHED,
                  Bytes.toBytes(Instant.now().toString()))
              .addColumn(
                  DmpTables.Load.STATE, DmpTables.Load.CELLS, Bytes.toBytes(Long.toString(cells))));
    }
    if (!fs.delete(file, false) && fs.exists(file)) {
      throw new IOException("cannot delete " + file);
    }
  }
}
