package dev.dmp.mapreduce.idgraph;

import dev.dmp.avro.IdNode;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The super-connectors of a day ({@code graph/dt=D/super}), loaded into a task's memory. They are
 * few by construction: each has more than max.degree neighbours, so there are at most
 * 2·edges/max.degree of them.
 */
public final class SuperConnectors {

  private SuperConnectors() {}

  /**
   * The super-connectors of the newest graph (what erasure and the stream follow between daily
   * runs); empty before the first graph.
   */
  public static Set<String> newest(Configuration conf) throws IOException {
    DmpPaths paths = DmpPaths.of(conf);
    Path graph =
        IdGraphJob.newestGraph(paths.base().getFileSystem(conf), paths, RunDate.endOfTime(), false);
    return graph == null ? new HashSet<>() : load(conf, DmpPaths.superConnectors(graph));
  }

  public static Set<String> load(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    Set<String> ids = new HashSet<>();
    if (!fs.exists(dir)) {
      return ids;
    }
    for (FileStatus f : fs.listStatus(dir)) {
      if (f.isFile() && f.getPath().getName().endsWith(".avro")) {
        try (FSDataInputStream in = fs.open(f.getPath());
            DataFileStream<IdNode> nodes =
                new DataFileStream<>(in, new SpecificDatumReader<>(IdNode.class))) {
          nodes.forEach(n -> ids.add(n.getId()));
        }
      }
    }
    return ids;
  }
}
