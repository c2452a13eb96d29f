package dev.dmp.mapreduce.clean;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.IdLink;
import dev.dmp.avro.RejectRecord;
import dev.dmp.core.clean.RejectReason;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.erasure.ForgetTool;
import dev.dmp.mapreduce.gate.QualityTool;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.stage.StageRunner;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GenerateTool;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain so far on Hadoop's local job runner over generated data: generate, ingest every source,
 * then clean. Every count must equal what the generator planted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CleanChainLocalTest {

  private static final String DAY = "2026-11-20";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Configuration conf;
  private static JsonNode truth;
  private static CleanReport first;
  private static List<String> firstOutput;

  @BeforeAll
  static void runTheChain() throws Exception {
    conf = CommandRunner.embedded(dir.resolve("base"));
    conf.setInt(CleanJob.REDUCE_TASKS, 2);
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    conf.setInt("mapreduce.local.reduce.tasks.maximum", 2);
    Path input = dir.resolve("input");
    run(
        new GenerateTool(),
        "--date",
        DAY,
        "--events",
        "20000",
        "--seed",
        "7",
        "--out",
        input.toString());
    truth = JSON.readTree(input.resolve("_truth.json").toFile());
    // The people who asked to be forgotten did so before this day's data arrived: clean drops
    // their events as opted out (a forget after ingest would erase them from the raw zone).
    run(new ForgetTool(), "--file", input.resolve("_suppress.txt").toString());
    for (String source : List.of("web", "app", "crm", "ads")) {
      run(new IngestTool(), "--date", DAY, "--feed", source, input.resolve(source).toString());
    }
    first = StageRunner.quiet(conf).run(new CleanJob(), dev.dmp.core.RunDate.parse(DAY));
    firstOutput = cleanOutput();
  }

  /** Runs a command that must succeed; returns what it printed. */
  private static String run(DmpTool tool, String... args) throws Exception {
    CommandRunner commands = new CommandRunner(conf);
    assertThat(commands.run(tool, args)).as("dmp " + tool.name() + ": " + commands.err()).isZero();
    return commands.out();
  }

  @Test
  @Order(1)
  void everyFateEqualsThePlantedTruth() {
    assertThat(first.read).isEqualTo(truth.get("records").asLong()).isEqualTo(20_000);
    assertThat(first.clean).isEqualTo(truth.at("/fates/clean").asLong());
    assertThat(first.rejectedTotal).isEqualTo(truth.at("/fates/rejected").asLong());
    assertThat(first.duplicate).isEqualTo(truth.at("/fates/duplicate").asLong());
    assertThat(first.bot).isEqualTo(truth.at("/fates/bot").asLong());
    assertThat(first.optedOut).isEqualTo(truth.at("/fates/opted_out").asLong());
    for (RejectReason reason : RejectReason.values()) {
      assertThat(first.rejected.get(reason.name()))
          .as(reason.name())
          .isEqualTo(truth.at("/rejected/" + reason.name()).asLong())
          .isPositive();
    }
    assertThat(first.droppedIds).isEqualTo(truth.get("dropped_ids").asLong());
    Map<String, Map<String, Long>> expectedBySource =
        JSON.convertValue(
            truth.get("by_source"), new com.fasterxml.jackson.core.type.TypeReference<>() {});
    assertThat(first.bySource).isEqualTo(expectedBySource);
    assertThat(first.reconciliationError(first.read)).isNull();
  }

  @Test
  @Order(2)
  void theOutputsHoldWhatTheCountsSayAndNoPiiInTheClear() throws Exception {
    assertThat(firstOutput).hasSize((int) first.clean);
    // Generated e-mails and IPs (203.0.x.y) never appear in the clear: only hashes and /24
    // prefixes.
    assertThat(firstOutput)
        .noneMatch(e -> e.contains("@") || e.matches("(?s).*203\\.0\\.\\d+\\.\\d+\".*"));
    assertThat(firstOutput)
        .allMatch(
            e ->
                e.contains("\"ip_prefix\": null")
                    || e.matches("(?s).*\"ip_prefix\": \"203\\.0\\.\\d+\\.0/24\".*"));
    List<RejectRecord> rejects = read(DmpPaths.of(conf).rejects(parse()), RejectRecord.class);
    assertThat(rejects).hasSize((int) first.rejectedTotal);
    assertThat(rejects)
        .allSatisfy(
            r -> {
              assertThat(r.getMessage()).isNotBlank();
              assertThat(r.getOriginFile()).startsWith("part-");
              assertThat(r.getOriginLine()).isPositive();
            });
    assertThat(read(DmpPaths.of(conf).links(parse()), IdLink.class)).hasSize((int) first.optedOut);
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("base/rejects/dt=" + DAY))))
        .isEqualTo("rwx------");
  }

  @Test
  @Order(3)
  void theQualityReportPrintsTheKeysOperatorsScriptAgainst() throws Exception {
    JsonNode q = JSON.readTree(run(new QualityTool(), "--date", DAY, "--json"));
    assertThat(q.fieldNames())
        .toIterable()
        .contains(
            "date", "read", "clean", "rejected", "duplicate", "bot", "opted_out", "by_source");
    assertThat(q.get("read").asLong()).isEqualTo(20_000);
    assertThat(q.at("/rejected/MALFORMED").asLong())
        .isEqualTo(truth.at("/rejected/MALFORMED").asLong());
    String table = run(new QualityTool(), "--date", DAY);
    assertThat(table).contains("read", "MALFORMED", "web", "opted_out");
  }

  @Test
  @Order(4)
  void aRerunAndARepeatedIngestChangeNothing() throws Exception {
    Path input = dir.resolve("input");
    String again =
        run(new IngestTool(), "--date", DAY, "--feed", "web", input.resolve("web").toString());
    assertThat(again).contains("ingested 0 file(s)");

    CleanReport second = StageRunner.quiet(conf).run(new CleanJob(), parse());

    assertThat(JSON.writeValueAsString(second)).isEqualTo(JSON.writeValueAsString(first));
    assertThat(cleanOutput()).isEqualTo(firstOutput);
  }

  private static dev.dmp.core.RunDate parse() throws Exception {
    return dev.dmp.core.RunDate.parse(DAY);
  }

  /** The clean events as sorted JSON strings. */
  private static List<String> cleanOutput() throws Exception {
    return read(DmpPaths.of(conf).clean(parse()), CleanEvent.class).stream()
        .map(Object::toString)
        .sorted()
        .toList();
  }

  private static <T> List<T> read(org.apache.hadoop.fs.Path partition, Class<T> type)
      throws IOException {
    List<T> records = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of(partition.toUri().getPath()))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".avro")).sorted().toList()) {
        try (DataFileReader<T> r =
            new DataFileReader<>(new File(f.toString()), new SpecificDatumReader<>(type))) {
          r.forEach(records::add);
        }
      }
    }
    return records;
  }
}
