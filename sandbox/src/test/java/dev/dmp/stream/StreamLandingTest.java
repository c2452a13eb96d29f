package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.core.RunDate;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.money.RatesTool;
import dev.dmp.mapreduce.run.RunTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.mapreduce.testing.TableDump;
import dev.dmp.sandbox.generate.GenerateTool;
import dev.dmp.sandbox.generate.GeneratedDay;
import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.hbase.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated day sent to Kafka (four topics of four partitions, in arrival order) and landed by
 * the stream job runs exactly as the same day ingested from files: the same fates, the same people,
 * the same cells in HBase; every message landed once and every hour reconciled.
 */
class StreamLandingTest {

  private static final String DAY = "2026-11-20";
  private static final List<String> FEEDS = GeneratedFeeds.TOPICS;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  @AfterAll
  static void stopHBase() {
    HBaseConnections.stopEmbedded();
  }

  @Test
  void aDayLandedFromKafkaRunsAsTheSameDayIngestedFromFiles() throws Exception {
    Path in = dir.resolve("in");
    CommandRunner files = commands("files");
    assertThat(
            files.run(
                new GenerateTool(),
                "--date",
                DAY,
                "--events",
                "50000",
                "--seed",
                "11",
                "--out",
                in.toString()))
        .as(files.err())
        .isZero();
    GeneratedDay day =
        new GeneratedDay(new org.apache.hadoop.fs.Path(in.toUri()), RunDate.parse(DAY));
    day.forget(steps(files));
    day.ingest(steps(files));
    assertThat(files.run(new RunTool(), "--date", DAY)).as(files.err()).isZero();
    List<String> cellsFromFiles;
    try (Connection hbase = HBaseConnections.connect(files.conf())) {
      cellsFromFiles = TableDump.values(hbase);
      GeneratedFeeds.truncate(hbase);
    }
    assertThat(cellsFromFiles).hasSizeGreaterThan(10_000);

    CommandRunner stream = commands("kafka");
    day.forget(steps(stream));
    assertThat(stream.run(new RatesTool(), "--date", DAY, "--load", day.rates().toString()))
        .as(stream.err())
        .isZero();
    long produced;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopics(FEEDS, 4);
      List<FeedProducer.Line> lines =
          FeedProducer.day(files.conf(), day.dir(), FEEDS, RunDate.parse(DAY));
      produced = FeedProducer.send(kafka.bootstrapServers(), lines, 4);
      assertThat(produced).isEqualTo(lines.size()).isGreaterThanOrEqualTo(50_000);
      assertThat(
              stream.run(
                  new StreamTool(),
                  "run",
                  "--bootstrap-servers",
                  kafka.bootstrapServers(),
                  "--topics",
                  String.join(",", FEEDS),
                  "--until-day",
                  DAY,
                  "--for",
                  "300"))
          .as(stream.err() + stream.out())
          .isZero();
    }
    DmpPaths paths = DmpPaths.of(stream.conf());
    // Every hour of every feed reconciled and flagged; as many records landed as were sent.
    long landed = 0;
    for (int hour = 0; hour < 24; hour++) {
      JsonNode report =
          JSON.readTree(
              local(paths.report(RunDate.parse(DAY), String.format("landing-%02d", hour)))
                  .toFile());
      for (String feed : FEEDS) {
        JsonNode entry = report.path("feeds").path(feed);
        assertThat(entry.path("status").asText()).as(feed + " hour " + hour).isEqualTo("flagged");
        assertThat(entry.path("records_written").asLong())
            .isEqualTo(entry.path("records_read").asLong());
        landed += entry.path("records_written").asLong();
        assertThat(local(paths.rawPartition(RunDate.parse(DAY), hour, feed)).resolve("_SUCCESS"))
            .exists();
      }
    }
    assertThat(landed).isEqualTo(produced);
    for (String feed : FEEDS) {
      assertThat(local(paths.rawPartition(RunDate.parse(DAY), -1, feed)).resolve("_SUCCESS"))
          .exists();
    }

    assertThat(stream.run(new RunTool(), "--date", DAY)).as(stream.err()).isZero();
    for (String field :
        List.of("read", "clean", "rejected", "duplicate", "bot", "opted_out", "by_source")) {
      assertThat(report(stream, "clean").get(field))
          .as(field)
          .isEqualTo(report(files, "clean").get(field));
    }
    for (String field : List.of("nodes", "edges", "components", "newOneids")) {
      assertThat(report(stream, "idgraph").get(field))
          .as(field)
          .isEqualTo(report(files, "idgraph").get(field));
    }
    try (Connection hbase = HBaseConnections.connect(stream.conf())) {
      assertThat(TableDump.values(hbase)).isEqualTo(cellsFromFiles);
    }
  }

  private static JsonNode report(CommandRunner commands, String stage) throws Exception {
    return JSON.readTree(
        local(DmpPaths.of(commands.conf()).report(RunDate.parse(DAY), stage)).toFile());
  }

  private static Path local(org.apache.hadoop.fs.Path path) {
    return Path.of(path.toUri().getPath());
  }

  private static CommandRunner commands(String name) {
    return GeneratedFeeds.commands(dir.resolve(name), dir.resolve("hbase"), "2s");
  }

  private static GeneratedDay.Steps steps(CommandRunner commands) {
    return (DmpTool tool, String... args) ->
        assertThat(commands.run(tool, args)).as(commands.err()).isZero();
  }
}
