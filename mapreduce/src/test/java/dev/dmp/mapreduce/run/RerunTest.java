package dev.dmp.mapreduce.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.hbase.DmpTables;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.generate.GenerateTool;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.serving.EmbeddedHBase;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.mapreduce.testing.DecodedFiles;
import dev.dmp.mapreduce.testing.TableDump;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Days that go wrong: a day stopped by the gate does not stop the days after it, which build across
 * the gap and say so; once the day is put right, {@code dmp rerun --from} it gives every dataset of
 * every day exactly as an undisturbed run would have.
 */
class RerunTest {

  private static final List<String> DAYS = List.of("2026-11-20", "2026-11-21", "2026-11-22");

  @TempDir Path dir;

  /**
   * Both runs use one embedded HBase (HBase's standalone mode does not start twice in one JVM, so
   * this class has a surefire JVM of its own); its tables are emptied in between.
   */
  private CommandRunner commands(String base) {
    Configuration conf = CommandRunner.embedded(dir.resolve(base));
    conf.set(EmbeddedHBase.DIR, dir.resolve("hbase").toString());
    return new CommandRunner(conf);
  }

  /** HBase writes under {@link #dir} until it stops, so it stops before the directory goes. */
  @AfterEach
  void stopHBase() {
    EmbeddedHBase.stopShared();
  }

  private static void emptyTables(CommandRunner commands) throws Exception {
    try (Connection c =
            ConnectionFactory.createConnection(EmbeddedHBase.startIfEmbedded(commands.conf()));
        Admin admin = c.getAdmin()) {
      List<TableName> tables = new java.util.ArrayList<>(DmpTables.ALL);
      tables.add(DmpTables.Load.NAME);
      for (TableName t : tables) {
        admin.disableTable(t);
        admin.truncateTable(t, true);
      }
    }
  }

  private CommandRunner land(String base) throws Exception {
    CommandRunner commands = commands(base);
    for (int d = 0; d < DAYS.size(); d++) {
      Path in = dir.resolve("in-" + d);
      if (!Files.exists(in)) {
        assertThat(
                commands.run(
                    new GenerateTool(),
                    "--date",
                    DAYS.get(d),
                    "--events",
                    "1500",
                    "--seed",
                    Integer.toString(7 + d),
                    "--malformed-share",
                    d == 1 ? "0.2" : "0.004",
                    "--out",
                    in.toString()))
            .as(commands.err())
            .isZero();
      }
      assertThat(commands.run(new IngestTool(), "--date", DAYS.get(d), in.toString()))
          .as(commands.err())
          .isZero();
    }
    commands.reset();
    return commands;
  }

  @Test
  void aDayStoppedByTheGateDoesNotStopTheNextAndARerunPutsEverythingRight() throws Exception {
    CommandRunner undisturbed = land("undisturbed");
    undisturbed.conf().set("dmp.gate.max.reject.rate", "0.5");
    for (String day : DAYS) {
      assertThat(undisturbed.run(new RunTool(), "--date", day)).as(undisturbed.err()).isZero();
    }

    // The same raw zone (ingest records when it received each record).
    List<String> undisturbedCells = cells(undisturbed);
    emptyTables(undisturbed);
    CommandRunner disturbed = commands("disturbed");
    copy(dir.resolve("undisturbed/raw"), dir.resolve("disturbed/raw"));
    assertThat(disturbed.run(new RunTool(), "--date", DAYS.get(0))).isZero();
    assertThat(disturbed.run(new RunTool(), "--date", DAYS.get(1))).isEqualTo(DmpTool.FAILED);
    assertThat(disturbed.err()).contains("quality gate failed for " + DAYS.get(1));
    disturbed.reset();
    assertThat(disturbed.run(new RunTool(), "--date", DAYS.get(2))).as(disturbed.err()).isZero();
    assertThat(disturbed.out())
        .contains("built on the graph of " + DAYS.get(0) + ": the 1 day(s) after it have none")
        .contains("built on the profiles of " + DAYS.get(0) + ": the 1 day(s) after it have none");
    assertThat(differences(datasets("disturbed"), datasets("undisturbed"))).isNotEmpty();

    // Put right (here: the gate's limit for that feed), then rerun from the day that stopped.
    disturbed.conf().set("dmp.gate.max.reject.rate", "0.5");
    disturbed.reset();
    assertThat(disturbed.run(new RerunTool(), "--from", DAYS.get(1))).as(disturbed.err()).isZero();
    assertThat(disturbed.out())
        .contains("rerun of 2 day(s): " + DAYS.get(1) + " .. " + DAYS.get(2))
        .contains("rerun done: 2 day(s)");

    assertThat(differences(datasets("disturbed"), datasets("undisturbed"))).isEmpty();
    assertThat(disturbed.out()).contains("unloaded " + DAYS.get(1) + " and later from HBase");
    List<String> disturbedCells = cells(disturbed);
    assertThat(disturbedCells).hasSameSizeAs(undisturbedCells).isEqualTo(undisturbedCells);
  }

  /** Every visible cell of every table the load writes: row, column, timestamp, value. */
  private static List<String> cells(CommandRunner commands) throws Exception {
    try (Connection c =
        ConnectionFactory.createConnection(EmbeddedHBase.startIfEmbedded(commands.conf()))) {
      return TableDump.cells(c);
    }
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** The datasets and days where two runs differ, with their first differing record. */
  private static List<String> differences(
      Map<String, List<String>> a, Map<String, List<String>> b) {
    List<String> out = new java.util.ArrayList<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String k : keys) {
      List<String> x = a.getOrDefault(k, List.of());
      List<String> y = b.getOrDefault(k, List.of());
      if (!x.equals(y)) {
        List<String> onlyX = new java.util.ArrayList<>(x);
        onlyX.removeAll(y);
        List<String> onlyY = new java.util.ArrayList<>(y);
        onlyY.removeAll(x);
        out.add(
            k
                + ": "
                + x.size()
                + " vs "
                + y.size()
                + " values, e.g. "
                + onlyX.stream().limit(3).toList()
                + " / "
                + onlyY.stream().limit(3).toList());
      }
    }
    return out;
  }

  /**
   * Every record of every dataset (raw and quality aside: ingest times and seconds differ), by
   * dataset and day, sorted: what two runs must agree on.
   */
  private Map<String, List<String>> datasets(String base) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    Path root = dir.resolve(base);
    for (String dataset : List.of("clean", "links", "graph", "attributed", "profiles", "reports")) {
      Path d = root.resolve(dataset);
      if (!Files.exists(d)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(d)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".avro")).toList()) {
          String key = root.relativize(f.getParent()).toString();
          out.computeIfAbsent(key, k -> new java.util.ArrayList<>())
              .addAll(DecodedFiles.text(f).lines().toList());
        }
      }
    }
    out.values().forEach(l -> l.sort(null));
    return out;
  }
}
