package dev.dmp.mapreduce.erasure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.mapreduce.common.DmpPaths;
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

  /** Writes one erasure's record; returns its path. */
  public static Path write(
      Configuration conf, int identifiers, int people, int hbaseRows, Purge.Result purged)
      throws IOException {
    Instant now = Instant.now();
    ObjectNode doc = StageRunner.JSON.createObjectNode();
    doc.put("time", now.toString());
    doc.put("people", people);
    doc.put("identifiers_suppressed", identifiers);
    doc.put("hbase_rows_deleted", hbaseRows);
    doc.put("files_read", purged.files());
    doc.put("records_read", purged.records());
    doc.put("records_removed", purged.removedTotal());
    doc.set("records_removed_by_dataset", StageRunner.JSON.valueToTree(purged.removed()));
    doc.set("files_rewritten_by_dataset", StageRunner.JSON.valueToTree(purged.rewritten()));
    doc.set("records_scrubbed_by_dataset", StageRunner.JSON.valueToTree(purged.scrubbed()));
    Path dir = dir(conf);
    FileSystem fs = dir.getFileSystem(conf);
    StagedOutput.mkdirsOwnerOnly(fs, dir);
    Path file = new Path(dir, now.toString().replace(':', '-') + ".json");
    try (OutputStream out = fs.create(file, false)) {
      StageRunner.JSON.writeValue(out, doc);
    }
    return file;
  }
}
