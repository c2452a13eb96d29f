package dev.dmp.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.core.RunDate;
import dev.dmp.core.alerts.Alert;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.PersonProfile;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.monitor.Alerts;
import dev.dmp.mapreduce.oozie.OozieTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.mapreduce.testing.JsonEvents;
import dev.dmp.sandbox.generate.GeneratedDay;
import dev.dmp.sandbox.generate.PlantedPeople;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.oozie.client.CoordinatorAction;
import org.apache.oozie.client.CoordinatorJob;
import org.apache.oozie.client.OozieClient;
import org.apache.oozie.client.OozieClientException;
import org.apache.oozie.client.WorkflowAction;
import org.apache.oozie.client.WorkflowJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The applications run by a real Oozie engine on YARN, into the HBase testing cluster: the daily
 * coordinator waiting for its sources and then loading the day (with a stage that fails once and is
 * retried), a day the quality gate stops, and an hour of the hourly coordinator run and re-run.
 */
@ExtendWith(OozieEngine.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformOnOozieIT {

  private static final RunDate DAY = new RunDate(LocalDate.parse("2026-11-20"));
  // A coordinator materializes only hours that have begun, and the hourly family's cells live
  // three days: the hour is two hours ago, by the clock.
  private static final OffsetDateTime HOUR =
      OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).truncatedTo(ChronoUnit.HOURS);
  private static final RunDate TODAY = new RunDate(HOUR.toLocalDate());
  private static final int HH = HOUR.getHour();
  private static final RunDate BAD_DAY = new RunDate(LocalDate.parse("2026-11-22"));

  private static final DateTimeFormatter COORD_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'");

  private static OozieEngine.Engine engine;
  private static FileSystem fs;
  private static CommandRunner commands;
  private static java.nio.file.Path local;
  private static DmpClient client;
  private static List<PlantedPeople.Person> planted;

  @BeforeAll
  static void engine() throws Exception {
    engine = OozieEngine.get();
    fs = engine.fs();
    commands = new CommandRunner(engine.conf());
    local = Files.createTempDirectory("oozie-platform");
  }

  @AfterAll
  static void close() throws IOException {
    if (client != null) {
      client.close();
    }
  }

  private static GeneratedDay.Steps steps() {
    return (DmpTool tool, String... args) ->
        assertThat(commands.run(tool, args)).as(commands.err()).isZero();
  }

  private static Properties coordinator(String app, String start, String end) {
    Properties p = engine.properties();
    p.setProperty(OozieClient.COORDINATOR_APP_PATH, fs.getUri() + OozieEngine.APPS + "/" + app);
    p.setProperty("start", start);
    p.setProperty("end", end);
    return p;
  }

  private static WorkflowJob workflow(String id) {
    try {
      return engine.client().getJobInfo(id, 1, 100);
    } catch (OozieClientException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CoordinatorAction firstAction(String coordinatorId) {
    try {
      List<CoordinatorAction> actions =
          engine.coordinators().getCoordJobInfo(coordinatorId).getActions();
      return actions.isEmpty() ? null : actions.get(0);
    } catch (OozieClientException e) {
      throw new IllegalStateException(e);
    }
  }

  private static WorkflowJob awaitEnd(String workflowId, int seconds) throws Exception {
    OozieEngine.await(
        "workflow " + workflowId,
        seconds,
        () ->
            workflow(workflowId).getStatus() != WorkflowJob.Status.RUNNING
                && workflow(workflowId).getStatus() != WorkflowJob.Status.PREP,
        () -> describe(workflow(workflowId)));
    return workflow(workflowId);
  }

  private static String workflowOf(String coordinatorId, int seconds) throws Exception {
    OozieEngine.await(
        "a workflow of " + coordinatorId,
        seconds,
        () -> {
          CoordinatorAction a = firstAction(coordinatorId);
          return a != null && a.getExternalId() != null;
        },
        () -> {
          CoordinatorAction a = firstAction(coordinatorId);
          return a == null ? "no action" : a.getStatus() + " " + a.getMissingDependencies();
        });
    return firstAction(coordinatorId).getExternalId();
  }

  private static Map<String, WorkflowAction> actions(WorkflowJob wf) {
    return wf.getActions().stream()
        .collect(Collectors.toMap(WorkflowAction::getName, a -> a, (a, b) -> b));
  }

  private static String describe(WorkflowJob wf) {
    return wf.getStatus()
        + ": "
        + wf.getActions().stream()
            .map(
                a ->
                    a.getName()
                        + "="
                        + a.getStatus()
                        + (a.getExternalId() == null ? "" : " " + a.getExternalId())
                        + (a.getErrorMessage() == null ? "" : " (" + a.getErrorMessage() + ")"))
            .collect(Collectors.joining(", "))
        + "; YARN: "
        + yarnApplications();
  }

  /** What YARN knows of the applications: what a failing engine test needs to be read. */
  private static String yarnApplications() {
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(engine.conf());
      yarn.start();
      return yarn.getApplications().stream()
          .map(
              r ->
                  r.getApplicationId()
                      + " "
                      + r.getName()
                      + " "
                      + r.getYarnApplicationState()
                      + "/"
                      + r.getFinalApplicationStatus()
                      + " "
                      + r.getDiagnostics())
          .collect(Collectors.joining("; "));
    } catch (Exception e) {
      return "unknown (" + e + ")";
    }
  }

  @Test
  @Order(1)
  void theDailyCoordinatorWaitsForEverySourceThenLoadsTheDayRetryingAFailedStage()
      throws Exception {
    GeneratedDay day = new GeneratedDay(new Path(local.resolve("day").toUri()), DAY);
    day.generate(steps(), 3000, 5);
    day.forget(steps());
    day.ingest(steps());
    Path adsFlag = new Path(OozieEngine.BASE + "/raw/dt=" + DAY + "/src=ads/_SUCCESS");
    assertThat(fs.delete(adsFlag, false)).isTrue();

    Properties p = coordinator("dmp-daily", DAY + "T00:00Z", DAY.day().plusDays(1) + "T00:00Z");
    // Attribute fails once after publishing its dataset, before its report (part of its output).
    Path failFlag = new Path("/tmp/fail-attribute-once");
    p.setProperty("failOnce", "attribute-publish:" + fs.getUri() + failFlag);
    String coordinatorId = engine.coordinators().run(p);

    OozieEngine.await(
        "the day's action to wait for its inputs",
        120,
        () -> {
          CoordinatorAction a = firstAction(coordinatorId);
          return a != null && a.getStatus() == CoordinatorAction.Status.WAITING;
        },
        () -> String.valueOf(firstAction(coordinatorId)));
    Thread.sleep(6000); // three input checks
    CoordinatorAction waiting = firstAction(coordinatorId);
    assertThat(waiting.getStatus()).isEqualTo(CoordinatorAction.Status.WAITING);
    assertThat(waiting.getMissingDependencies()).contains("src=ads").doesNotContain("src=web");
    assertThat(waiting.getExternalId()).isNull();

    fs.create(adsFlag).close();
    String workflowId = workflowOf(coordinatorId, 120);
    WorkflowJob wf = awaitEnd(workflowId, 1200);
    assertThat(wf.getStatus()).as(describe(wf)).isEqualTo(WorkflowJob.Status.SUCCEEDED);

    Map<String, WorkflowAction> actions = actions(wf);
    assertThat(actions.get("attribute").getUserRetryCount()).as(describe(wf)).isEqualTo(1);
    assertThat(actions.get("clean").getUserRetryCount()).isZero();
    assertThat(actions.get("load").getStatus()).isEqualTo(WorkflowAction.Status.OK);
    assertThat(fs.exists(failFlag)).as("the injected failure happened").isTrue();
    // After the load, the configured audiences went out (conf/destinations.properties).
    assertThat(actions.get("export").getStatus()).isEqualTo(WorkflowAction.Status.OK);
    assertThat(fs.exists(DmpPaths.of(engine.conf()).report(DAY, "export-buyer_30d-google_ads")))
        .isTrue();
    // After the load, the day's alerts were evaluated and its page written.
    assertThat(actions.get("alerts").getStatus()).isEqualTo(WorkflowAction.Status.OK);
    assertThat(actions.get("dashboard").getStatus()).isEqualTo(WorkflowAction.Status.OK);
    assertThat(fs.getFileStatus(DmpPaths.of(engine.conf()).dashboard(DAY)).getLen()).isPositive();
    assertThat(actions).doesNotContainKey("alert-failure");

    // What the operator sees: the day's action and its workflow, through the server's REST API.
    commands.reset();
    assertThat(commands.run(new OozieTool(), "status", coordinatorId, "--oozie", engine.url()))
        .as(commands.err())
        .isZero();
    assertThat(commands.out()).contains(DAY + "T00:00:00Z", workflowId);
    commands.reset();
    assertThat(commands.run(new OozieTool(), "status", workflowId, "--oozie", engine.url()))
        .as(commands.err())
        .isZero();
    assertThat(commands.out()).containsPattern("attribute +OK +retries 1/3");

    client = DmpClient.connect(engine.conf());
    planted = PlantedPeople.read(FileSystem.getLocal(new Configuration()), componentsFile(day));
    assertThat(planted).isNotEmpty();
    assertThat(PlantedPeople.check(client, planted)).isEmpty();
    OozieEngine.await(
        "the coordinator to succeed",
        60,
        () -> {
          try {
            return engine.coordinators().getCoordJobInfo(coordinatorId).getStatus()
                == CoordinatorJob.Status.SUCCEEDED;
          } catch (OozieClientException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static Path componentsFile(GeneratedDay day) {
    return new Path(day.dir(), "_components.jsonl");
  }

  @Test
  @Order(2)
  void aDayTheQualityGateStopsEndsInItsKillNodeAndLoadsNothing() throws Exception {
    java.nio.file.Path in = local.resolve("bad");
    assertThat(
            commands.run(
                new dev.dmp.sandbox.generate.GenerateTool(),
                "--date",
                BAD_DAY.toString(),
                "--events",
                "2000",
                "--seed",
                "6",
                "--malformed-share",
                "0.3",
                "--out",
                in.toUri().toString()))
        .as(commands.err())
        .isZero();
    new GeneratedDay(new Path(in.toUri()), BAD_DAY).ingest(steps());

    Properties p = engine.properties();
    p.setProperty(OozieClient.APP_PATH, fs.getUri() + OozieEngine.APPS + "/dmp-daily");
    p.setProperty("date", BAD_DAY.toString());
    java.nio.file.Path config = local.resolve("bad-day.properties");
    try (var o = Files.newOutputStream(config)) {
      p.store(o, null);
    }
    commands.reset();
    assertThat(
            commands.run(
                new OozieTool(), "submit", "--config", config.toString(), "--oozie", engine.url()))
        .as(commands.err())
        .isZero();
    String workflowId = commands.out().strip();
    WorkflowJob wf = awaitEnd(workflowId, 600);

    assertThat(wf.getStatus()).as(describe(wf)).isEqualTo(WorkflowJob.Status.KILLED);
    Map<String, WorkflowAction> actions = actions(wf);
    assertThat(actions).containsKey("stopped-after-clean").doesNotContainKeys("idgraph", "load");
    // On its way to the kill node, the stop raised its alert.
    assertThat(actions.get("alerts-stopped-after-clean").getStatus())
        .isEqualTo(WorkflowAction.Status.OK);
    assertThat(Alerts.read(engine.conf(), BAD_DAY))
        .extracting(Alert::rule, Alert::severity)
        .contains(org.assertj.core.groups.Tuple.tuple("gate_stop", "critical"));
    assertThat(actions.get("stopped-after-clean").getErrorMessage())
        .contains("reject rate")
        .endsWith("nothing of " + BAD_DAY + " was loaded");
    commands.reset();
    assertThat(commands.run(new OozieTool(), "status", workflowId, "--oozie", engine.url()))
        .isEqualTo(DmpTool.FAILED);
    assertThat(commands.out())
        .contains(workflowId + "  KILLED")
        .containsPattern("stopped-after-clean .*reject rate");
    assertThat(reportRows(BAD_DAY)).isEmpty();
    assertThat(reportRows(DAY)).isNotEmpty();
  }

  private static List<String> reportRows(RunDate date) throws IOException {
    List<String> rows = new ArrayList<>();
    try (Connection c = ConnectionFactory.createConnection(engine.conf());
        Table t = c.getTable(DmpTables.Report.NAME);
        ResultScanner s = t.getScanner(new Scan().setRowPrefixFilter(Bytes.toBytes(date + ":")))) {
      for (Result r : s) {
        rows.add(Bytes.toString(r.getRow()));
      }
    }
    return rows;
  }

  @Test
  @Order(3)
  void anHourOfTheHourlyCoordinatorAndItsRerunCountTodaysActivityOnce() throws Exception {
    List<String> cookies = new ArrayList<>();
    for (PlantedPeople.Person person : planted) {
      if (!person.suppressed()) {
        person.ids().stream()
            .filter(i -> i.startsWith("cookie:"))
            .findFirst()
            .ifPresent(cookies::add);
      }
      if (cookies.size() == 2) {
        break;
      }
    }
    String a = cookies.get(0);
    String b = cookies.get(1);
    java.nio.file.Path in = local.resolve("hour");
    Files.createDirectories(in);
    Map<String, List<String>> feeds =
        Map.of(
            "web",
            List.of(
                JsonEvents.event("t-1", TODAY, HH, "web", "page_view", a, null),
                JsonEvents.event("t-2", TODAY, HH, "web", "page_view", b, null)),
            "app",
            List.of(JsonEvents.event("t-3", TODAY, HH, "app", "purchase", a, "12.5")),
            "ads",
            List.of(JsonEvents.event("t-4", TODAY, HH, "ads", "impression", b, null)));
    for (Map.Entry<String, List<String>> f : feeds.entrySet()) {
      java.nio.file.Path file = Files.write(in.resolve(f.getKey() + ".jsonl"), f.getValue());
      assertThat(
              commands.run(
                  new IngestTool(),
                  "--date",
                  TODAY.toString(),
                  "--hour",
                  Integer.toString(HH),
                  "--feed",
                  f.getKey(),
                  file.toUri().toString()))
          .as(commands.err())
          .isZero();
    }

    String coordinatorId =
        engine
            .coordinators()
            .run(
                coordinator(
                    "dmp-hourly", HOUR.format(COORD_TIME), HOUR.plusHours(1).format(COORD_TIME)));
    String workflowId = workflowOf(coordinatorId, 120);
    WorkflowJob wf = awaitEnd(workflowId, 600);
    assertThat(wf.getStatus()).as(describe(wf)).isEqualTo(WorkflowJob.Status.SUCCEEDED);
    // dmp hourly evaluated the hour's alerts and wrote its figures for Prometheus.
    assertThat(
            fs.exists(
                new Path(
                    DmpPaths.of(engine.conf()).quality(TODAY),
                    String.format("metrics-hourly-%02d.prom", HH))))
        .isTrue();
    assertToday(a, b);

    // The operator's re-run of the hour: the same counts, not twice them.
    engine.coordinators().reRunCoord(coordinatorId, "action", "1", false, true);
    OozieEngine.await(
        "the re-run's workflow",
        120,
        () -> {
          CoordinatorAction action = firstAction(coordinatorId);
          return action.getExternalId() != null && !action.getExternalId().equals(workflowId);
        });
    WorkflowJob again = awaitEnd(firstAction(coordinatorId).getExternalId(), 600);
    assertThat(again.getStatus()).as(describe(again)).isEqualTo(WorkflowJob.Status.SUCCEEDED);
    assertToday(a, b);
  }

  private static void assertToday(String a, String b) throws IOException {
    PersonProfile.Recent ra = client.lookup(a).profile().get().recent();
    assertThat(ra.hours()).containsExactly(String.format("%sT%02d", TODAY, HH));
    assertThat(ra.events()).isEqualTo(Map.of("page_view", 1L, "purchase", 1L));
    assertThat(ra.revenue()).isEqualTo(12.5);
    PersonProfile.Recent rb = client.lookup(b).profile().get().recent();
    assertThat(rb.events()).isEqualTo(Map.of("page_view", 1L, "impression", 1L));
  }
}
