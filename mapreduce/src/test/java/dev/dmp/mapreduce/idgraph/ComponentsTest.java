package dev.dmp.mapreduce.idgraph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.ComponentSet;
import dev.dmp.avro.IdNode;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hash-to-Min on the local job runner: right components, in logarithmic rounds; and the in-memory
 * union-find that replaces it on small graphs gives the same labels.
 */
class ComponentsTest {

  @TempDir Path dir;

  /**
   * The labels of the graph's components, by Hash-to-Min (the rounds it took in {@code rounds}) or,
   * where {@code rounds} is null, by the driver's union-find; each call in a directory of its own.
   */
  private Map<String, String> components(
      Map<String, TreeSet<String>> graph, java.util.Set<String> supers, int[] rounds)
      throws Exception {
    Path dir = Files.createTempDirectory(this.dir, rounds == null ? "memory" : "rounds");
    Path nodes = dir.resolve("nodes");
    Files.createDirectories(nodes);
    Path superDir = dir.resolve("super");
    Files.createDirectories(superDir);
    try (DataFileWriter<IdNode> w = new DataFileWriter<>(new SpecificDatumWriter<>(IdNode.class))) {
      w.create(IdNode.getClassSchema(), nodes.resolve("part-r-00000.avro").toFile());
      for (var e : graph.entrySet()) {
        w.append(
            new IdNode(
                e.getKey(),
                new ArrayList<>(e.getValue()),
                e.getValue().size(),
                supers.contains(e.getKey())));
      }
    }
    try (DataFileWriter<IdNode> w = new DataFileWriter<>(new SpecificDatumWriter<>(IdNode.class))) {
      w.create(IdNode.getClassSchema(), superDir.resolve("part-r-00000.avro").toFile());
      for (String s : supers) {
        w.append(new IdNode(s, List.of(), 99, true));
      }
    }
    Configuration conf = CommandRunner.embedded(dir.resolve("base"));
    org.apache.hadoop.fs.Path nodesDir = new org.apache.hadoop.fs.Path(nodes.toUri());
    org.apache.hadoop.fs.Path superPath = new org.apache.hadoop.fs.Path(superDir.toUri());
    Map<String, String> label = new HashMap<>();
    if (rounds == null) {
      UnionFind.read(conf, nodesDir, superPath).forEachLabel(label::put);
      return label;
    }
    ConnectedComponents.Result cc =
        ConnectedComponents.hashToMin(
            (step, job) -> Jobs.run(job),
            conf,
            nodesDir,
            superPath,
            // Where a stage's staging is: below the base, which the rounds' deletes must stay in.
            new org.apache.hadoop.fs.Path(dir.resolve("base/tmp/work").toUri()));
    rounds[0] = cc.rounds();
    for (File f :
        new File(cc.result().toUri().getPath()).listFiles((d, n) -> n.endsWith(".avro"))) {
      try (DataFileReader<ComponentSet> r =
          new DataFileReader<>(f, new SpecificDatumReader<>(ComponentSet.class))) {
        r.forEach(c -> label.put(c.getId(), c.getMembers().get(0)));
      }
    }
    return label;
  }

  private static void link(Map<String, TreeSet<String>> g, String a, String b) {
    g.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
    g.computeIfAbsent(b, k -> new TreeSet<>()).add(a);
  }

  @Test
  void aPathOfDiameter1000ConvergesInLogarithmicRounds() throws Exception {
    Map<String, TreeSet<String>> path = new TreeMap<>();
    // Ids shuffled along the path, so that the smallest one sits somewhere in the middle.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i <= 1000; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, new Random(5));
    for (int i = 0; i < 1000; i++) {
      link(
          path,
          String.format("cookie:n%04d", order.get(i)),
          String.format("cookie:n%04d", order.get(i + 1)));
    }
    int[] rounds = new int[1];
    Map<String, String> label = components(path, java.util.Set.of(), rounds);

    assertThat(label).hasSize(1001);
    assertThat(label.values()).containsOnly("cookie:n0000");
    assertThat(components(path, java.util.Set.of(), null)).isEqualTo(label);
    int bound = 2 * (int) Math.ceil(Math.log(1000) / Math.log(2)) + 2;
    System.out.printf(
        "path of diameter 1000: %d Hash-to-Min rounds (bound %d)%n", rounds[0], bound);
    assertThat(rounds[0]).isLessThanOrEqualTo(bound);
  }

  @Test
  void randomGraphsGetTheComponentsOfAUnionFindAndSuperConnectorsMergeNoOne() throws Exception {
    Random random = new Random(17);
    Map<String, TreeSet<String>> g = new TreeMap<>();
    int n = 3000;
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      g.computeIfAbsent("id:" + i, k -> new TreeSet<>());
    }
    for (int e = 0; e < 2200; e++) {
      int a = random.nextInt(n);
      int b = random.nextInt(n);
      if (a != b) {
        link(g, "id:" + a, "id:" + b);
        parent[find(parent, a)] = find(parent, b);
      }
    }
    // A hub linked to everyone: a super-connector must not merge them.
    for (int i = 0; i < n; i += 7) {
      g.get("id:" + i).add("hub:x");
    }
    int[] rounds = new int[1];
    Map<String, String> label = components(g, java.util.Set.of("hub:x"), rounds);

    assertThat(label).doesNotContainKey("hub:x").hasSize(n);
    assertThat(components(g, java.util.Set.of("hub:x"), null))
        .as("in memory, the labels of Hash-to-Min")
        .isEqualTo(label);
    for (int a = 0; a < n; a++) {
      for (int b : new int[] {random.nextInt(n), (a + 1) % n, (a + 7) % n}) {
        boolean same = find(parent, a) == find(parent, b);
        assertThat(label.get("id:" + a).equals(label.get("id:" + b)))
            .as(a + " ~ " + b)
            .isEqualTo(same);
      }
    }
  }

  private static int find(int[] p, int x) {
    while (p[x] != x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }
}
