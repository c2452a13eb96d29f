package dev.dmp.mapreduce.idgraph;

import dev.dmp.avro.SuppressedId;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpPaths;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Every identifier of the people the newest graph found suppressed ({@code
 * graph/dt=D/suppressed-ids}): a person is suppressed when any of their identifiers is, so their
 * other identifiers are dropped too, which the stream cannot see in an event that lacks the
 * suppressed one.
 */
public final class SuppressedPeople {

  private SuppressedPeople() {}

  /** The identifiers, {@code type:value}; empty before the first graph. */
  public static Set<String> identifiers(Configuration conf) throws IOException {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    Path graph = IdGraphJob.newestGraph(fs, paths, RunDate.endOfTime(), false);
    Set<String> out = new HashSet<>();
    if (graph != null && fs.exists(DmpPaths.suppressedIds(graph))) {
      AvroFiles.forEach(
          conf,
          DmpPaths.suppressedIds(graph),
          SuppressedId.class,
          s -> out.add(s.getId().toString()));
    }
    return out;
  }

  /** The newest graph's directory name, or "" before the first: whether it changed. */
  public static String newestGraph(Configuration conf) throws IOException {
    DmpPaths paths = DmpPaths.of(conf);
    Path graph =
        IdGraphJob.newestGraph(paths.base().getFileSystem(conf), paths, RunDate.endOfTime(), false);
    return graph == null ? "" : graph.getName();
  }
}
