package dev.dmp.mapreduce.erasure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.common.StagedOutput;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The record of each erasure, {@code erasures/<time>.json}: when, how many people, identifiers,
 * HBase rows, and records removed from which datasets; never who (no identifier, no OneID), so that
 * the record of an erasure does not undo it.
 */
public final class ErasureLog {

  private ErasureLog() {}

  /** The directory of the erasure records. */
  public static Path dir(Configuration conf) {
    return new Path(DmpPaths.of(conf).base(), "erasures");
  }

  /**
   * Records that an erasure has begun, before it changes anything: {@code <time>.pending.json}. An
   * erasure that dies leaves it, so that its record says what happened; running forget again
   * completes the erasure.
   */
  public static Path pending(Configuration conf) throws IOException {
    Instant now = Instant.now();
    ObjectNode doc = StageRunner.JSON.createObjectNode();
    doc.put("time", now.toString());
    doc.put("state", "pending");
    Path file = new Path(dir(conf), now.toString().replace(':', '-') + ".pending.json");
    writeNew(conf, file, doc);
    return file;
  }

  /** Writes one erasure's record in the place of its pending one; returns its path. */
  public static Path complete(
      Configuration conf,
      Path pending,
      int identifiers,
      int people,
      int hbaseRows,
      Purge.Result purged)
      throws IOException {
    ObjectNode doc = StageRunner.JSON.createObjectNode();
    String name = pending.getName();
    try (java.io.InputStream in = pending.getFileSystem(conf).open(pending)) {
      doc.put("time", StageRunner.JSON.readTree(in).path("time").asText());
    }
    doc.put("completed", Instant.now().toString());
    doc.put("state", "complete");
    doc.put("people", people);
    doc.put("identifiers_suppressed", identifiers);
    doc.put("hbase_rows_deleted", hbaseRows);
    doc.put("files_read", purged.files());
    doc.put("records_read", purged.records());
    doc.put("records_removed", purged.removedTotal());
    doc.set("records_removed_by_dataset", StageRunner.JSON.valueToTree(purged.removed()));
    doc.set("files_rewritten_by_dataset", StageRunner.JSON.valueToTree(purged.rewritten()));
    doc.set("records_scrubbed_by_dataset", StageRunner.JSON.valueToTree(purged.scrubbed()));
    Path file =
        new Path(
            pending.getParent(),
            name.substring(0, name.length() - ".pending.json".length()) + ".json");
    writeNew(conf, file, doc);
    PathGuard.of(conf).delete(pending, false);
    return file;
  }

  private static void writeNew(Configuration conf, Path file, ObjectNode doc) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    StagedOutput.mkdirsOwnerOnly(fs, file.getParent());
    try (OutputStream out = fs.create(file, false)) {
      StageRunner.JSON.writeValue(out, doc);
    }
  }
}
