package dev.dmp.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs of several sizes merged: the time per event of each size against the smallest. */
class ScalingTest {

  @TempDir Path dir;

  /** A run's document with the figures the comparison reads; every stage takes {@code s}. */
  private Path run(String name, long events, double s) throws Exception {
    Map<String, Object> stages = new LinkedHashMap<>();
    for (String stage :
        new String[] {"floor", "clean", "idgraph", "attribute", "profile", "report"}) {
      stages.put(stage, Map.of("seconds", s, "records_in", events, "records_out", events));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("events", events);
    doc.put("seed", 42);
    doc.put("stages", stages);
    double chain = 5 * s;
    doc.put("chain_seconds", chain);
    doc.put("chain_floor_ratio", 5.0 + events / 1_000_000);
    doc.put("jobs_per_day", 8);
    doc.put("chain_microseconds_per_event", Math.round(chain * 1e7 / events) / 10.0);
    Path d = dir.resolve(name);
    Files.createDirectories(d);
    new ObjectMapper().writeValue(d.resolve("bench.json").toFile(), doc);
    return d;
  }

  @Test
  void timePerEventIsComparedWithTheSmallestRun() throws Exception {
    Path big = run("big", 8_000_000, 96.0); // 60 µs per event in the chain
    Path small = run("small", 1_000_000, 10.0); // 50 µs
    Path out = dir.resolve("out");

    String md = Scaling.compare(new String[] {big.toString(), small.toString()}, out);

    JsonNode doc = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
    assertThat(doc.get("scaling")).hasSize(2);
    JsonNode first = doc.get("scaling").get(0);
    JsonNode second = doc.get("scaling").get(1);
    assertThat(first.get("events").asLong()).isEqualTo(1_000_000);
    assertThat(first.get("chain_us_per_event_vs_smallest").asDouble()).isEqualTo(1.0);
    assertThat(second.get("clean_us_per_event").asDouble()).isEqualTo(12.0);
    assertThat(second.get("chain_us_per_event_vs_smallest").asDouble()).isEqualTo(1.2);
    assertThat(doc.get("runs")).hasSize(2);
    assertThat(md).contains("| 8,000,000 | 12.0 | 12.0 |").contains("| 60.0 | 1.2 × |");
    assertThat(Files.readString(out.resolve("bench.md"))).isEqualTo(md);
    // Each size's figures against the targets: 6 × at 1M meets ≤ 6 ×, 13 × at 8M misses it.
    assertThat(md)
        .contains("| chain (clean → report) / floor pass, × | 6.0 | ≤ 6 | met |")
        .contains("| chain (clean → report) / floor pass, × | 13.0 | ≤ 6 | missed |")
        .contains("| MapReduce jobs per day (clean → load) | 8 | ≤ 9 | met |");
  }

  @Test
  void pathsGrowWithTheEventsUpTo100000() {
    assertThat(BenchTool.pathDiameters(20_000)).containsExactly(10, 100, 1_000);
    assertThat(BenchTool.pathDiameters(50)).containsExactly(10);
    assertThat(BenchTool.pathDiameters(8_000_000)).containsExactly(10, 100, 1_000, 10_000, 100_000);
  }

  @Test
  void aMissingRunIsAUsageError() {
    assertThatThrownBy(
            () ->
                Scaling.compare(new String[] {dir.resolve("nothing").toString()}, dir.resolve("o")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("nothing");
  }
}
