package dev.dmp.mapreduce.idgraph;

import dev.dmp.avro.IdNode;
import dev.dmp.mapreduce.common.AvroFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The connected components of a graph that fits in memory, by union-find (by size, with path
 * halving): read once, nearly linear. Gives each identifier the same label as Hash-to-Min would,
 * the smallest identifier of its component, and leaves super-connectors out in the same way.
 */
final class UnionFind {

  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> ids = new ArrayList<>();
  private int[] parent = new int[1024];
  private int[] size = new int[1024];

  private UnionFind() {}

  /** The graph state in {@code nodes}, without the super-connectors in {@code superDir}. */
  static UnionFind read(Configuration conf, Path nodes, Path superDir) throws IOException {
    Set<String> superConnectors = SuperConnectors.load(conf, superDir);
    UnionFind graph = new UnionFind();
    AvroFiles.forEach(
        conf,
        nodes,
        IdNode.class,
        n -> {
          if (n.getSuperConnector()) {
            return;
          }
          int v = graph.node(n.getId());
          for (String u : n.getNeighbours()) {
            if (!superConnectors.contains(u)) {
              graph.union(v, graph.node(u));
            }
          }
        });
    return graph;
  }

  boolean contains(String id) {
    return index.containsKey(id);
  }

  /** Each identifier with its component's label, the component's smallest identifier. */
  void forEachLabel(BiConsumer<String, String> action) {
    int[] label = labels();
    for (int v = 0; v < ids.size(); v++) {
      action.accept(ids.get(v), ids.get(label[find(v)]));
    }
  }

  /** Per root, the index of its component's smallest identifier. */
  private int[] labels() {
    int n = ids.size();
    int[] label = new int[n];
    Arrays.fill(label, -1);
    for (int v = 0; v < n; v++) {
      int r = find(v);
      if (label[r] < 0 || ids.get(v).compareTo(ids.get(label[r])) < 0) {
        label[r] = v;
      }
    }
    return label;
  }

  private int node(String id) {
    Integer known = index.get(id);
    if (known != null) {
      return known;
    }
    int v = ids.size();
    if (v == parent.length) {
      parent = Arrays.copyOf(parent, v * 2);
      size = Arrays.copyOf(size, v * 2);
    }
    parent[v] = v;
    size[v] = 1;
    ids.add(id);
    index.put(id, v);
    return v;
  }

  private int find(int v) {
    while (parent[v] != v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  }

  private void union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra == rb) {
      return;
    }
    if (size[ra] < size[rb]) {
      int t = ra;
      ra = rb;
      rb = t;
    }
    parent[rb] = ra;
    size[ra] += size[rb];
  }
}
