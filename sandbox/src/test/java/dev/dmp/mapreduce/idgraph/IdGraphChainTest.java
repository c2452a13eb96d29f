package dev.dmp.mapreduce.idgraph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.avro.IdAssignment;
import dev.dmp.avro.IdNode;
import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.SuppressedId;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.report.ReportJob;
import dev.dmp.mapreduce.stage.StageRunner;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GeneratedDay;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Three generated days (the same people) through ingest, forget, clean and idgraph on the local job
 * runner; the graph is checked against the components the generator planted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdGraphChainTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate DAY1 = LocalDate.parse("2026-11-20");

  @TempDir static Path dir;
  private static Configuration conf;
  private static final List<GraphReport> reports = new ArrayList<>();

  @BeforeAll
  static void threeDays() throws Exception {
    conf = CommandRunner.embedded(dir.resolve("base"));
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    conf.setInt("mapreduce.local.reduce.tasks.maximum", 2);
    for (int d = 0; d < 3; d++) {
      RunDate date = new RunDate(DAY1.plusDays(d));
      GeneratedDay day =
          new GeneratedDay(new org.apache.hadoop.fs.Path(dir.resolve("in-" + d).toUri()), date);
      CommandRunner commands = new CommandRunner(conf);
      GeneratedDay.Steps steps =
          (DmpTool tool, String... args) ->
              assertThat(commands.run(tool, args)).as(commands.err()).isZero();
      day.generate(steps, 8000, 21);
      if (d == 0) {
        day.forget(steps); // the same people every day: they ask once
      }
      day.ingest(steps);
      StageRunner.quiet(conf).run(new CleanJob(), date);
      reports.add(StageRunner.quiet(conf).run(new IdGraphJob(), date));
    }
  }

  private static List<JsonNode> expected(int day) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("in-" + day + "/_components.jsonl"))) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private static <T> List<T> read(String relative, Class<T> type) throws Exception {
    List<T> out = new ArrayList<>();
    File d = dir.resolve("base").resolve(relative).toFile();
    File[] files = d.listFiles((x, n) -> n.endsWith(".avro"));
    if (files == null) {
      return out;
    }
    for (File f : files) {
      try (DataFileReader<T> r = new DataFileReader<>(f, new SpecificDatumReader<>(type))) {
        r.forEach(out::add);
      }
    }
    return out;
  }

  private static Map<String, IdAssignment> assignments(int day) throws Exception {
    Map<String, IdAssignment> out = new HashMap<>();
    for (IdAssignment a :
        read("graph/dt=" + DAY1.plusDays(day) + "/assignments", IdAssignment.class)) {
      out.put(a.getId(), a);
    }
    return out;
  }

  @Test
  @Order(1)
  void dayOneHasExactlyThePlantedPeople() throws Exception {
    Map<String, IdAssignment> byId = assignments(0);
    List<JsonNode> components = expected(0);
    Set<String> oneIds = new HashSet<>();
    long suppressed = 0;
    for (JsonNode c : components) {
      Set<String> ids = new HashSet<>();
      c.get("ids").forEach(i -> ids.add(i.asText()));
      Set<String> theirOneIds = new HashSet<>();
      for (String id : ids) {
        assertThat(byId).as(id).containsKey(id);
        theirOneIds.add(byId.get(id).getOneId());
        assertThat(byId.get(id).getSuppressed()).as(id).isEqualTo(c.get("suppressed").asBoolean());
      }
      assertThat(theirOneIds).as("one person, one OneID: " + ids).hasSize(1);
      assertThat(oneIds.add(theirOneIds.iterator().next()))
          .as("no two people share a OneID")
          .isTrue();
      suppressed += c.get("suppressed").asBoolean() ? 1 : 0;
    }
    int expectedIds = components.stream().mapToInt(c -> c.get("ids").size()).sum();
    assertThat(byId).hasSize(expectedIds); // junk ids, bots and rejected records link no one
    assertThat(reports.get(0).components()).isEqualTo((long) components.size());
    assertThat(reports.get(0).suppressedComponents()).isEqualTo(suppressed);
    assertThat(suppressed).isPositive();
  }

  @Test
  @Order(2)
  void theSharedDeviceIsASuperConnectorAndMergesNoOne() throws Exception {
    JsonNode truth = JSON.readTree(dir.resolve("in-0/_truth.json").toFile());
    String shared = truth.get("shared_device").asText();
    assertThat(read("graph/dt=" + DAY1 + "/super", IdNode.class))
        .extracting(IdNode::getId)
        .contains(shared);
    assertThat(assignments(0)).doesNotContainKey(shared);
  }

  @Test
  @Order(3)
  void dayThreeHasThePeopleOfAllThreeDaysAndOneIdsSurviveOrRedirect() throws Exception {
    // Expected: the components of the three days, joined where they share identifiers.
    Map<String, String> parent = new HashMap<>();
    for (int d = 0; d < 3; d++) {
      for (JsonNode c : expected(d)) {
        String first = c.get("ids").get(0).asText();
        c.get("ids").forEach(i -> union(parent, first, i.asText()));
      }
    }
    Map<String, IdAssignment> day3 = assignments(2);
    Map<String, String> oneIdOfRoot = new HashMap<>();
    for (String id : parent.keySet()) {
      assertThat(day3).as(id).containsKey(id);
      String root = find(parent, id);
      String previous = oneIdOfRoot.putIfAbsent(root, day3.get(id).getOneId());
      assertThat(previous == null || previous.equals(day3.get(id).getOneId())).as(id).isTrue();
    }
    assertThat(new HashSet<>(oneIdOfRoot.values())).hasSize(oneIdOfRoot.size());

    Set<String> live = new HashSet<>();
    day3.values().forEach(a -> live.add(a.getOneId()));
    Map<String, String> redirect = new HashMap<>();
    read("graph/dt=" + DAY1.plusDays(2) + "/merges", OneIdMerge.class)
        .forEach(m -> redirect.put(m.getRetired(), m.getSurvivor()));
    assertThat(redirect).as("people seen apart on day 1 meet later: merges happen").isNotEmpty();
    assertThat(redirect.values()).allMatch(live::contains);
    for (IdAssignment a : assignments(0).values()) {
      String oneId = a.getOneId();
      assertThat(live.contains(oneId) || live.contains(redirect.get(oneId)))
          .as("day-1 OneID " + oneId + " is live or redirects")
          .isTrue();
      IdAssignment now = day3.get(a.getId());
      assertThat(now.getOneId()).isEqualTo(redirect.getOrDefault(oneId, oneId));
    }
    assertThat(reports.get(1).mergedOneids() + reports.get(2).mergedOneids())
        .isEqualTo(redirect.size());
  }

  @Test
  @Order(4)
  void theJobsForALargeGraphDecideWhatTheDriverDecidesInMemory() throws Exception {
    RunDate day3 = new RunDate(DAY1.plusDays(2));
    String graph = "graph/dt=" + day3 + "/";
    GraphReport inMemory = StageRunner.quiet(conf).run(new IdGraphJob(), day3);
    Map<String, IdAssignment> assigned = assignments(2);
    Set<OneIdMerge> merges = new HashSet<>(read(graph + "merges", OneIdMerge.class));
    Set<SuppressedId> suppressed = new HashSet<>(read(graph + "suppressed", SuppressedId.class));

    Configuration large = new Configuration(conf);
    large.setLong(ConnectedComponents.MEMORY_MAX_NODES, 0);
    GraphReport byJobs = StageRunner.quiet(large).run(new IdGraphJob(), day3);

    assertThat(inMemory.rounds()).isZero();
    assertThat(byJobs.rounds()).isPositive();
    assertThat(byJobs).usingRecursiveComparison().ignoringFields("rounds").isEqualTo(inMemory);
    assertThat(assignments(2)).isEqualTo(assigned);
    assertThat(new HashSet<>(read(graph + "merges", OneIdMerge.class))).isEqualTo(merges);
    assertThat(suppressed).as("the forgotten people's components").isNotEmpty();
    assertThat(new HashSet<>(read(graph + "suppressed", SuppressedId.class))).isEqualTo(suppressed);
  }

  @Test
  @Order(5)
  void aRerunOfADayAssignsTheSameOneIds() throws Exception {
    Map<String, IdAssignment> before = assignments(2);
    StageRunner.quiet(conf).run(new IdGraphJob(), new RunDate(DAY1.plusDays(2)));
    assertThat(assignments(2)).isEqualTo(before);
  }

  @Test
  @Order(6)
  void dayOneEventsGoToTheirPeopleWithThePlantedCountsAndRevenue() throws Exception {
    RunDate day = new RunDate(DAY1);
    dev.dmp.mapreduce.attribute.AttributeReport r =
        StageRunner.quiet(conf).run(new AttributeJob(), day);
    Map<String, IdAssignment> byId = assignments(0);
    Map<String, long[]> counted = new HashMap<>();
    Map<String, Double> revenue = new HashMap<>();
    for (dev.dmp.avro.AttributedEvent e :
        read("attributed/dt=" + DAY1, dev.dmp.avro.AttributedEvent.class)) {
      counted.computeIfAbsent(e.getOneId(), k -> new long[1])[0]++;
      Double v = e.getEvent().getRevenue();
      revenue.merge(e.getOneId(), v == null ? 0.0 : v, Double::sum);
    }
    long suppressedEvents = 0;
    for (JsonNode c : expected(0)) {
      long events = c.get("clean_events").asLong();
      if (c.get("suppressed").asBoolean()) {
        suppressedEvents += events;
        continue;
      }
      String oneId = byId.get(c.get("ids").get(0).asText()).getOneId();
      assertThat(counted.getOrDefault(oneId, new long[1])[0]).as(oneId).isEqualTo(events);
      assertThat(revenue.getOrDefault(oneId, 0.0))
          .as(oneId)
          .isCloseTo(c.get("revenue").asDouble(), org.assertj.core.data.Offset.offset(0.01));
    }
    assertThat(r.suppressed()).isEqualTo(suppressedEvents);
    assertThat(r.unattributed()).isEqualTo(0L);
    assertThat(r.attributed() + suppressedEvents).isEqualTo(r.events());
  }

  @Test
  @Order(7)
  void dayThreeProfilesBuiltDayByDayEqualAFullRecomputeAndTheTruth() throws Exception {
    conf.set(
        dev.dmp.mapreduce.profile.ProfileJob.SEGMENTS_FILE,
        Path.of("..", "conf", "segments.properties").toAbsolutePath().toString());
    conf.set(
        dev.dmp.mapreduce.profile.ProfileJob.TAXONOMY_FILE,
        Path.of("..", "conf", "taxonomy.properties").toAbsolutePath().toString());
    for (int d = 0; d < 3; d++) {
      RunDate day = new RunDate(DAY1.plusDays(d));
      if (d > 0) {
        StageRunner.quiet(conf).run(new AttributeJob(), day);
      }
      StageRunner.quiet(conf).run(new ProfileJob(false), day);
    }
    String day3 = "profiles/dt=" + DAY1.plusDays(2);
    Map<String, dev.dmp.avro.Profile> incremental = new HashMap<>();
    read(day3, dev.dmp.avro.Profile.class).forEach(p -> incremental.put(p.getOneId(), p));

    dev.dmp.mapreduce.profile.ProfileReport full =
        StageRunner.quiet(conf).run(new ProfileJob(true), new RunDate(DAY1.plusDays(2)));
    Map<String, dev.dmp.avro.Profile> recomputed = new HashMap<>();
    read(day3, dev.dmp.avro.Profile.class).forEach(p -> recomputed.put(p.getOneId(), p));

    assertThat(full.daysRead()).isEqualTo(3);
    assertThat(incremental.keySet()).isEqualTo(recomputed.keySet());
    incremental.forEach(
        (id, p) -> dev.dmp.core.profile.ProfileAssert.assertSameProfile(p, recomputed.get(id)));
    assertThat(
            incremental.values().stream().flatMap(p -> p.getSegments().stream()).distinct().count())
        .as("some segments have members")
        .isGreaterThan(1);

    // The truth: every unsuppressed person's lifetime events over the three days.
    Map<String, String> parent = new HashMap<>();
    Map<String, long[]> eventsOfRoot = new HashMap<>();
    Set<String> suppressedIds = new HashSet<>();
    List<JsonNode> all = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      all.addAll(expected(d));
    }
    for (JsonNode c : all) {
      String first = c.get("ids").get(0).asText();
      c.get("ids").forEach(i -> union(parent, first, i.asText()));
      if (c.get("suppressed").asBoolean()) {
        c.get("ids").forEach(i -> suppressedIds.add(i.asText()));
      }
    }
    for (JsonNode c : all) {
      eventsOfRoot
              .computeIfAbsent(find(parent, c.get("ids").get(0).asText()), k -> new long[1])[0] +=
          c.get("clean_events").asLong();
    }
    Set<String> suppressedRoots = new HashSet<>();
    suppressedIds.forEach(id -> suppressedRoots.add(find(parent, id)));
    Map<String, IdAssignment> day3Ids = assignments(2);
    int checked = 0;
    for (Map.Entry<String, long[]> e : eventsOfRoot.entrySet()) {
      String oneId = day3Ids.get(e.getKey()).getOneId();
      if (suppressedRoots.contains(e.getKey())) {
        assertThat(incremental).as("a suppressed person has no profile").doesNotContainKey(oneId);
      } else if (e.getValue()[0] > 0) {
        long total =
            incremental.get(oneId).getEvents().values().stream().mapToLong(Long::longValue).sum();
        assertThat(total).as(oneId).isEqualTo(e.getValue()[0]);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  @Order(8)
  void reportsCountExactlyAndTheirSketchesHoldTheExactPeopleWithin95PercentBounds()
      throws Exception {
    Map<String, Set<String>> exactPeople = new HashMap<>();
    Map<String, long[]> exactEvents = new HashMap<>();
    for (int d = 0; d < 3; d++) {
      RunDate day = new RunDate(DAY1.plusDays(d));
      StageRunner.quiet(conf).run(new ReportJob(), day);
      for (dev.dmp.avro.AttributedEvent e :
          read("attributed/dt=" + day, dev.dmp.avro.AttributedEvent.class)) {
        String key = e.getEvent().getSource() + "\t" + e.getEvent().getEventType() + "\t*";
        exactPeople.computeIfAbsent(key, k -> new HashSet<>()).add(e.getOneId());
        exactEvents.computeIfAbsent(key, k -> new long[1])[0]++;
        exactPeople.computeIfAbsent("all", k -> new HashSet<>()).add(e.getOneId());
      }
    }
    Map<String, dev.dmp.core.report.ReportAggregate> rollup =
        dev.dmp.mapreduce.report.ReportJob.rollup(
            conf, new RunDate(DAY1), new RunDate(DAY1.plusDays(2)));
    dev.dmp.core.report.ReportAggregate all = new dev.dmp.core.report.ReportAggregate();
    int checked = 0;
    for (Map.Entry<String, long[]> e : exactEvents.entrySet()) {
      dev.dmp.avro.ReportRow row = rollup.get(e.getKey()).row("", "", "", "");
      assertThat(row.getEvents()).as(e.getKey()).isEqualTo(e.getValue()[0]);
      org.apache.datasketches.hll.HllSketch sketch = rollup.get(e.getKey()).sketch();
      int exact = exactPeople.get(e.getKey()).size();
      assertThat((double) exact)
          .as(e.getKey())
          .isBetween(sketch.getLowerBound(2), sketch.getUpperBound(2));
      all.add(rollup.get(e.getKey()).row("", "", "", ""));
      checked++;
    }
    assertThat(checked).isGreaterThan(5);
    org.apache.datasketches.hll.HllSketch union = all.sketch();
    int exactAll = exactPeople.get("all").size();
    System.out.printf(
        "3-day roll-up: %d distinct OneIDs, sketch %.0f [%.0f..%.0f]%n",
        exactAll, union.getEstimate(), union.getLowerBound(2), union.getUpperBound(2));
    assertThat((double) exactAll).isBetween(union.getLowerBound(2), union.getUpperBound(2));
  }

  @Test
  @Order(9)
  void theQualityReportComparesTheDayWithThePreviousRuns() throws Exception {
    CommandRunner commands = new CommandRunner(conf);
    assertThat(
            commands.run(
                new dev.dmp.mapreduce.gate.QualityTool(),
                "--date",
                DAY1.plusDays(2).toString(),
                "--json"))
        .isZero();
    JsonNode compared = JSON.readTree(commands.out()).get("compared");
    assertThat(compared.get("previous_date").asText()).isEqualTo(DAY1.plusDays(1).toString());
    assertThat(compared.get("days_compared").asInt()).isEqualTo(2);
    assertThat(compared.get("previous_read").asLong()).isEqualTo(8000);
    assertThat(compared.get("read_change_pct").asDouble()).isZero();
    assertThat(compared.get("median_read_7d").asDouble()).isEqualTo(8000.0);
    commands.reset();
    assertThat(
            commands.run(
                new dev.dmp.mapreduce.gate.QualityTool(), "--date", DAY1.plusDays(2).toString()))
        .isZero();
    assertThat(commands.out()).contains("against " + DAY1.plusDays(1) + ": read 8,000 (+0.0 %)");
  }

  private static String find(Map<String, String> parent, String x) {
    parent.putIfAbsent(x, x);
    while (!parent.get(x).equals(x)) {
      x = parent.get(x);
    }
    return x;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    String ra = find(parent, a);
    String rb = find(parent, b);
    if (!ra.equals(rb)) {
      parent.put(ra, rb);
    }
  }
}
