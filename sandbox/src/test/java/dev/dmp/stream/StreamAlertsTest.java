package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.PersonProfile;
import dev.dmp.mapreduce.erasure.ForgetTool;
import dev.dmp.mapreduce.monitor.DayFigures;
import dev.dmp.mapreduce.monitor.FeedMinute;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speed layer's edges on hand-made feeds: minute alerts raised once (a feed silent for ten
 * minutes, a bot spike in one minute), a poison message quarantined, a suppressed person never
 * served, an event re-sent twenty minutes later counted once.
 */
class StreamAlertsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOT =
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  private static final String BROWSER =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36";

  @TempDir static Path dir;

  @AfterAll
  static void stopHBase() {
    HBaseConnections.stopEmbedded();
  }

  @Test
  void minuteAlertsPoisonSuppressionAndResentEvents() throws Exception {
    CommandRunner commands =
        GeneratedFeeds.commands(dir.resolve("home"), dir.resolve("hbase"), "2s");
    commands.conf().setBoolean(LiveSettings.ENABLED, true);
    assertThat(commands.run(new ForgetTool(), "--id", "email:gone@example.com"))
        .as(commands.err())
        .isZero();

    // Yesterday from 10:00: web and app send 60 events a minute; web's 20th minute is all
    // robots; web falls silent after minute 25 while app goes on to minute 45.
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    long t0 = day.atTime(10, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    List<FeedProducer.Line> lines = new ArrayList<>();
    for (int minute = 0; minute < 45; minute++) {
      for (int i = 0; i < 60; i++) {
        long at = t0 + minute * 60_000L + i * 1000L;
        if (minute < 25) {
          boolean bot = minute == 20;
          lines.add(event("web", at, "w" + minute + "-" + i, "ck_web" + (i % 7), bot));
        }
        lines.add(event("app", at, "a" + minute + "-" + i, "ck_app" + (i % 5), false));
      }
    }
    long noon = day.atTime(10, 30).toInstant(ZoneOffset.UTC).toEpochMilli();
    // A poison message, a suppressed person's event, and an event re-sent twenty minutes later.
    lines.add(new FeedProducer.Line("app", noon, "{not json".getBytes(StandardCharsets.UTF_8)));
    lines.add(eventWith("app", noon, "gone-1", "\"email\":\"Gone@Example.com\"", BROWSER));
    lines.add(eventWith("app", noon, "once-1", "\"cookie\":\"ck_once\"", BROWSER));
    lines.add(eventWith("app", noon + 20 * 60_000L, "once-1", "\"cookie\":\"ck_once\"", BROWSER));
    lines.sort(java.util.Comparator.comparingLong(FeedProducer.Line::timestamp));

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopics(List.of("web", "app"), 2);
      FeedProducer.send(kafka.bootstrapServers(), lines, 2);
      assertThat(
              commands.run(
                  new StreamTool(),
                  "run",
                  "--bootstrap-servers",
                  kafka.bootstrapServers(),
                  "--topics",
                  "web,app",
                  "--for",
                  "40"))
          .as(commands.err() + commands.out())
          .isZero();
    }

    Path home = dir.resolve("home");
    List<JsonNode> alerts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(home.resolve("quality").resolve("alerts"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("minutes")).toList()) {
        for (String line : Files.readAllLines(f)) {
          alerts.add(JSON.readTree(line));
        }
      }
    }
    List<String> raised =
        alerts.stream().map(a -> a.get("rule").asText() + "/" + a.get("subject").asText()).toList();
    // web's silence: once, ten minutes after its last record; app's end of data is silent too.
    assertThat(raised.stream().filter(r -> r.equals("feed_silent/web"))).hasSize(1);
    JsonNode silent =
        alerts.stream()
            .filter(a -> a.get("id").asText().startsWith("feed_silent/web"))
            .findFirst()
            .get();
    assertThat(silent.get("time").asText())
        .isEqualTo(Instant.ofEpochMilli(t0 + 34 * 60_000L).toString());
    // The robots' minute: once, for web only.
    assertThat(raised.stream().filter(r -> r.startsWith("minute_bot_spike")))
        .containsExactly("minute_bot_spike_today/web");
    assertThat(raised).noneMatch(r -> r.startsWith("rule_failed"));

    // Every minute closed is in the day's minute series, as the daily page reads it.
    Map<String, SortedMap<String, FeedMinute>> minutes =
        DayFigures.read(commands.conf(), new RunDate(day)).minutes();
    SortedMap<String, FeedMinute> webMinutes = minutes.get("web");
    for (int minute = 0; minute < 25; minute++) {
      FeedMinute m = webMinutes.get(Instant.ofEpochMilli(t0 + minute * 60_000L).toString());
      assertThat(m.count("read")).as("web minute " + minute).isEqualTo(60);
      assertThat(m.count("bot")).as("web minute " + minute).isEqualTo(minute == 20 ? 60 : 0);
    }
    assertThat(webMinutes.get(Instant.ofEpochMilli(t0 + 30 * 60_000L).toString()).count("read"))
        .isZero();
    FeedMinute half = minutes.get("app").get(Instant.ofEpochMilli(noon).toString());
    assertThat(half.count("read")).isEqualTo(63);
    assertThat(half.count("rejected")).isEqualTo(1);
    assertThat(half.count("opted_out")).isEqualTo(1);

    // The poison message is quarantined with its reason.
    try (Stream<Path> rejects = Files.walk(home.resolve("live").resolve("rejects"))) {
      assertThat(rejects.filter(p -> p.getFileName().toString().startsWith("rejects")).count())
          .isPositive();
    }
    try (DmpClient client = DmpClient.connect(HBaseConnections.clientConf(commands.conf()))) {
      assertThat(client.lookup("email:gone@example.com").found()).isFalse();
      PersonProfile once = client.lookup("cookie:ck_once").profile().orElseThrow();
      assertThat(once.live().events()).containsExactly(java.util.Map.entry("page_view", 1L));
      PersonProfile web = client.lookup("cookie:ck_web0").profile().orElseThrow();
      // minutes 0-24 but the robots' 20th: 24 minutes of 60 events, ck_web0 in 9 of each 60.
      assertThat(web.live().events().get("page_view")).isEqualTo(24L * 9);
    }
  }

  private static FeedProducer.Line event(
      String feed, long at, String id, String cookie, boolean bot) {
    return eventWith(feed, at, id, "\"cookie\":\"" + cookie + "\"", bot ? BOT : BROWSER);
  }

  private static FeedProducer.Line eventWith(
      String feed, long at, String id, String ids, String ua) {
    String json =
        "{\"event_id\":\""
            + id
            + "\",\"event_time\":\""
            + Instant.ofEpochMilli(at)
            + "\",\"source\":\""
            + feed
            + "\",\"event_type\":\"page_view\",\"ua\":\""
            + ua
            + "\",\"ids\":{"
            + ids
            + "}}";
    return new FeedProducer.Line(feed, at, json.getBytes(StandardCharsets.UTF_8));
  }
}
