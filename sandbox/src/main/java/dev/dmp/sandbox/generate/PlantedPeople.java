package dev.dmp.sandbox.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.PersonProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The people the generator planted ({@code _components.jsonl}: the identifiers the identity graph
 * must join, with their clean events and revenue), and the check that HBase serves each of them
 * under every one of their identifiers.
 */
public final class PlantedPeople {

  /** One planted person: canonical identifiers (PII hashed), and what their profile must hold. */
  public record Person(List<String> ids, boolean suppressed, long cleanEvents, double revenue) {
    long idTypes() {
      return ids.stream().map(i -> i.substring(0, i.indexOf(':'))).distinct().count();
    }
  }

  private PlantedPeople() {}

  public static List<Person> read(FileSystem fs, Path componentsFile) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Person> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(fs.open(componentsFile), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode n = json.readTree(line);
        List<String> ids = new ArrayList<>();
        n.get("ids").forEach(i -> ids.add(i.asText()));
        out.add(
            new Person(
                ids,
                n.get("suppressed").asBoolean(),
                n.get("clean_events").asLong(),
                n.get("revenue").asDouble()));
      }
    }
    return out;
  }

  /**
   * {@code n} live people worth showing: those with the most identifier types first, and one who
   * spent money among them. Deterministic for a given input.
   */
  public static List<Person> sample(List<Person> all, int n) {
    List<Person> live =
        all.stream()
            .filter(p -> !p.suppressed() && p.cleanEvents() > 0)
            .sorted(
                Comparator.comparingLong(Person::idTypes)
                    .thenComparingInt(p -> p.ids().size())
                    .reversed()
                    .thenComparing(p -> p.ids().get(0)))
            .collect(Collectors.toCollection(ArrayList::new));
    List<Person> out = new ArrayList<>(live.subList(0, Math.min(n, live.size())));
    if (out.stream().noneMatch(p -> p.revenue() > 0)) {
      live.stream()
          .filter(p -> p.revenue() > 0)
          .findFirst()
          .ifPresent(
              p -> {
                out.remove(out.size() - 1);
                out.add(p);
              });
    }
    return out;
  }

  /**
   * What HBase serves against what was planted: every identifier of a live person finds the same
   * OneID, whose profile holds the planted event count and revenue and no identifier of anyone
   * else; a suppressed person is found under none. Returns the differences, empty when everything
   * matches.
   */
  public static List<String> check(DmpClient client, List<Person> people) throws IOException {
    List<String> differences = new ArrayList<>();
    for (Person p : people) {
      List<DmpClient.Lookup> found = client.lookupAll(p.ids());
      if (p.suppressed()) {
        found.stream()
            .filter(DmpClient.Lookup::found)
            .forEach(l -> differences.add(l.canonical() + " is suppressed but served"));
        continue;
      }
      Set<String> oneIds =
          found.stream()
              .map(l -> l.profile().map(PersonProfile::oneId).orElse("(not found)"))
              .collect(Collectors.toSet());
      if (oneIds.size() != 1 || oneIds.contains("(not found)")) {
        differences.add(p.ids() + " found as " + oneIds);
        continue;
      }
      PersonProfile profile = found.get(0).profile().get();
      List<String> foreign =
          profile.identifierStrings().stream().filter(i -> !p.ids().contains(i)).toList();
      if (!foreign.isEmpty()) {
        differences.add(p.ids().get(0) + ": profile holds identifiers not planted " + foreign);
      }
      long events = profile.events().values().stream().mapToLong(Long::longValue).sum();
      if (events != p.cleanEvents()) {
        differences.add(p.ids().get(0) + ": " + events + " events, planted " + p.cleanEvents());
      }
      if (Math.abs(profile.revenue() - p.revenue()) > 0.005) {
        differences.add(
            p.ids().get(0) + ": revenue " + profile.revenue() + ", planted " + p.revenue());
      }
    }
    return differences;
  }

  /**
   * What the stream job serves of a day against what was planted: every identifier of a live person
   * finds one OneID whose live figures hold the planted event count and revenue; a suppressed
   * person is found under none. Returns the differences, empty when everything matches.
   */
  /** The prefix of a difference that is a person split into provisional people. */
  public static final String SPLIT = "split: ";

  public static List<String> checkLive(DmpClient client, List<Person> people) throws IOException {
    List<String> differences = new ArrayList<>();
    for (Person p : people) {
      List<DmpClient.Lookup> found = client.lookupAll(p.ids());
      if (p.suppressed() || p.cleanEvents() == 0) {
        found.stream()
            .filter(DmpClient.Lookup::found)
            .forEach(l -> differences.add(l.canonical() + " has no clean event but is served"));
        continue;
      }
      Set<String> oneIds =
          found.stream()
              .map(l -> l.profile().map(PersonProfile::oneId).orElse("(not found)"))
              .collect(Collectors.toSet());
      if (oneIds.contains("(not found)")) {
        differences.add(p.ids() + " found live as " + oneIds);
        continue;
      }
      if (oneIds.size() > 1) {
        // Provisional people, one per identifier first seen alone, until the daily graph joins
        // them: together they hold the person's events.
        Map<String, Long> byOneId = new java.util.TreeMap<>();
        found.forEach(
            l ->
                byOneId.put(
                    l.profile().get().oneId(),
                    l.profile().get().live().events().values().stream()
                        .mapToLong(Long::longValue)
                        .sum()));
        long together = byOneId.values().stream().mapToLong(Long::longValue).sum();
        differences.add(
            (together == p.cleanEvents() ? SPLIT : "")
                + p.ids()
                + " found live as "
                + byOneId
                + ", planted "
                + p.cleanEvents());
        continue;
      }
      PersonProfile.Live live = found.get(0).profile().get().live();
      long events = live.events().values().stream().mapToLong(Long::longValue).sum();
      if (events != p.cleanEvents()) {
        differences.add(
            p.ids().get(0) + ": " + events + " live events, planted " + p.cleanEvents());
      }
      if (Math.abs(live.revenue() - p.revenue()) > 0.005) {
        differences.add(
            p.ids().get(0) + ": live revenue " + live.revenue() + ", planted " + p.revenue());
      }
    }
    return differences;
  }
}
