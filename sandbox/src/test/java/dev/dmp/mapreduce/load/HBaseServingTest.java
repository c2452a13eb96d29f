package dev.dmp.mapreduce.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.Profile;
import dev.dmp.avro.ReportRow;
import dev.dmp.avro.SuppressedId;
import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.PersonProfile;
import dev.dmp.hbase.Salt;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.erasure.ForgetTool;
import dev.dmp.mapreduce.gate.QualityTool;
import dev.dmp.mapreduce.hourly.HourlyJob;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.monitor.Alerts;
import dev.dmp.mapreduce.monitor.DashboardTool;
import dev.dmp.mapreduce.profile.ProfileHFiles;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.report.ReportJob;
import dev.dmp.mapreduce.run.RunTool;
import dev.dmp.mapreduce.serving.LookupTool;
import dev.dmp.mapreduce.serving.SegmentTool;
import dev.dmp.mapreduce.serving.TablesTool;
import dev.dmp.mapreduce.testing.Browser;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.mapreduce.testing.DecodedFiles;
import dev.dmp.mapreduce.testing.HBaseShell;
import dev.dmp.mapreduce.testing.JsonEvents;
import dev.dmp.mapreduce.testing.TableDump;
import dev.dmp.sandbox.generate.GeneratedDay;
import dev.dmp.sandbox.generate.PlantedPeople;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three days through the whole chain into HBase's standalone mode on the local file system, the
 * embedded mode of {@code scripts/dmp}: what the tables hold, lookups, redirects, rerun idempotence
 * and erasure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HBaseServingTest {

  // Relative to the clock: the hourly test writes into a family with a time to live, so its days
  // must be recent. The last daily day is yesterday, the hourly day today (UTC).
  private static final LocalDate DAY1 = LocalDate.now(ZoneOffset.UTC).minusDays(3);
  private static final RunDate LAST = new RunDate(DAY1.plusDays(2));

  // The values of `scripts/dmp demo` (defaults) that the HBase page's shell queries (docs/hbase.md)
  // show.
  private static final String README_ONE_ID = "p68a47243c9721f7882ad09f0";
  private static final String README_ROW = "06:" + README_ONE_ID;
  private static final String README_ID = "cookie:ck_10fb77dde23839a7";
  private static final String README_SEGMENT = "buyer_30d";
  private static final String README_DAY = "2026-11-20";

  private static Path dir;
  private static Configuration conf;
  private static CommandRunner commands;
  private static Connection connection;
  private static DmpClient client;
  private static List<String> dayOneDifferences;
  private static int dayOnePeople;

  @BeforeAll
  static void threeDaysLoaded() throws Exception {
    dir = Files.createTempDirectory("hbase-serving");
    conf = CommandRunner.embedded(dir.resolve("base"));
    CommandRunner.embeddedHBase(conf, dir.resolve("hbase"));
    conf.set(
        ProfileJob.SEGMENTS_FILE,
        Path.of("..", "conf", "segments.properties").toAbsolutePath().toString());
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    conf.setInt("mapreduce.local.reduce.tasks.maximum", 2);
    commands = new CommandRunner(conf);
    GeneratedDay.Steps steps =
        (DmpTool tool, String... args) ->
            assertThat(commands.run(tool, args)).as(commands.err()).isZero();
    for (int d = 0; d < 3; d++) {
      RunDate date = new RunDate(DAY1.plusDays(d));
      GeneratedDay day =
          new GeneratedDay(new org.apache.hadoop.fs.Path(dir.resolve("in-" + d).toUri()), date);
      day.generate(steps, 6000, 21);
      if (d == 0) {
        day.forget(steps); // the same people every day: they ask once
      }
      day.ingest(steps);
      steps.run(new RunTool(), "--date", date.toString());
      if (d == 0) {
        client = DmpClient.connect(HBaseConnections.clientConf(conf));
        List<PlantedPeople.Person> planted =
            PlantedPeople.read(
                FileSystem.getLocal(conf),
                new org.apache.hadoop.fs.Path(dir.resolve("in-0/_components.jsonl").toUri()));
        dayOnePeople = planted.size();
        dayOneDifferences = PlantedPeople.check(client, planted);
      }
    }
    connection = HBaseConnections.connect(conf);
  }

  @AfterAll
  static void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (connection != null) {
      connection.close();
    }
    HBaseConnections.stopEmbedded();
    FileUtils.deleteQuietly(dir.toFile());
  }

  private static <T> List<T> dataset(org.apache.hadoop.fs.Path path, Class<T> type)
      throws IOException {
    return AvroFiles.read(conf, path, type);
  }

  private static List<Profile> lastProfiles() throws IOException {
    return dataset(DmpPaths.of(conf).profiles(LAST), Profile.class);
  }

  private static Set<String> rows(TableName table) throws IOException {
    Set<String> out = new HashSet<>();
    try (Table t = connection.getTable(table);
        ResultScanner s = t.getScanner(new Scan())) {
      for (Result r : s) {
        out.add(Bytes.toString(r.getRow()));
      }
    }
    return out;
  }

  /** Every cell of every table: row, column, timestamp and value. */
  private static List<String> allCells() throws IOException {
    return TableDump.cells(connection);
  }

  @Test
  @Order(1)
  void dayOneServesEveryPlantedPersonUnderEachOfTheirIdentifiers() {
    assertThat(dayOnePeople).isGreaterThan(100);
    assertThat(dayOneDifferences).isEmpty();
  }

  @Test
  @Order(2)
  void everyTableHoldsTheLastDaysSnapshotAndNothingOlder() throws Exception {
    List<Profile> profiles = lastProfiles();
    Set<String> profileRows = new HashSet<>();
    Set<String> idRows = new HashSet<>();
    Set<String> segmentRows = new HashSet<>();
    for (Profile p : profiles) {
      profileRows.add(DmpTables.Profile.rowKey(p.getOneId(), Salt.DEFAULT_BUCKETS));
      p.getIdentifiers().forEach((type, values) -> values.forEach(v -> idRows.add(type + ":" + v)));
      p.getSegments()
          .forEach(
              s ->
                  segmentRows.add(DmpTables.Segment.rowKey(s, p.getOneId(), Salt.DEFAULT_BUCKETS)));
    }
    assertThat(rows(DmpTables.Profile.NAME)).isEqualTo(profileRows);
    assertThat(rows(DmpTables.Segment.NAME)).isEqualTo(segmentRows);
    Set<String> indexed = rows(DmpTables.IdIndex.NAME);
    indexed.removeIf(r -> r.startsWith(DmpTables.IdIndex.ONE_ID_TYPE + ":"));
    assertThat(indexed).isEqualTo(idRows);
    assertThat(rows(DmpTables.Report.NAME))
        .hasSize(
            (int) dataset(DmpPaths.of(conf).reports(LAST), ReportRow.class).stream().count()
                + dataset(DmpPaths.of(conf).reports(new RunDate(DAY1)), ReportRow.class).size()
                + dataset(DmpPaths.of(conf).reports(new RunDate(DAY1.plusDays(1))), ReportRow.class)
                    .size());

    // Served profiles equal the Avro snapshot, looked up by an identifier.
    for (Profile p : profiles.subList(0, 200)) {
      String anyId = p.getIdentifiers().entrySet().iterator().next().getKey();
      String value = p.getIdentifiers().get(anyId).get(0);
      DmpClient.Lookup l = client.lookup(anyId + ":" + value);
      assertThat(l.found()).as(anyId + ":" + value).isTrue();
      PersonProfile served = l.profile().get();
      assertThat(served.oneId()).isEqualTo(p.getOneId());
      assertThat(served.events()).isEqualTo(new HashMap<>(p.getEvents()));
      assertThat(served.revenue())
          .isCloseTo(p.getRevenue(), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(served.segments()).isEqualTo(p.getSegments());
      assertThat(served.identifiers()).isEqualTo(new HashMap<>(p.getIdentifiers()));
      assertThat(client.inSegment("no_such_segment", p.getOneId())).isFalse();
      for (String s : p.getSegments()) {
        assertThat(client.inSegment(s, p.getOneId())).isTrue();
      }
    }

    // A batch large enough to be split into several multi-gets answers in the order asked.
    List<String> queries = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (Profile p : profiles) {
      for (Map.Entry<String, List<String>> id : p.getIdentifiers().entrySet()) {
        queries.add(id.getKey() + ":" + id.getValue().get(0));
        expected.add(p.getOneId());
        if (queries.size() % 50 == 0) {
          queries.add("cookie:never-seen-" + queries.size());
          expected.add(null);
        }
      }
    }
    assertThat(queries).hasSizeGreaterThan(4 * 100);
    List<String> served =
        client.lookupAll(queries).stream()
            .map(l -> l.profile().map(PersonProfile::oneId).orElse(null))
            .toList();
    assertThat(served).isEqualTo(expected);
  }

  @Test
  @Order(3)
  void retiredOneIdsRedirectToTheirSurvivor() throws Exception {
    List<OneIdMerge> merges =
        dataset(DmpPaths.merges(DmpPaths.of(conf).graph(LAST)), OneIdMerge.class);
    assertThat(merges).as("people seen apart meet later").isNotEmpty();
    Set<String> suppressed = new HashSet<>();
    dataset(DmpPaths.suppressed(DmpPaths.of(conf).graph(LAST)), SuppressedId.class)
        .forEach(s -> suppressed.add(s.getId()));
    Set<String> profileRows = rows(DmpTables.Profile.NAME);
    int redirected = 0;
    for (OneIdMerge m : merges) {
      assertThat(profileRows)
          .doesNotContain(DmpTables.Profile.rowKey(m.getRetired(), Salt.DEFAULT_BUCKETS));
      if (suppressed.contains(m.getSurvivor())) {
        assertThat(client.profile(m.getRetired())).as("merged into a suppressed person").isEmpty();
      } else {
        assertThat(client.profile(m.getRetired()).map(PersonProfile::oneId))
            .contains(m.getSurvivor());
        redirected++;
      }
    }
    assertThat(redirected).isPositive();
  }

  @Test
  @Order(4)
  void segmentListingPagesThroughEveryMemberOnce() throws Exception {
    String segment =
        lastProfiles().stream().flatMap(p -> p.getSegments().stream()).findFirst().get();
    long members = lastProfiles().stream().filter(p -> p.getSegments().contains(segment)).count();
    Set<String> seen = new HashSet<>();
    java.util.Optional<String> after = java.util.Optional.empty();
    do {
      DmpClient.Page page = client.segmentMembers(segment, after, 50);
      assertThat(page.oneIds().size()).isLessThanOrEqualTo(50);
      page.oneIds().forEach(o -> assertThat(seen.add(o)).as("listed once: " + o).isTrue());
      after = page.next();
    } while (after.isPresent());
    assertThat(seen).hasSize((int) members);
  }

  @Test
  @Order(5)
  void badLookupsAnswerInOneLineWithAStatus() throws Exception {
    CommandRunner c = new CommandRunner(conf);
    assertThat(c.run(new LookupTool(), "--id", "email")).isEqualTo(DmpTool.USAGE);
    assertThat(c.run(new LookupTool(), "--id", "shoe_size:42")).isEqualTo(DmpTool.USAGE);
    assertThat(c.err()).contains("unknown identifier type 'shoe_size'");
    c.reset();
    assertThat(c.run(new LookupTool(), "--id", "cookie:never-seen")).isEqualTo(DmpTool.FAILED);
    assertThat(c.err().strip()).isEqualTo("dmp lookup: no person with cookie:never-seen");
    c.reset();
    assertThat(c.run(new SegmentTool(), "no_such_segment")).isEqualTo(DmpTool.FAILED);
    assertThat(c.err().strip())
        .startsWith("dmp segment: no segment 'no_such_segment' in ")
        .contains("(the segments are: active_7d, big_spender, buyer_30d,");
    // Grants on an HBase that checks no permissions (embedded mode): one line that says so.
    c.reset();
    assertThat(c.run(new TablesTool(), "grant")).isEqualTo(DmpTool.FAILED);
    assertThat(c.err().strip())
        .startsWith("dmp tables: HBase does not check permissions on this cluster")
        .doesNotContain("\tat ");

    Configuration unreachable = new Configuration(conf);
    unreachable.unset(HBaseConnections.EMBEDDED_DIR);
    unreachable.set("hbase.zookeeper.quorum", "localhost");
    unreachable.setInt("hbase.zookeeper.property.clientPort", 1);
    unreachable.setInt(DmpClient.TIMEOUT_MS, 2000);
    CommandRunner down = new CommandRunner(unreachable);
    long started = System.nanoTime();
    assertThat(down.run(new LookupTool(), "--id", "cookie:abc")).isEqualTo(DmpTool.FAILED);
    assertThat((System.nanoTime() - started) / 1e9).as("bounded by the timeout").isLessThan(60);
    assertThat(down.err().lines().count()).as(down.err()).isEqualTo(1);
  }

  @Test
  @Order(6)
  void aLoadThatDiedHalfWayIsReportedAndARerunLeavesEveryCellAsItWas() throws Exception {
    assertThat(client.newestLoad()).get().extracting(DmpClient.LoadState::day).isEqualTo("" + LAST);
    assertThat(client.newestLoad().get().complete()).isTrue();
    CommandRunner c = new CommandRunner(conf);
    assertThat(c.run(new QualityTool(), "--date", LAST.toString())).isZero();
    assertThat(c.out()).containsPattern("in HBase: loaded, [0-9,]+ cells");

    // What a load killed between its first and last bulk load leaves: its markers, unfinished.
    FileSystem fs = FileSystem.getLocal(conf);
    LoadMarkers.started(
        connection, LAST, fs, DmpPaths.of(conf).report(LAST, LoadJob.STARTED_MARKER));
    c.reset();
    String oneId = lastProfiles().get(0).getOneId();
    assertThat(c.run(new LookupTool(), "--id", "oneid:" + oneId)).isZero();
    assertThat(c.err()).contains("warning: the load of " + LAST + " began at ");
    c.reset();
    assertThat(c.run(new SegmentTool(), "buyer_30d", "--limit", "1")).isZero();
    assertThat(c.err()).contains("has not finished: answers may mix " + LAST);
    c.reset();
    assertThat(c.run(new QualityTool(), "--date", LAST.toString(), "--json")).isZero();
    assertThat(c.out()).contains("\"load\":{\"state\":\"half-loaded\",\"started\":");

    List<String> before = allCells();
    assertThat(commands.run(new RunTool(), "--date", LAST.toString())).as(commands.err()).isZero();
    assertThat(allCells()).isEqualTo(before);
    assertThat(client.newestLoad().get().complete()).isTrue();
    c.reset();
    assertThat(c.run(new LookupTool(), "--id", "oneid:" + oneId)).isZero();
    assertThat(c.err()).doesNotContain("warning");
    c.reset();
    assertThat(c.run(new QualityTool(), "--date", LAST.toString())).isZero();
    assertThat(c.out()).contains("in HBase: loaded");

    // The run's load took dmp:profile's cells as the profile stage's HFiles and handed them over.
    DmpPaths paths = DmpPaths.of(conf);
    assertThat(loadReport().get("profile_hfiles").asBoolean()).isTrue();
    assertThat(fs.exists(paths.profileHFiles(LAST))).isFalse();
    // A load alone finds none and writes the profile table itself: the same cells.
    assertThat(commands.run(new LoadJob(), "--date", LAST.toString())).as(commands.err()).isZero();
    assertThat(loadReport().get("profile_hfiles").asBoolean()).isFalse();
    assertThat(allCells()).isEqualTo(before);
    // HFiles written for other salt buckets than the table's are left aside, with a warning.
    // (A runner of its own: -D changes the configuration it is given.)
    CommandRunner eight = new CommandRunner(new Configuration(conf));
    assertThat(
            eight.run(
                new ProfileJob(), "-D", "dmp.hbase.salt.buckets=8", "--date", LAST.toString()))
        .as(eight.err())
        .isZero();
    assertThat(fs.exists(paths.profileHFiles(LAST))).isTrue();
    assertThat(commands.run(new LoadJob(), "--date", LAST.toString())).as(commands.err()).isZero();
    assertThat(loadReport().get("profile_hfiles").asBoolean()).isFalse();
    assertThat(fs.exists(paths.profileHFiles(LAST))).isFalse();
    assertThat(allCells()).isEqualTo(before);
    // HFiles that do not hold the day's profiles' people stop the load before it loads anything.
    assertThat(commands.run(new ProfileJob(), "--date", LAST.toString()))
        .as(commands.err())
        .isZero();
    org.apache.hadoop.fs.Path written = paths.profileHFiles(LAST);
    ProfileHFiles.Info info = ProfileHFiles.Info.read(fs, written);
    new ProfileHFiles.Info(info.saltBuckets(), info.cells(), info.people() + 1).write(fs, written);
    c.reset();
    assertThat(c.run(new LoadJob(), "--date", LAST.toString())).isEqualTo(1);
    assertThat(c.err()).contains("not of the same profile run").hasLineCount(1);
    assertThat(allCells()).isEqualTo(before);
    assertThat(client.newestLoad().get().complete()).isTrue();
  }

  private static JsonNode loadReport() throws IOException {
    return new ObjectMapper()
        .readTree(
            Files.readString(
                Path.of(DmpPaths.of(conf).report(LAST, LoadJob.NAME).toUri().getPath())));
  }

  @Test
  @Order(7)
  void aForgottenPersonLeavesEveryTableAndStaysGoneAfterARerun() throws Exception {
    Profile person =
        lastProfiles().stream()
            .filter(p -> p.getIdentifiers().containsKey("cookie") && p.getIdentifiers().size() > 1)
            .filter(p -> !p.getSegments().isEmpty())
            .findFirst()
            .get();
    String cookie = "cookie:" + person.getIdentifiers().get("cookie").get(0);
    // The profile stage's HFiles of a day not loaded yet hold the person too.
    DmpPaths paths = DmpPaths.of(conf);
    assertThat(commands.run(new ProfileJob(), "--date", LAST.toString()))
        .as(commands.err())
        .isZero();
    assertThat(FileSystem.getLocal(conf).exists(paths.profileHFiles(LAST))).isTrue();
    assertThat(commands.run(new ForgetTool(), "--id", cookie)).as(commands.err()).isZero();
    assertGone(person);
    assertNoFileNames(person);
    assertThat(FileSystem.getLocal(conf).exists(paths.profileHFilesRoot())).isFalse();
    // So the day's load writes the profile table from the purged profiles.
    assertThat(commands.run(new LoadJob(), "--date", LAST.toString())).as(commands.err()).isZero();
    assertGone(person);
    assertThat(commands.run(new RunTool(), "--date", LAST.toString())).as(commands.err()).isZero();
    assertGone(person);
    assertNoFileNames(person);
  }

  /** No file under the base but the suppression list holds the person's OneID or identifiers. */
  private static void assertNoFileNames(Profile person) throws IOException {
    Set<String> tokens = new HashSet<>();
    tokens.add(person.getOneId());
    person.getIdentifiers().forEach((type, values) -> tokens.addAll(values));
    Path base = dir.resolve("base");
    for (Path f : DecodedFiles.under(base, base.resolve("suppression"))) {
      String text = DecodedFiles.text(f);
      assertThat(tokens).as(f.toString()).noneMatch(text::contains);
    }
  }

  /**
   * The HBase page's shell queries (docs/hbase.md), run by the real shell against this HBase. It
   * shows them with values of a demo run; the test puts in a live buyer's identifier, OneID and row
   * key, and the last day.
   */
  @Test
  @Order(8)
  void theReadmeShellQueriesAnswerInTheRealHBaseShell() throws Exception {
    Profile buyer = liveBuyerWithACookie();
    String cookie = "cookie:" + buyer.getIdentifiers().get("cookie").get(0);
    String row = DmpTables.Profile.rowKey(buyer.getOneId(), Salt.DEFAULT_BUCKETS);
    List<String> readme = readmeShellQueries();
    String text = String.join("\n", readme);
    assertThat(text).contains(README_ROW, README_ID, README_SEGMENT + ":", README_DAY);
    List<String> queries =
        readme.stream()
            .map(
                q ->
                    q.replace(README_ROW, row)
                        .replace(README_ONE_ID, buyer.getOneId())
                        .replace(README_ID, cookie)
                        .replace(README_DAY, LAST.toString()))
            .toList();

    Map<String, String> answers =
        HBaseShell.run(HBaseConnections.clientConf(conf), dir.resolve("shell"), queries);

    Iterator<String> out = answers.values().iterator();
    assertThat(out.next()) // the identifier in dmp:id_index
        .contains("o:one_id", "value=" + buyer.getOneId())
        .contains("1 row(s)");
    assertThat(out.next()) // the profile by row key
        .contains("i:cookie", buyer.getIdentifiers().get("cookie").get(0))
        .contains("p:segment:" + README_SEGMENT);
    assertThat(out.next()) // the profile found by its OneID alone
        .contains(row + " ")
        .contains("1 row(s)");
    String members = out.next(); // a segment's members by prefix
    assertThat(rowKeys(members)).hasSize(10).allMatch(k -> k.startsWith(README_SEGMENT + ":"));
    assertThat(members).contains("10 row(s)");
    String reports = out.next(); // a day's report rows of one source
    assertThat(rowKeys(reports))
        .isNotEmpty()
        .allMatch(k -> k.startsWith(LAST + ":web:"))
        .containsAll(
            dataset(DmpPaths.of(conf).reports(LAST), ReportRow.class).stream()
                .map(
                    r ->
                        DmpTables.Report.rowKey(
                            r.getDate(), r.getSource(), r.getEventType(), r.getCampaign()))
                .filter(k -> k.startsWith(LAST + ":web:"))
                .toList());
    assertThat(out.hasNext()).isFalse();
  }

  /**
   * The hourly path on the day after the last daily run: an hour's activity shows in lookups, a
   * re-run of the hour counts nothing twice, a re-run without some of the hour's data clears what
   * that data said, hours add up, and hours of a day already loaded by the daily run are ignored.
   */
  @Test
  @Order(9)
  void hourlyRunsShowTodaysActivityAndReRunsCountItOnce() throws Exception {
    List<String> cookies = new ArrayList<>();
    for (Profile p : lastProfiles()) {
      if (p.getIdentifiers().containsKey("cookie") && client.profile(p.getOneId()).isPresent()) {
        cookies.add("cookie:" + p.getIdentifiers().get("cookie").get(0));
      }
      if (cookies.size() == 2) {
        break;
      }
    }
    String a = cookies.get(0);
    String b = cookies.get(1);
    RunDate next = new RunDate(LAST.day().plusDays(1));
    Path in = dir.resolve("hourly-in");
    Files.createDirectories(in);
    // A: two page views (one sent twice) and a purchase; B: a page view; someone the graph does
    // not know yet; a line that is not JSON.
    Path first =
        Files.write(
            in.resolve("a.jsonl"),
            List.of(
                event("h-a1", next, 9, "page_view", a, null),
                event("h-a2", next, 9, "page_view", a, null),
                event("h-a2", next, 9, "page_view", a, null),
                event("h-a3", next, 9, "purchase", a, "30.5")));
    Path second =
        Files.write(
            in.resolve("b.jsonl"),
            List.of(
                event("h-b1", next, 9, "page_view", b, null),
                event("h-n1", next, 9, "click", "cookie:ck_never_seen_before", null),
                "{not json"));
    ingest(next, 9, first);
    Set<java.nio.file.Path> before = rawFiles(next, 9);
    ingest(next, 9, second);
    Set<java.nio.file.Path> secondRaw = rawFiles(next, 9);
    secondRaw.removeAll(before);

    hourly(next, 9);
    assertThat(commands.out())
        .contains("hourly " + next + " hour 09: read 7, clean 5")
        .contains("alerts    " + next + " hour 09: 0 raised; no webhook configured");
    Map<String, Object> report = hourlyReport(next, 9);
    assertThat(report)
        .containsEntry("read", 7)
        .containsEntry("rejected", 1)
        .containsEntry("duplicate", 1)
        .containsEntry("clean", 5)
        .containsEntry("attributed", 4)
        .containsEntry("unattributed", 1)
        .containsEntry("people", 2)
        .containsEntry("graph", LAST.toString());
    String hour9 = next + "T09";
    assertRecent(a, List.of(hour9), Map.of("page_view", 2L, "purchase", 1L), 30.5);
    assertRecent(b, List.of(hour9), Map.of("page_view", 1L), 0);
    assertThat(commands.run(new LookupTool(), "--id", a)).isZero();
    assertThat(commands.out()).contains("recent       page_view=2, purchase=1, revenue=30.5");

    hourly(next, 9);
    assertRecent(a, List.of(hour9), Map.of("page_view", 2L, "purchase", 1L), 30.5);
    assertRecent(b, List.of(hour9), Map.of("page_view", 1L), 0);

    // The hour without B's file: B's figures go, A's stay.
    for (java.nio.file.Path f : secondRaw) {
      Files.delete(f);
    }
    hourly(next, 9);
    assertThat(hourlyReport(next, 9)).containsEntry("people", 1).containsEntry("people_cleared", 2);
    assertRecent(a, List.of(hour9), Map.of("page_view", 2L, "purchase", 1L), 30.5);
    assertThat(client.lookup(b).profile().get().recent().isEmpty()).isTrue();

    ingest(
        next,
        10,
        Files.write(in.resolve("a10.jsonl"), List.of(event("h-a4", next, 10, "click", a, "2"))));
    hourly(next, 10);
    assertRecent(
        a,
        List.of(hour9, next + "T10"),
        Map.of("page_view", 2L, "purchase", 1L, "click", 1L),
        32.5);

    // An hour of the last day, which the daily run has loaded: counted there, not again.
    ingest(
        LAST,
        9,
        Files.write(
            in.resolve("last.jsonl"), List.of(event("h-l1", LAST, 9, "purchase", b, "99"))));
    hourly(LAST, 9);
    assertThat(client.lookup(b).profile().get().recent().isEmpty()).isTrue();

    // An hour older than the hourly family's time to live: nothing is run or written.
    RunDate old = new RunDate(DAY1.minusDays(1));
    ingest(
        old,
        9,
        Files.write(in.resolve("old.jsonl"), List.of(event("h-o1", old, 9, "purchase", b, "7"))));
    hourly(old, 9);
    assertThat(commands.out())
        .contains("hourly " + old + " hour 09: nothing done: the hour began more than 3 days ago");
    assertThat(client.lookup(b).profile().get().recent().isEmpty()).isTrue();
    assertThat(Path.of(DmpPaths.of(conf).hourly(old, 9).toUri().getPath()).toFile().exists())
        .isFalse();
  }

  @Test
  @Order(10)
  @SuppressWarnings("unchecked")
  void theDailyPageRendersEveryChartInABrowserWithTheNumbersOfQualityAndReport() throws Exception {
    // Every run wrote its page and raised no alert: three ordinary days.
    for (int d = 0; d < 3; d++) {
      RunDate day = new RunDate(DAY1.plusDays(d));
      assertThat(Path.of(DmpPaths.of(conf).dashboard(day).toUri().getPath())).isNotEmptyFile();
      assertThat(Alerts.read(conf, day)).as(day.toString()).isEmpty();
    }
    // The page of the last day again, now that an hour of it has run too (test 9), and with two
    // minutes the stream job closed for web (lines as its minute monitor writes them).
    Path minutes = Path.of(DmpPaths.of(conf).streamMinutes(LAST).toUri().getPath());
    Files.createDirectories(minutes);
    Files.write(
        minutes.resolve("minutes-0-0.jsonl"),
        List.of(
            minute(LAST, "10:00", 42, 0, "19.5"),
            minute(LAST, "10:01", 0, 0, "0"),
            minute(LAST, "10:02", 7, 3, "0")));
    // A file of a checkpoint not completed yet is not read.
    Files.write(
        minutes.resolve(".minutes-0-1.jsonl.inprogress.0"),
        List.of(minute(LAST, "10:03", 9, 0, "0")));
    Path page = dir.resolve("page.html");
    commands.reset();
    assertThat(
            commands.run(
                new DashboardTool(),
                "--date",
                LAST.toString(),
                "--days",
                "7",
                "--out",
                page.toString()))
        .as(commands.err())
        .isZero();
    commands.reset();
    assertThat(commands.run(new QualityTool(), "--date", LAST.toString(), "--json")).isZero();
    JsonNode quality = new ObjectMapper().readTree(commands.out());
    commands.reset();
    assertThat(
            commands.run(
                new ReportJob(), "--from", LAST.toString(), "--to", LAST.toString(), "--json"))
        .isZero();
    JsonNode report = new ObjectMapper().readTree(commands.out());

    try (Browser browser = Browser.start(dir.resolve("chromium"), 1400, 900)) {
      browser.open(page);
      assertThat(browser.consoleErrors()).isEmpty();
      // Nothing was fetched: the page, Chart.js included, is one file.
      assertThat((List<Object>) browser.script("return performance.getEntriesByType('resource');"))
          .isEmpty();
      List<Map<String, Object>> charts =
          (List<Map<String, Object>>)
              browser.script(
                  "return [...document.querySelectorAll('canvas')].map(c => {"
                      + " const chart = Chart.getChart(c);"
                      + " const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                      + " let painted = 0; for (let i = 3; i < px.length; i += 4) if (px[i]) painted++;"
                      + " return {id: c.id, painted: painted, points: chart ? chart.data.datasets"
                      + "   .flatMap(d => d.data).filter(v => v !== null).length : -1}; });");
      assertThat(charts)
          .extracting(c -> c.get("id"))
          .contains(
              "chart-fates",
              "chart-volume",
              "chart-rejects",
              "chart-bots",
              "chart-people",
              "chart-segments",
              "chart-report-source",
              "chart-report-event_type",
              "chart-report-campaign",
              "chart-hours",
              "chart-minutes");
      for (Map<String, Object> c : charts) {
        assertThat(((Number) c.get("points")).longValue()).as(c.get("id") + " data").isPositive();
        assertThat(((Number) c.get("painted")).longValue())
            .as(c.get("id") + " pixels")
            .isPositive();
      }

      Map<String, String> shown =
          (Map<String, String>)
              browser.script(
                  "const m = {}; document.querySelectorAll('[data-figure]')"
                      + ".forEach(e => m[e.dataset.figure] = e.dataset.value); return m;");
      for (String fate : List.of("read", "clean", "duplicate", "bot", "opted_out")) {
        assertThat(shown.get("quality." + fate)).as(fate).isEqualTo(quality.get(fate).asText());
      }
      assertThat(shown.get("quality.rejected")).isEqualTo(quality.get("rejected_total").asText());
      for (Map.Entry<String, JsonNode> r : quality.get("rejected").properties()) {
        assertThat(shown.get("rejected." + r.getKey())).isEqualTo(r.getValue().asText());
      }
      for (Map.Entry<String, JsonNode> source : quality.get("by_source").properties()) {
        for (Map.Entry<String, JsonNode> f : source.getValue().properties()) {
          assertThat(shown.get("source." + source.getKey() + "." + f.getKey()))
              .as(source.getKey() + " " + f.getKey())
              .isEqualTo(f.getValue().asText());
        }
      }
      Map<String, Long> events = new HashMap<>();
      Map<String, Double> revenue = new HashMap<>();
      for (JsonNode row : report.get("rows")) {
        if (row.get("campaign").asText().equals("*")) {
          for (String key :
              List.of(
                  "source." + row.get("source").asText(),
                  "event_type." + row.get("event_type").asText(),
                  "total.all")) {
            events.merge(key, row.get("events").asLong(), Long::sum);
            revenue.merge(key, row.get("revenue").asDouble(), Double::sum);
          }
        }
      }
      assertThat(events).hasSizeGreaterThan(3);
      events.forEach(
          (key, n) -> {
            assertThat(shown.get("report." + key + ".events")).as(key).isEqualTo(Long.toString(n));
            assertThat(Double.parseDouble(shown.get("report." + key + ".revenue")))
                .as(key)
                .isCloseTo(revenue.get(key), org.assertj.core.data.Offset.offset(1e-6));
          });
      assertThat(shown.get("hour.09.read")).isEqualTo("1");
      assertThat(shown.get("minute.web.minutes")).isEqualTo("3");
      assertThat(shown.get("minute.web.read")).isEqualTo("49");
      assertThat(shown.get("minute.web.bot")).isEqualTo("3");
      assertThat(shown.get("minute.web.revenue")).isEqualTo("19.5");
      assertThat(shown.get("minute.web.busiest")).isEqualTo(LAST + "T10:00:00Z");
      assertThat(shown.get("minute.web.longest_silence")).isEqualTo("1");
      assertThat(shown.get("report.total.all.people")).isNotBlank();

      browser.fitPage(1400);
      Path shot = Path.of("target", "dashboard.png");
      Files.write(shot, browser.screenshot());
      assertThat(shot).isNotEmptyFile();
    }
  }

  private static String minute(RunDate date, String minute, long read, long bot, String revenue) {
    return String.format(
        "{\"feed\":\"web\",\"minute\":\"%sT%s:00Z\",\"fates\":{\"read\":%d,\"clean\":%d,"
            + "\"bot\":%d},\"revenue\":%s}",
        date, minute, read, read - bot, bot, revenue);
  }

  private static String event(
      String id, RunDate date, int hour, String type, String identifier, String revenue) {
    return JsonEvents.event(id, date, hour, "web", type, identifier, revenue);
  }

  private static void ingest(RunDate date, int hour, Path file) throws Exception {
    assertThat(
            commands.run(
                new IngestTool(),
                "--date",
                date.toString(),
                "--hour",
                Integer.toString(hour),
                "--feed",
                "web",
                file.toString()))
        .as(commands.err())
        .isZero();
  }

  private static void hourly(RunDate date, int hour) throws Exception {
    commands.reset();
    assertThat(
            commands.run(
                new HourlyJob(), "--date", date.toString(), "--hour", Integer.toString(hour)))
        .as(commands.err())
        .isZero();
  }

  private static Set<java.nio.file.Path> rawFiles(RunDate date, int hour) throws IOException {
    java.nio.file.Path partition = Path.of(DmpPaths.of(conf).rawHour(date, hour).toUri().getPath());
    try (var files = Files.walk(partition)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".avro"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> hourlyReport(RunDate date, int hour) throws IOException {
    Path file =
        Path.of(DmpPaths.of(conf).quality(date).toUri().getPath())
            .resolve(String.format("hourly-%02d.json", hour));
    return new com.fasterxml.jackson.databind.ObjectMapper().readValue(file.toFile(), Map.class);
  }

  private static void assertRecent(
      String identifier, List<String> hours, Map<String, Long> events, double revenue)
      throws IOException {
    PersonProfile.Recent recent = client.lookup(identifier).profile().get().recent();
    assertThat(recent.hours()).as(identifier).isEqualTo(hours);
    assertThat(recent.events()).as(identifier).isEqualTo(events);
    assertThat(recent.revenue()).as(identifier).isEqualTo(revenue);
  }

  private static Profile liveBuyerWithACookie() throws IOException {
    for (Profile p : lastProfiles()) {
      if (p.getIdentifiers().containsKey("cookie")
          && p.getSegments().contains(README_SEGMENT)
          && client.profile(p.getOneId()).isPresent()) {
        return p;
      }
    }
    throw new AssertionError("no live buyer with a cookie");
  }

  /** The lines of the fenced block that follows the HBase page's "HBase shell" paragraph. */
  private static List<String> readmeShellQueries() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "hbase.md"));
    int start =
        lines.indexOf(
            lines.stream().filter(l -> l.startsWith("**HBase shell.**")).findFirst().get());
    int open = start + 1;
    while (!lines.get(open).startsWith("```")) {
      open++;
    }
    List<String> out = new ArrayList<>();
    for (int i = open + 1; !lines.get(i).startsWith("```"); i++) {
      out.add(lines.get(i));
    }
    return out;
  }

  /** The row keys a shell {@code scan} printed (the first word of each cell line). */
  private static Set<String> rowKeys(String scanOutput) {
    Set<String> keys = new java.util.TreeSet<>();
    for (String line : scanOutput.split("\n")) {
      if (line.contains(" column=")) {
        keys.add(line.strip().split("\\s+")[0]);
      }
    }
    return keys;
  }

  private static void assertGone(Profile person) throws IOException {
    assertThat(client.profile(person.getOneId())).isEmpty();
    for (String row : rows(DmpTables.Segment.NAME)) {
      assertThat(row).doesNotEndWith(":" + person.getOneId());
    }
    Set<String> index = rows(DmpTables.IdIndex.NAME);
    person
        .getIdentifiers()
        .forEach(
            (type, values) ->
                values.forEach(v -> assertThat(index).doesNotContain(type + ":" + v)));
    assertThat(rows(DmpTables.Profile.NAME))
        .doesNotContain(DmpTables.Profile.rowKey(person.getOneId(), Salt.DEFAULT_BUCKETS));
  }
}
