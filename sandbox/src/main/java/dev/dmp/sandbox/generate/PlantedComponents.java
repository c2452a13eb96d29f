package dev.dmp.sandbox.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The people the identity graph must find: a union-find over the identifiers that the generated
 * events link (as the graph will link them), with each component's clean events and revenue.
 */
final class PlantedComponents {

  /** Union-find parent of each identifier. */
  private final Map<String, String> parent = new HashMap<>();

  /** Clean events and revenue, by an identifier of each event (grouped by component at the end). */
  private final Map<String, double[]> activity = new HashMap<>();

  /** Links the usable identifiers of one event, and counts it to their component if it is clean. */
  void link(List<String> ids, boolean clean, double revenue) {
    for (String id : ids) {
      union(ids.get(0), id);
    }
    if (clean) {
      double[] a = activity.computeIfAbsent(ids.get(0), k -> new double[2]);
      a[0]++;
      a[1] += revenue;
    }
  }

  private String find(String id) {
    String p = parent.putIfAbsent(id, id);
    if (p == null || p.equals(id)) {
      return id;
    }
    String root = find(p);
    parent.put(id, root);
    return root;
  }

  private void union(String a, String b) {
    String ra = find(a);
    String rb = find(b);
    if (!ra.equals(rb)) {
      parent.put(ra, rb);
    }
  }

  /**
   * Writes {@code file} ({@code _components.jsonl}): one line per component, with its identifiers,
   * whether it holds one of {@code suppressed}, and its clean events and revenue.
   */
  void write(FileSystem fs, Path file, Set<String> suppressed, ObjectMapper json)
      throws IOException {
    Map<String, TreeSet<String>> members = new TreeMap<>();
    for (String id : new ArrayList<>(parent.keySet())) {
      members.computeIfAbsent(find(id), k -> new TreeSet<>()).add(id);
    }
    Map<String, double[]> byRoot = new HashMap<>();
    activity.forEach(
        (id, a) -> {
          double[] sum = byRoot.computeIfAbsent(find(id), k -> new double[2]);
          sum[0] += a[0];
          sum[1] += a[1];
        });
    List<ObjectNode> lines = new ArrayList<>();
    for (Map.Entry<String, TreeSet<String>> c : members.entrySet()) {
      ObjectNode n = json.createObjectNode();
      var ids = n.putArray("ids");
      c.getValue().forEach(ids::add);
      n.put("suppressed", c.getValue().stream().anyMatch(suppressed::contains));
      double[] a = byRoot.getOrDefault(c.getKey(), new double[2]);
      n.put("clean_events", (long) a[0]);
      n.put("revenue", Math.round(a[1] * 100) / 100.0);
      lines.add(n);
    }
    lines.sort(Comparator.comparing(n -> n.get("ids").get(0).asText()));
    try (OutputStream o = new BufferedOutputStream(fs.create(file, true))) {
      for (ObjectNode n : lines) {
        o.write(json.writeValueAsBytes(n));
        o.write('\n');
      }
    }
  }
}
