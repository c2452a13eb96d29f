package dev.dmp.mapreduce.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.dmp.core.RunDate;
import dev.dmp.core.alerts.Alert;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.hourly.HourlyReport;
import dev.dmp.mapreduce.run.RunTool;
import dev.dmp.mapreduce.stage.StageRunner;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default alert rules over eight days of a day's and each hour's figures, written as the clean
 * stage and the hourly runs write them: a source silent for three hours, a reject spike over a
 * whole day and a bot spike in one hour raise exactly three alerts, each delivered once to a real
 * HTTP receiver, also when the receiver was down the first time.
 */
class AlertsTest {

  /** Records an hour of each source sends on a normal day. */
  private static final Map<String, Long> VOLUME = Map.of("web", 600L, "app", 300L, "crm", 60L);

  // The rules compare days with each other, never with the clock.
  private static final RunDate DAY = new RunDate(LocalDate.of(2026, 3, 10));

  @TempDir Path dir;
  private CommandRunner commands;
  private Configuration conf;
  private HttpServer receiver;
  private final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
  private final List<String> idempotencyKeys = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void eightDays() throws Exception {
    conf = CommandRunner.embedded(dir.resolve("base"));
    conf.set(PrometheusFile.DIR, dir.resolve("textfile").toString());
    conf.setInt(Webhook.ATTEMPTS, 2);
    conf.setLong(Webhook.BACKOFF_MS, 10);
    commands = new CommandRunner(conf);
    for (int back = 7; back >= 0; back--) {
      RunDate d = new RunDate(DAY.day().minusDays(back));
      Map<String, Map<String, Long>> day = new TreeMap<>();
      for (int hour = 0; hour < 24; hour++) {
        Map<String, Map<String, Long>> sources = new TreeMap<>();
        for (Map.Entry<String, Long> v : VOLUME.entrySet()) {
          String source = v.getKey();
          long read = v.getValue();
          double rejectShare = back == 0 ? 0.04 : 0.01; // the day's reject spike, every hour
          double botShare = 0.03;
          if (back == 0 && source.equals("crm") && hour >= 5 && hour <= 7) {
            read = 0; // silent for three hours
          }
          if (back == 0 && source.equals("web") && hour == 14) {
            botShare = 0.30; // robots in one hour
          }
          sources.put(
              source, fates(read, Math.round(read * rejectShare), Math.round(read * botShare)));
        }
        writeHour(d, hour, sources);
        sources.forEach(
            (s, f) ->
                f.forEach(
                    (fate, n) ->
                        day.computeIfAbsent(s, k -> new LinkedHashMap<>())
                            .merge(fate, n, Long::sum)));
      }
      writeDay(d, day);
    }
  }

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void plantedSpikesRaiseExactlyTheirAlertsDeliveredOnceEvenAfterTheReceiverWasDown()
      throws Exception {
    // The receiver is down: every hour and then the day are evaluated, none of it fails.
    conf.set(Webhook.URL, "http://127.0.0.1:" + closedPort() + "/alerts");
    for (int hour = 0; hour < 24; hour++) {
      assertThat(
              commands.run(
                  new AlertsTool(),
                  "--date",
                  DAY.toString(),
                  "--evaluate",
                  "--hour",
                  Integer.toString(hour)))
          .as(commands.err())
          .isZero();
    }
    commands.reset();
    assertThat(commands.run(new AlertsTool(), "--date", DAY.toString(), "--evaluate"))
        .as(commands.err())
        .isZero();
    assertThat(commands.out())
        .contains(
            "alerts    " + DAY + ": 3 raised (1 critical); 0 delivered, 3 kept for the next run");

    List<String> expected =
        List.of(
            "source_silent/crm/" + DAY + "T07",
            "hourly_bot_jump/web/" + DAY + "T14",
            "reject_share_jump/day/" + DAY);
    List<Alert> alerts = Alerts.read(conf, DAY);
    assertThat(alerts).extracting(Alert::id).containsExactlyInAnyOrderElementsOf(expected);
    Alert silent = alerts.stream().filter(a -> a.rule().equals("source_silent")).findFirst().get();
    assertThat(silent.severity()).isEqualTo("critical");
    assertThat(silent.hour()).isEqualTo(7);
    assertThat(silent.value()).isEqualTo(3.0);
    assertThat(silent.message()).startsWith("crm has sent nothing for 3 hours, up to hour 7");
    Alert rejects =
        alerts.stream().filter(a -> a.rule().equals("reject_share_jump")).findFirst().get();
    // 4 % of each source's hour, rounded to whole records (crm's 2.4 to 2), over the day read.
    long rejected = 24 * (24 + 12 + 2) - 3 * 2;
    long read = 24 * (600 + 300 + 60) - 3 * 60;
    assertThat(rejects.value()).isEqualTo(Math.round(10_000.0 * rejected / read) / 100.0);
    // Twice the median of the days before: 1 % of each hour, crm's 0.6 rounded to 1.
    assertThat(rejects.threshold())
        .isEqualTo(2 * (Math.round(10_000.0 * (6 + 3 + 1) / 960) / 100.0));
    for (int back = 1; back <= 7; back++) {
      assertThat(Alerts.read(conf, new RunDate(DAY.day().minusDays(back)))).isEmpty();
    }
    commands.reset();
    assertThat(commands.run(new AlertsTool(), "--since", DAY.day().minusDays(7).toString()))
        .isZero();
    assertThat(commands.out().lines()).hasSize(3).allMatch(l -> l.endsWith("[not delivered]"));

    // The receiver is up: the next run delivers the three, and a run after it nothing again.
    int port = startReceiver();
    conf.set(Webhook.URL, "http://127.0.0.1:" + port + "/alerts");
    commands.reset();
    assertThat(
            commands.run(new AlertsTool(), "--date", DAY.toString(), "--evaluate", "--hour", "23"))
        .isZero();
    assertThat(commands.out()).contains("3 delivered to http://127.0.0.1:" + port + "/alerts");
    assertThat(commands.run(new AlertsTool(), "--date", DAY.toString(), "--evaluate")).isZero();
    assertThat(received)
        .extracting(j -> j.get("id").asText())
        .containsExactlyInAnyOrderElementsOf(expected);
    JsonNode bot =
        received.stream()
            .filter(j -> j.get("rule").asText().equals("hourly_bot_jump"))
            .findFirst()
            .get();
    assertThat(bot.get("severity").asText()).isEqualTo("warning");
    assertThat(bot.get("subject").asText()).isEqualTo("web");
    assertThat(bot.get("value").asDouble()).isEqualTo(30.0);
    assertThat(bot.get("threshold").asDouble()).isEqualTo(6.0);
    assertThat(bot.get("time").asText()).isEqualTo(DAY + "T14:00:00Z");
    commands.reset();
    assertThat(commands.run(new AlertsTool(), "--since", DAY.toString())).isZero();
    assertThat(commands.out()).doesNotContain("[not delivered]");

    // The day's page lists them; these days had no graph, no profiles and no report.
    String page = Dashboard.render(conf, DAY, 7);
    for (String id : expected) {
      assertThat(page).contains("data-alert=\"" + id + "\"");
    }
    assertThat(page)
        .contains("data-figure=\"quality.read\" data-value=\"" + read + "\"")
        .contains("No identity graph in these days.", "No segment in these days.")
        .doesNotContain("id=\"chart-people\"", "id=\"chart-segments\"")
        .contains("id=\"chart-hours\"");

    // A stage that failed (the workflows' error path) raises its alert at once.
    commands.reset();
    assertThat(
            commands.run(
                new AlertsTool(),
                "--date",
                DAY.toString(),
                "--failed",
                "attribute",
                "--reason",
                "counts do not reconcile"))
        .as(commands.err())
        .isZero();
    assertThat(commands.out()).contains("1 raised (1 critical); 1 delivered");
    JsonNode failed = received.get(received.size() - 1);
    assertThat(failed.get("id").asText()).isEqualTo("stage_failed/attribute/" + DAY);
    assertThat(failed.get("message").asText())
        .isEqualTo("stage attribute failed for " + DAY + ": counts do not reconcile");
    assertThat(received).hasSize(4);

    // The run's figures for Prometheus, in the textfile collector's directory and beside the day.
    String daily = Files.readString(dir.resolve("textfile/dmp_daily.prom"));
    assertThat(daily)
        .contains("dmp_daily_records{fate=\"read\"} " + read + "\n")
        .contains("dmp_daily_source_records{fate=\"read\",source=\"crm\"} " + (21 * 60) + "\n")
        .contains("dmp_daily_alerts{severity=\"critical\"} 1\n")
        .contains(
            "dmp_daily_day_timestamp_seconds "
                + DAY.day().atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    assertThat(Files.readString(dir.resolve("textfile/dmp_hourly.prom")))
        .contains("dmp_hourly_records{fate=\"read\"} 960\n");
    assertThat(
            Files.readString(
                Path.of(DmpPaths.of(conf).quality(DAY).toUri().getPath())
                    .resolve("metrics-daily.prom")))
        .isEqualTo(daily);
  }

  @Test
  void aRuleThatDoesNotCompileStopsTheRunBeforeAnythingRuns() throws Exception {
    Path rules = dir.resolve("alerts.properties");
    Files.writeString(rules, "late.when = read <\nnot_a_condition.when = read + 1\n");
    conf.set(Alerts.RULES_FILE, rules.toString());

    assertThat(commands.run(new AlertsTool(), "--date", DAY.toString(), "--evaluate"))
        .isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("dmp alerts: " + rules + ": alert late.when: ");
    commands.reset();
    Files.writeString(rules, "quiet.when = silent_hours > 2\n");
    assertThat(commands.run(new RunTool(), "--date", DAY.toString())).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("alert quiet: silent_hours is not a variable of scope day");
    assertThat(dir.resolve("base/clean")).doesNotExist();
  }

  @Test
  void aRuleOrItsMessageCannotReadOrWriteFilesAndIsRefusedWhenRead() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "the-host-name\n");
    Path victim = dir.resolve("victim");
    Path rules = dir.resolve("alerts.properties");
    Files.writeString(
        rules,
        "leak.when = read > 0\n"
            + "leak.message = ${new('java.util.Scanner', new('java.io.FileInputStream', '"
            + secret
            + "')).nextLine()}\n");
    conf.set(Alerts.RULES_FILE, rules.toString());
    assertThat(commands.run(new AlertsTool(), "--date", DAY.toString(), "--evaluate"))
        .isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("alert leak").doesNotContain("the-host-name");
    assertThat(commands.err().strip().lines()).hasSize(1);

    commands.reset();
    Files.writeString(
        rules, "write.when = new('java.io.FileOutputStream', '" + victim + "') != null\n");
    assertThat(commands.run(new AlertsTool(), "--date", DAY.toString(), "--evaluate"))
        .isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("alert write.when");
    assertThat(victim).doesNotExist();
    assertThat(Alerts.read(conf, DAY)).isEmpty();
  }

  @Test
  void aRuleThatThrowsOnRealFiguresRaisesRuleFailedAndTheOthersStillRun() throws Exception {
    Path rules = dir.resolve("alerts.properties");
    // Fine on the sample figures (every one 1); the real days have no duplicates.
    Files.writeString(
        rules,
        "dupes.when = read / duplicate > 1000\n" + "busy.when = read > 0\nbusy.severity = info\n");
    conf.set(Alerts.RULES_FILE, rules.toString());
    assertThat(commands.run(new AlertsTool(), "--date", DAY.toString(), "--evaluate"))
        .as(commands.err())
        .isZero();
    List<Alert> alerts = Alerts.read(conf, DAY);
    assertThat(alerts)
        .extracting(Alert::id)
        .containsExactlyInAnyOrder("rule_failed/dupes/day/" + DAY, "busy/day/" + DAY);
    Alert failed = alerts.stream().filter(a -> a.rule().equals("rule_failed")).findFirst().get();
    assertThat(failed.severity()).isEqualTo("warning");
    assertThat(failed.message()).startsWith("alert rule dupes could not be evaluated: ");
  }

  @Test
  void anAlertIdInAnyScriptIsDeliveredAndABadWebhookUrlIsRefusedBeforeTheRun() throws Exception {
    int port = startReceiver();
    conf.set(Webhook.URL, "http://127.0.0.1:" + port + "/alerts");
    Alert a =
        new Alert(
            "source_missing/微信/" + DAY,
            "source_missing",
            "critical",
            "source_day",
            "微信",
            DAY.toString(),
            null,
            DAY + "T00:00:00Z",
            0.0,
            100.0,
            "nothing from 微信 all day",
            DAY + "T01:00:00Z");
    assertThat(Webhook.of(conf).post(a).delivered()).isTrue();
    assertThat(received.get(0).get("id").asText()).isEqualTo(a.id());
    assertThat(java.net.URLDecoder.decode(idempotencyKeys.get(0), StandardCharsets.UTF_8))
        .isEqualTo(a.id());

    for (String url : List.of("ftp://127.0.0.1/alerts", "http://", "http://[x/")) {
      conf.set(Webhook.URL, url);
      commands.reset();
      assertThat(commands.run(new AlertsTool(), "--date", DAY.toString(), "--evaluate"))
          .as(url)
          .isEqualTo(DmpTool.USAGE);
      assertThat(commands.err().strip().lines()).as(url).hasSize(1);
      assertThat(commands.err()).as(url).contains(Webhook.URL + ": '" + url + "'");
      commands.reset();
      assertThat(commands.run(new RunTool(), "--date", DAY.toString())).isEqualTo(DmpTool.USAGE);
      assertThat(dir.resolve("base/clean")).doesNotExist();
    }
  }

  private static Map<String, Long> fates(long read, long rejected, long bot) {
    Map<String, Long> f = new LinkedHashMap<>();
    f.put("read", read);
    f.put("clean", read - rejected - bot);
    f.put("rejected", rejected);
    f.put("duplicate", 0L);
    f.put("bot", bot);
    f.put("opted_out", 0L);
    return f;
  }

  private void writeHour(RunDate date, int hour, Map<String, Map<String, Long>> sources)
      throws IOException {
    Map<String, Long> t = total(sources);
    HourlyReport report =
        new HourlyReport(
            hour,
            t.get("read"),
            t.get("clean"),
            t.get("rejected"),
            0,
            t.get("bot"),
            0,
            "dt=" + date.day().minusDays(1),
            t.get("clean"),
            0,
            0,
            0,
            t.get("clean") / 3,
            1,
            0,
            sources,
            Map.of());
    DmpPaths paths = DmpPaths.of(conf);
    StageRunner.write(
        FileSystem.getLocal(conf),
        paths.report(date, String.format("hourly-%02d", hour)),
        date,
        report,
        1.0);
  }

  private void writeDay(RunDate date, Map<String, Map<String, Long>> sources) throws IOException {
    Map<String, Long> t = total(sources);
    CleanReport report = new CleanReport();
    report.date = date.toString();
    report.read = t.get("read");
    report.clean = t.get("clean");
    report.rejectedTotal = t.get("rejected");
    report.rejected.put("MALFORMED", t.get("rejected"));
    report.bot = t.get("bot");
    report.bySource = sources;
    assertThat(report.reconciliationError(report.read)).isNull();
    StageRunner.write(
        FileSystem.getLocal(conf), DmpPaths.of(conf).report(date, "clean"), date, report, 1.0);
  }

  private static Map<String, Long> total(Map<String, Map<String, Long>> sources) {
    Map<String, Long> t = new LinkedHashMap<>();
    sources.values().forEach(f -> f.forEach((fate, n) -> t.merge(fate, n, Long::sum)));
    return t;
  }

  private int startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ObjectMapper json = new ObjectMapper();
    receiver.createContext(
        "/alerts",
        x -> {
          try (x) {
            received.add(
                json.readTree(
                    new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            idempotencyKeys.add(x.getRequestHeaders().getFirst("Idempotency-Key"));
            x.sendResponseHeaders(204, -1);
          }
        });
    receiver.start();
    return receiver.getAddress().getPort();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
