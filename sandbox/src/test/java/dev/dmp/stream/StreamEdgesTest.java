package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.avro.RawRecord;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream job where things are not tidy: a topic that never speaks, a message over the record
 * limit, records that arrive after their hour was flagged, offsets Kafka deleted while the job was
 * stopped, and the options and brokers a user gets wrong. One broker and one platform directory;
 * each step runs the job again, resuming where the last stopped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamEdgesTest {

  private static final String DAY = "2026-11-22";
  private static final long START =
      LocalDate.parse(DAY).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  private static final long HOUR = 3_600_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static CommandRunner commands;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createTopics(List.of("clicks"), 2);
    kafka.createTopics(List.of("quiet"), 1);
    commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    commands.conf().set(StreamSettings.IDLE_TIMEOUT, "2s");
    commands.conf().set(StreamSettings.CHECKPOINT_INTERVAL, "1s");
    commands.conf().setInt(IngestTool.MAX_RECORD_BYTES, 1024);
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @Order(1)
  void aTopicThatNeverSpeaksHoldsNoHourBackAndAnOversizedMessageLandsCut() throws Exception {
    List<FeedProducer.Line> lines = new ArrayList<>();
    for (int hour = 0; hour < 3; hour++) {
      for (int i = 0; i < 30; i++) {
        lines.add(
            line(START + hour * HOUR + i * 60_000L, "{\"event_id\":\"h" + hour + "-" + i + "\"}"));
      }
    }
    lines.add(line(START + HOUR + 45 * 60_000L, "{\"pad\":\"" + "x".repeat(2000) + "\"}"));
    lines.sort(java.util.Comparator.comparingLong(FeedProducer.Line::timestamp));
    assertThat(FeedProducer.send(kafka.bootstrapServers(), lines, 2)).isEqualTo(91);

    assertThat(stream("run", "--until-day", DAY, "--for", "120")).as(commands.err()).isZero();

    for (int hour = 0; hour < 3; hour++) {
      assertThat(raw(hour, "clicks").resolve("_SUCCESS")).exists();
      JsonNode entry = landing(hour).path("feeds").path("clicks");
      assertThat(entry.path("status").asText()).isEqualTo("flagged");
      assertThat(entry.path("records_written").asLong()).isEqualTo(hour == 1 ? 31 : 30);
    }
    assertThat(local(paths().rawPartition(RunDate.parse(DAY), -1, "clicks")).resolve("_SUCCESS"))
        .exists();
    // The quiet topic's feed has nothing, and did not stop the clicks' hours from closing.
    assertThat(local(paths().rawDay(RunDate.parse(DAY))).toFile().list())
        .doesNotContain("src=silent");
    RawRecord oversized =
        records(raw(1, "clicks")).stream()
            .filter(r -> r.getOriginalLength() > 1024)
            .findFirst()
            .orElseThrow();
    assertThat(oversized.getBody().remaining()).isEqualTo(1024);
    assertThat(oversized.getOriginalLength()).isEqualTo(2010);
    assertThat(oversized.getOriginFile()).startsWith("clicks-");
    assertThat(oversized.getKafka().getTimestamp()).isEqualTo(START + HOUR + 45 * 60_000L);
  }

  @Test
  @Order(2)
  void aLateRecordLandsInTheHourItCarriesWhichIsReportedReopened() throws Exception {
    FeedProducer.send(
        kafka.bootstrapServers(),
        List.of(line(START + HOUR + 10 * 60_000L, "{\"event_id\":\"late\"}")),
        2);

    assertThat(stream("run", "--for", "40")).as(commands.err()).isZero();

    JsonNode entry = landing(1).path("feeds").path("clicks");
    assertThat(entry.path("reopened").asInt()).isPositive();
    assertThat(entry.path("status").asText()).isEqualTo("flagged");
    assertThat(entry.path("records_written").asLong()).isEqualTo(32);
    assertThat(
            records(raw(1, "clicks")).stream()
                .map(r -> StandardCharsets.UTF_8.decode(r.getBody()).toString()))
        .contains("{\"event_id\":\"late\"}");
  }

  @Test
  @Order(3)
  void offsetsKafkaDeletedBeforeTheJobReadThemAreCountedLostAndAlerted() throws Exception {
    List<FeedProducer.Line> more = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      more.add(line(START + 2 * HOUR + 50 * 60_000L + i, "{\"event_id\":\"after-" + i + "\"}"));
    }
    // All ten to partition 0 (the producer's round starts there for a new send).
    sendTo(0, more);
    long end;
    try (Admin admin = kafka.admin()) {
      TopicPartition p0 = new TopicPartition("clicks", 0);
      end =
          admin
              .listOffsets(Map.of(p0, org.apache.kafka.clients.admin.OffsetSpec.latest()))
              .partitionResult(p0)
              .get()
              .offset();
      admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(end - 5))).all().get();
    }

    assertThat(stream("run", "--for", "40")).as(commands.err()).isZero();

    Path gaps = local(OffsetGaps.gaps(paths()));
    File[] recorded = gaps.toFile().listFiles(f -> !f.getName().startsWith("."));
    assertThat(recorded).hasSize(1);
    JsonNode gap = JSON.readTree(recorded[0]);
    assertThat(gap.path("topic").asText()).isEqualTo("clicks");
    assertThat(gap.path("partition").asInt()).isZero();
    assertThat(gap.path("lost").asLong()).isEqualTo(5);
    assertThat(gap.path("first_lost").asLong()).isEqualTo(end - 10);
    assertThat(gap.path("last_lost").asLong()).isEqualTo(end - 6);
    String alerts =
        Files.readString(
            local(paths().alerts(new RunDate(LocalDate.now(ZoneOffset.UTC))))
                .resolve("stream.jsonl"));
    assertThat(alerts).contains("\"rule\":\"" + OffsetGaps.RULE + "\"", "\"value\":5.0");
    List<String> bodies =
        records(raw(2, "clicks")).stream()
            .map(r -> StandardCharsets.UTF_8.decode(r.getBody()).toString())
            .toList();
    assertThat(bodies).contains("{\"event_id\":\"after-9\"}", "{\"event_id\":\"after-5\"}");
    assertThat(bodies).doesNotContain("{\"event_id\":\"after-4\"}");

    commands.reset();
    assertThat(stream("status", "--bootstrap-servers", kafka.bootstrapServers())).isZero();
    assertThat(commands.out())
        .contains(
            "last checkpoint: ",
            "last hour flagged: clicks " + DAY + " 02:00",
            "offsets lost: clicks-0-",
            "lag: clicks-0 committed " + end + ", end " + end + ", behind 0");
  }

  @Test
  @Order(4)
  void aBrokerThatDoesNotAnswerATopicThatDoesNotExistAndBadOptionsAreOneLineEach()
      throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    commands.reset();
    assertThat(stream("run", "--bootstrap-servers", "127.0.0.1:" + closed, "--topics", "clicks"))
        .isEqualTo(DmpTool.FAILED);
    assertThat(commands.err().strip().lines()).hasSize(1);
    assertThat(commands.err()).contains("Kafka at 127.0.0.1:" + closed + " did not answer");

    commands.reset();
    assertThat(stream("run", "--topics", "clicks,nosuch")).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err().strip().lines()).hasSize(1);
    assertThat(commands.err()).contains("has no topic nosuch");

    for (String[] bad :
        new String[][] {
          {"run", "--topics", "bad topic"},
          {"run", "--topics", "clicks=Upper"},
          {"run", "--for", "soon"},
          {"run", "--until-day", "tomorrow"},
          {"run", "--topics", ""},
          {"sideways"}
        }) {
      commands.reset();
      assertThat(stream(bad)).as(String.join(" ", bad)).isEqualTo(DmpTool.USAGE);
      assertThat(commands.err().lines().filter(l -> !l.startsWith("usage:"))).hasSize(1);
    }
    commands.reset();
    assertThat(stream("run", "--bootstrap-servers", "nohost", "--topics", "clicks"))
        .isEqualTo(DmpTool.USAGE);
    assertThat(commands.err())
        .contains("--bootstrap-servers 'nohost': each broker must be HOST:PORT");
  }

  private static int stream(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    if (args[0].equals("run") && !all.contains("--bootstrap-servers")) {
      all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers()));
    }
    if (args[0].equals("run") && !all.contains("--topics")) {
      all.addAll(List.of("--topics", "clicks,quiet=silent"));
    }
    return commands.run(new StreamTool(), all.toArray(String[]::new));
  }

  private static FeedProducer.Line line(long timestamp, String json) {
    return new FeedProducer.Line("clicks", timestamp, json.getBytes(StandardCharsets.UTF_8));
  }

  private static void sendTo(int partition, List<FeedProducer.Line> lines) throws Exception {
    try (var producer = FeedProducer.producer(kafka.bootstrapServers())) {
      for (FeedProducer.Line l : lines) {
        producer
            .send(
                new org.apache.kafka.clients.producer.ProducerRecord<>(
                    l.topic(), partition, l.timestamp(), null, l.value()))
            .get();
      }
    }
  }

  private static DmpPaths paths() {
    return DmpPaths.of(commands.conf());
  }

  private static Path raw(int hour, String feed) throws Exception {
    return local(paths().rawPartition(RunDate.parse(DAY), hour, feed));
  }

  private static JsonNode landing(int hour) throws Exception {
    return JSON.readTree(
        local(paths().report(RunDate.parse(DAY), String.format("landing-%02d", hour))).toFile());
  }

  private static List<RawRecord> records(Path partition) throws Exception {
    List<RawRecord> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(partition)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".avro")).toList()) {
        try (DataFileReader<RawRecord> r =
            new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(RawRecord.class))) {
          r.forEach(out::add);
        }
      }
    }
    return out;
  }

  private static Path local(org.apache.hadoop.fs.Path path) {
    return Path.of(path.toUri().getPath());
  }
}
