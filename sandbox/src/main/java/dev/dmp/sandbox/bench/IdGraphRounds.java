package dev.dmp.sandbox.bench;

import dev.dmp.avro.IdNode;
import dev.dmp.core.DmpException;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.idgraph.ConnectedComponents;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The identity graph's round count on paths of known diameter, the worst shape for label
 * propagation: {@code d + 1} identifiers in a line, their order shuffled so that the smallest one
 * sits anywhere. Hash-to-Min ({@link ConnectedComponents#hashToMin}, which a graph this small would
 * not need) should need no more than {@code 2 · ⌈log2 d⌉ + 2} MapReduce rounds.
 */
final class IdGraphRounds {

  private IdGraphRounds() {}

  static int bound(int diameter) {
    return 2 * (int) Math.ceil(Math.log(diameter) / Math.log(2)) + 2;
  }

  /** One path per diameter, each in its own directory under {@code work}. */
  static List<Map<String, Object>> run(Configuration conf, Path work, int[] diameters, long seed)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    FileSystem fs = work.getFileSystem(conf);
    List<Map<String, Object>> result = new ArrayList<>();
    for (int d : diameters) {
      Path dir = new Path(work, "path-" + d);
      Path nodes = DmpPaths.nodes(dir);
      Path supers = DmpPaths.superConnectors(dir);
      writePath(fs, new Path(nodes, "part-r-00000.avro"), d, seed);
      fs.mkdirs(supers);
      long started = System.nanoTime();
      ConnectedComponents.Result cc =
          ConnectedComponents.hashToMin(
              (step, job) -> Jobs.run(job), conf, nodes, supers, new Path(dir, "cc"));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("diameter", d);
      m.put("identifiers", d + 1);
      m.put("rounds", cc.rounds());
      m.put("bound", bound(d));
      m.put("seconds", StageMeter.round((System.nanoTime() - started) / 1e9));
      result.add(m);
      fs.delete(dir, true);
    }
    return result;
  }

  /** The graph state of a path of {@code diameter} edges, its identifiers in shuffled order. */
  private static void writePath(FileSystem fs, Path file, int diameter, long seed)
      throws IOException {
    List<String> order = new ArrayList<>(diameter + 1);
    for (int i = 0; i <= diameter; i++) {
      order.add(String.format("cookie:p%08d", i));
    }
    Collections.shuffle(order, new Random(seed));
    List<IdNode> nodes = new ArrayList<>(order.size());
    for (int i = 0; i <= diameter; i++) {
      List<String> neighbours = new ArrayList<>(2);
      if (i > 0) {
        neighbours.add(order.get(i - 1));
      }
      if (i < diameter) {
        neighbours.add(order.get(i + 1));
      }
      Collections.sort(neighbours);
      nodes.add(new IdNode(order.get(i), neighbours, neighbours.size(), false));
    }
    nodes.sort((a, b) -> a.getId().compareTo(b.getId()));
    try (OutputStream out = fs.create(file, true);
        DataFileWriter<IdNode> w = new DataFileWriter<>(new SpecificDatumWriter<>(IdNode.class))) {
      w.create(IdNode.getClassSchema(), out);
      for (IdNode n : nodes) {
        w.append(n);
      }
    }
  }
}
