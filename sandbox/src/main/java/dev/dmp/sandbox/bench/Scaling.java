package dev.dmp.sandbox.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmp.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dmp bench --compare DIR...}: the runs of several sizes in one document, and how the time
 * per event grows from the smallest to each larger one (the target: flat within 20 %).
 */
final class Scaling {

  private Scaling() {}

  /** Writes {@code out/bench.json} and {@code out/bench.md}; returns the Markdown. */
  static String compare(String[] dirs, Path out) throws IOException, UsageException {
    ObjectMapper json = new ObjectMapper();
    List<Map<String, Object>> runs = new ArrayList<>();
    for (String dir : dirs) {
      Path file = Path.of(dir, "bench.json");
      if (!Files.isRegularFile(file)) {
        throw new UsageException("--compare: " + file + " does not exist");
      }
      runs.add(json.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {}));
    }
    runs.sort(Comparator.comparingLong(r -> BenchTables.number(r, "events")));

    List<String> stages = new ArrayList<>(CHAIN);
    stages.add(0, "floor");
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, Object> smallest = runs.get(0);
    for (Map<String, Object> run : runs) {
      Map<String, Object> row = new LinkedHashMap<>();
      long events = BenchTables.number(run, "events");
      row.put("events", events);
      for (String stage : stages) {
        double seconds =
            (Double) BenchTables.map(BenchTables.map(run, "stages"), stage).get("seconds");
        row.put(stage + "_us_per_event", Math.round(seconds * 1e7 / events) / 10.0);
      }
      row.put("chain_us_per_event", run.get("chain_microseconds_per_event"));
      row.put(
          "chain_us_per_event_vs_smallest",
          ratio(
              (Double) run.get("chain_microseconds_per_event"),
              (Double) smallest.get("chain_microseconds_per_event")));
      rows.add(row);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("scaling", rows);
    doc.put("runs", runs);
    Files.createDirectories(out);
    json.enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("bench.json").toFile(), doc);

    StringBuilder b = new StringBuilder();
    for (Map<String, Object> run : runs) {
      b.append(BenchTables.markdown(run));
    }
    b.append("\n| events | µs per event:");
    stages.forEach(s -> b.append(' ').append(s).append(" |"));
    b.append(" chain | chain vs smallest |\n|---:|");
    b.append("---:|".repeat(stages.size() + 2)).append('\n');
    for (Map<String, Object> row : rows) {
      b.append(String.format("| %,d |", BenchTables.number(row, "events")));
      for (String stage : stages) {
        b.append(' ').append(row.get(stage + "_us_per_event")).append(" |");
      }
      b.append(
          String.format(
              " %s | %s × |%n",
              row.get("chain_us_per_event"), row.get("chain_us_per_event_vs_smallest")));
    }
    Files.writeString(out.resolve("bench.md"), b.toString());
    return b.toString();
  }

  /** The stages of the daily chain after ingest, whose sum is compared with the floor pass. */
  static final List<String> CHAIN = List.of("clean", "idgraph", "attribute", "profile", "report");

  /** The work Spark's reference figure covers: clean, graph, per-person aggregation. */
  static final List<String> SPARK_SCOPE = List.of("clean", "idgraph", "attribute", "profile");

  /** Each stage's time against the floor pass, and the chain's, into {@code doc}. */
  static void addRatios(
      Map<String, Object> doc, Map<String, Map<String, Object>> stages, long events) {
    double floor = (Double) stages.get("floor").get("seconds");
    for (Map.Entry<String, Map<String, Object>> e : stages.entrySet()) {
      if (!e.getKey().equals("generate") && !e.getKey().equals("ingest")) {
        e.getValue().put("floor_ratio", ratio((Double) e.getValue().get("seconds"), floor));
      }
    }
    double chain = sum(stages, CHAIN);
    doc.put("chain_seconds", StageMeter.round(chain));
    doc.put("chain_floor_ratio", ratio(chain, floor));
    doc.put("chain_microseconds_per_event", Math.round(chain * 1e7 / events) / 10.0);
    doc.put("spark_scope_seconds", StageMeter.round(sum(stages, SPARK_SCOPE)));
    doc.put("spark_reference_seconds", 43.0);
  }

  private static double sum(Map<String, Map<String, Object>> stages, List<String> names) {
    return names.stream().mapToDouble(n -> (Double) stages.get(n).get("seconds")).sum();
  }

  static double ratio(double a, double b) {
    return Math.round(100.0 * a / b) / 100.0;
  }
}
