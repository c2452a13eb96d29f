package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.PersonProfile;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.money.RatesTool;
import dev.dmp.mapreduce.run.RunTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GeneratedDay;
import dev.dmp.sandbox.generate.PlantedPeople;
import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream's speed layer on a generated day: people served live as the events flow. */
class StreamLiveTest {

  private static final String DAY1 = "2026-11-19";
  private static final String DAY2 = "2026-11-20";
  private static final int EVENTS = 20_000;
  private static final long SEED = 5;

  @TempDir static Path dir;

  @AfterAll
  static void stopHBase() {
    HBaseConnections.stopEmbedded();
  }

  /**
   * Day one through the daily chain; day two (the same people, new events) through the stream with
   * the speed layer; then day two's daily run, the reference.
   */
  @Test
  void theSecondDayStreamedMatchesItsDailyRunPersonByPerson() throws Exception {
    CommandRunner commands =
        GeneratedFeeds.commands(dir.resolve("home"), dir.resolve("hbase"), "2s");
    commands.conf().setBoolean(LiveSettings.ENABLED, true);
    GeneratedDay.Steps steps =
        (DmpTool tool, String... args) ->
            assertThat(commands.run(tool, args)).as(commands.err()).isZero();

    GeneratedDay one =
        new GeneratedDay(
            new org.apache.hadoop.fs.Path(dir.resolve("in-1").toUri()), RunDate.parse(DAY1));
    one.generate(steps, EVENTS, SEED);
    one.forget(steps);
    one.ingest(steps);
    steps.run(new RunTool(), "--date", DAY1);

    Path in = dir.resolve("in-2");
    List<FeedProducer.Line> lines = GeneratedFeeds.day(commands, in, DAY2, EVENTS, SEED);
    GeneratedDay two =
        new GeneratedDay(new org.apache.hadoop.fs.Path(in.toUri()), RunDate.parse(DAY2));
    steps.run(new RatesTool(), "--date", DAY2, "--load", two.rates().toString());
    List<PlantedPeople.Person> planted =
        PlantedPeople.read(
            FileSystem.getLocal(commands.conf()),
            new org.apache.hadoop.fs.Path(in.resolve("_components.jsonl").toUri()));
    // Every person of day one, by OneID, found through both days' planted identifiers.
    Map<String, PersonProfile> dayOneByOneId = new TreeMap<>();
    List<PlantedPeople.Person> both = new ArrayList<>(planted);
    both.addAll(
        PlantedPeople.read(
            FileSystem.getLocal(commands.conf()),
            new org.apache.hadoop.fs.Path(dir.resolve("in-1/_components.jsonl").toUri())));
    try (DmpClient client = DmpClient.connect(HBaseConnections.clientConf(commands.conf()))) {
      everyone(client, both).values().forEach(dayOneByOneId::putAll);
    }

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopics(GeneratedFeeds.TOPICS, 4);
      FeedProducer.send(kafka.bootstrapServers(), lines, 4);
      long start = System.nanoTime();
      assertThat(
              commands.run(
                  new StreamTool(), GeneratedFeeds.untilDay(kafka.bootstrapServers(), DAY2)))
          .as(commands.err() + commands.out())
          .isZero();
      System.out.printf(
          "%d events streamed in %.1f s%n", lines.size(), (System.nanoTime() - start) / 1e9);
    }
    Map<String, PersonProfile> live;
    Map<String, Map<String, PersonProfile>> liveEveryone;
    Map<String, PersonProfile> liveByOneId = new TreeMap<>();
    try (DmpClient client = DmpClient.connect(HBaseConnections.clientConf(commands.conf()))) {
      live = served(client, planted);
      liveEveryone = everyone(client, planted);
      for (String oneId : dayOneByOneId.keySet()) {
        client.profile(oneId).ifPresent(f -> liveByOneId.put(oneId, f));
      }
    }
    // Nobody is served live who had no event today; an identifier on the suppression list is
    // never served. (A suppressed person's other identifiers, in events without the suppressed
    // one, are not known to the stream as theirs: docs/streams.md.)
    long suppressedServedLive = 0;
    for (PlantedPeople.Person p : planted) {
      PersonProfile l = live.get(p.ids().get(0));
      if (p.suppressed()) {
        suppressedServedLive += l == null ? 0 : 1;
      } else if (p.cleanEvents() == 0 && l != null) {
        assertThat(l.live().isEmpty()).as(p.ids().get(0)).isTrue();
      }
    }
    System.out.println(
        "suppressed people served live under another identifier: " + suppressedServedLive);
    try (DmpClient client = DmpClient.connect(HBaseConnections.clientConf(commands.conf()))) {
      for (String id : Files.readAllLines(dir.resolve("in-1").resolve("_suppress.txt"))) {
        if (!id.isBlank() && !id.startsWith("#")) {
          assertThat(client.lookup(id.strip()).found()).as(id).isFalse();
        }
      }
    }

    // Day two's daily run, the reference: for every person, the live figures are what the day
    // added to the profile (events by type, revenue), the segments entered live are those the day
    // added, and the load masks the live figures.
    steps.run(new RunTool(), "--date", DAY2);
    List<String> differences = new ArrayList<>();
    long people = 0;
    long whole = 0;
    long segmentsEntered = 0;
    try (DmpClient client = DmpClient.connect(HBaseConnections.clientConf(commands.conf()))) {
      Map<String, PersonProfile> dayTwo = served(client, planted);
      // Day one's people as day two's graph sees them: each survivor with those it absorbed.
      Map<String, Set<String>> dayOneOf = new TreeMap<>();
      for (String oneId : dayOneByOneId.keySet()) {
        client
            .profile(oneId)
            .ifPresent(f -> dayOneOf.computeIfAbsent(f.oneId(), k -> new TreeSet<>()).add(oneId));
      }
      // One person may be planted as several components of the day (identifiers the day never
      // shows together, joined by an earlier day's graph): each person is compared once, with
      // what the stream counted under every one of their components.
      Map<String, List<String>> keysByPerson = new TreeMap<>();
      dayTwo.forEach(
          (key, p) -> keysByPerson.computeIfAbsent(p.oneId(), k -> new ArrayList<>()).add(key));
      for (List<String> keys : keysByPerson.values()) {
        String key = keys.get(0);
        PersonProfile after = dayTwo.get(key);
        assertThat(after.live().isEmpty()).as(key + " masked by the load").isTrue();
        // What the day added to the person: their profile now less every profile their
        // identifiers had before (several when the day's events joined people).
        Map<String, PersonProfile> beforeByOneId = new TreeMap<>();
        for (String oneId : dayOneOf.getOrDefault(after.oneId(), Set.of())) {
          beforeByOneId.put(oneId, dayOneByOneId.get(oneId));
        }
        Collection<PersonProfile> before = beforeByOneId.values();
        Map<String, Long> added = new TreeMap<>(after.events());
        double revenue = after.revenue();
        for (PersonProfile b : before) {
          b.events().forEach((type, n) -> added.merge(type, -n, Long::sum));
          revenue -= b.revenue();
        }
        added.values().removeIf(n -> n == 0);
        if (added.isEmpty()) {
          continue;
        }
        people++;
        // What the stream counted for the person: the live figures of every person their
        // identifiers are found as (one, unless the day joined people or brought new identifiers
        // first alone: provisional people, and known people an event linked, which only the daily
        // graph joins).
        Map<String, Long> counted = new TreeMap<>();
        double countedRevenue = 0;
        Map<String, PersonProfile> countedByOneId = new TreeMap<>();
        keys.forEach(k -> countedByOneId.putAll(liveEveryone.get(k)));
        for (String oneId : beforeByOneId.keySet()) {
          if (liveByOneId.containsKey(oneId)) {
            countedByOneId.put(oneId, liveByOneId.get(oneId));
          }
        }
        for (PersonProfile l : countedByOneId.values()) {
          l.live().events().forEach((type, n) -> counted.merge(type, n, Long::sum));
          countedRevenue += l.live().revenue();
        }
        String who = keys + " (" + after.oneId() + ")";
        if (!counted.equals(added) || Math.abs(countedRevenue - revenue) > 0.005) {
          differences.add(
              who
                  + ": live "
                  + counted
                  + " "
                  + countedRevenue
                  + ", daily "
                  + added
                  + " "
                  + revenue);
          continue;
        }
        PersonProfile now = live.get(key);
        if (countedByOneId.size() == 1 && before.size() == 1 && now.oneId().equals(after.oneId())) {
          whole++;
          List<String> entered = new ArrayList<>(after.segments());
          entered.removeAll(before.iterator().next().segments());
          segmentsEntered += entered.size();
          assertThat(new TreeSet<>(now.live().segments()))
              .as(who)
              .isEqualTo(new TreeSet<>(entered));
        }
      }
    }
    System.out.printf(
        "live against daily: %d people with events, %d served whole live, %d across several"
            + " people until the daily graph joined them, %d differ%n",
        people, whole, people - whole - differences.size(), differences.size());
    differences.forEach(System.out::println);
    assertThat(people).isGreaterThan(planted.size() / 2);
    assertThat(whole).isGreaterThan(people * 4 / 5);
    assertThat(segmentsEntered).as("segments entered on day two").isPositive();
    assertThat(differences).as("people whose live figures differ from the daily run's").isEmpty();
  }

  /** Every person each planted person's identifiers are found as, by OneID. */
  private static Map<String, Map<String, PersonProfile>> everyone(
      DmpClient client, List<PlantedPeople.Person> people) throws Exception {
    Map<String, Map<String, PersonProfile>> out = new TreeMap<>();
    for (PlantedPeople.Person p : people) {
      Map<String, PersonProfile> found = new TreeMap<>();
      for (DmpClient.Lookup l : client.lookupAll(p.ids())) {
        l.profile().ifPresent(f -> found.put(f.oneId(), f));
      }
      out.put(p.ids().get(0), found);
    }
    return out;
  }

  /** What DmpClient serves of each planted person, by their first identifier. */
  private static Map<String, PersonProfile> served(
      DmpClient client, List<PlantedPeople.Person> people) throws Exception {
    Map<String, PersonProfile> out = new TreeMap<>();
    for (PlantedPeople.Person p : people) {
      client.lookup(p.ids().get(0)).profile().ifPresent(f -> out.put(p.ids().get(0), f));
    }
    return out;
  }
}
