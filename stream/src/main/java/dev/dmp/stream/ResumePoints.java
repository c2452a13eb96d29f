package dev.dmp.stream;

import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checkpoints and savepoints the job left, and the newest complete one, which a new run resumes
 * from. A checkpoint or savepoint is complete when Flink has written its {@code _metadata} (last);
 * one cut short by a crash has none and is passed over.
 *
 * <pre>
 *   CHECKPOINTS/JOB-ID/chk-N/_metadata     retained checkpoints (one per job run, the latest)
 *   SAVEPOINTS/savepoint-XXXX/_metadata    written when a run stops (--for, Ctrl-C)
 * </pre>
 */
final class ResumePoints {

  static final String METADATA = "_metadata";

  private final FileSystem fs;
  private final Path checkpoints;
  private final Path savepoints;

  ResumePoints(FileSystem fs, Path checkpoints) {
    this.fs = fs;
    this.checkpoints = checkpoints;
    this.savepoints = new Path(checkpoints.getParent(), "savepoints");
  }

  Path savepoints() {
    return savepoints;
  }

  /** The newest complete checkpoint or savepoint, if any. */
  Optional<FileStatus> latest() throws IOException {
    FileStatus best = null;
    for (Path pattern :
        new Path[] {
          new Path(checkpoints, "*/chk-*/" + METADATA), new Path(savepoints, "*/" + METADATA)
        }) {
      FileStatus[] found = fs.globStatus(pattern);
      for (FileStatus f : found == null ? new FileStatus[0] : found) {
        if (best == null || f.getModificationTime() > best.getModificationTime()) {
          best = f;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Deletes every checkpoint and savepoint but {@code keep} (a savepoint just taken), so that the
   * next run resumes from it and the directories do not grow run after run.
   */
  void keepOnly(Path keep) throws IOException {
    Path kept = fs.makeQualified(keep);
    for (Path root : new Path[] {checkpoints, savepoints}) {
      if (!fs.exists(root)) {
        continue;
      }
      for (FileStatus f : fs.listStatus(root)) {
        if (!fs.makeQualified(f.getPath()).equals(kept)) {
          fs.delete(f.getPath(), true);
        }
      }
    }
  }
}
