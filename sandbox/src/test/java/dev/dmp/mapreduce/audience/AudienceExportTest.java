package dev.dmp.mapreduce.audience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.erasure.ForgetTool;
import dev.dmp.mapreduce.gate.QualityTool;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.run.RunTool;
import dev.dmp.mapreduce.serving.LookupTool;
import dev.dmp.mapreduce.serving.SegmentTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two days of a segment exported to a destination: the members are those {@code dmp segment} lists,
 * and the second day's delta is exact after a day on which one person joined, one left and one
 * asked to be forgotten. The forgotten person's identifiers are in no file of either day.
 */
class AudienceExportTest {

  private static final String DAY1 = "2026-03-09";
  private static final String DAY2 = "2026-03-10";
  private static final String SEGMENT = "seen_today";

  @TempDir Path dir;

  @AfterEach
  void stopHBase() {
    HBaseConnections.stopEmbedded();
  }

  @Test
  void fullAndDeltaFollowTheSegmentAndLeaveTheForgottenOut() throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    CommandRunner.embeddedHBase(commands.conf(), dir.resolve("hbase"));
    commands
        .conf()
        .set(
            ProfileJob.SEGMENTS_FILE,
            Files.writeString(
                    dir.resolve("segments.properties"), SEGMENT + " = days_since_last_seen == 0\n")
                .toString());
    commands
        .conf()
        .set(
            Destinations.FILE,
            Files.writeString(
                    dir.resolve("destinations.properties"),
                    "ads.types = email, gaid\nads.segments = "
                        + SEGMENT
                        + "\nads.column.email = Email\n")
                .toString());

    // Day 1: Ann, Bob and Dan are seen; Cat only by a cookie, which no destination takes.
    run(
        commands,
        DAY1,
        event(DAY1, "a1", "\"email\":\" Ann@Example.com\",\"cookie\":\"ck_ann\""),
        event(
            DAY1,
            "b1",
            "\"email\":\"bob@example.com\",\"gaid\":\"AAAAAAAA-BBBB-CCCC-DDDD-000000000001\""),
        event(
            DAY1,
            "d1",
            "\"email\":\"dan@example.com\",\"gaid\":\"aaaaaaaa-bbbb-cccc-dddd-000000000004\""),
        event(DAY1, "c1", "\"cookie\":\"ck_cat\""));
    ok(commands, new SegmentTool(), "export", "--date", DAY1);
    assertThat(commands.out())
        .contains("export seen_today to ads for " + DAY1 + ": 4 members; full email 3, gaid 2;");
    Path day1 = exportDir(DAY1);
    assertThat(values(day1.resolve("full/email.csv"), "Email"))
        .containsExactlyInAnyOrder(
            sha("ann@example.com"), sha("bob@example.com"), sha("dan@example.com"));
    assertThat(values(day1.resolve("full/gaid.csv"), "gaid"))
        .containsExactlyInAnyOrder(
            "aaaaaaaa-bbbb-cccc-dddd-000000000001", "aaaaaaaa-bbbb-cccc-dddd-000000000004");
    assertThat(values(day1.resolve("added/email.csv"), "Email")).hasSize(3); // a first export
    assertThat(values(day1.resolve("removed/email.csv"), "Email")).isEmpty();
    // Cat is a member with nothing a destination takes: the three others are in the files.
    Set<String> members = membersOf(commands);
    Set<String> sent = oneIdsOf(commands, day1.resolve("full"));
    assertThat(members).hasSize(4).containsAll(sent);
    assertThat(sent).hasSize(3);

    // Before day 2, Dan asks to be forgotten: his identifiers leave day 1's files too.
    ok(commands, new ForgetTool(), "--id", "email:dan@example.com");
    assertThat(commands.out()).contains("scrubbed 4 identifier(s) of theirs from 4 export file(s)");
    // Day 2: Bob and Dan again (Dan's events are dropped), Eve joins, Ann is not seen: she leaves.
    run(
        commands,
        DAY2,
        event(DAY2, "b2", "\"email\":\"bob@example.com\""),
        event(
            DAY2,
            "d2",
            "\"email\":\"dan@example.com\",\"gaid\":\"aaaaaaaa-bbbb-cccc-dddd-000000000004\""),
        event(
            DAY2,
            "e2",
            "\"email\":\"eve@example.com\",\"gaid\":\"aaaaaaaa-bbbb-cccc-dddd-000000000005\""));
    ok(commands, new SegmentTool(), "export", SEGMENT, "--date", DAY2, "--destination", "ads");
    assertThat(commands.out())
        .contains(
            "export seen_today to ads for "
                + DAY2
                + ": 2 members; full email 2, gaid 2;"
                + " added 2, removed 3 since "
                + DAY1);
    Path day2 = exportDir(DAY2);
    assertThat(values(day2.resolve("full/email.csv"), "Email"))
        .containsExactlyInAnyOrder(sha("bob@example.com"), sha("eve@example.com"));
    assertThat(values(day2.resolve("added/email.csv"), "Email"))
        .containsExactlyInAnyOrder(sha("eve@example.com"));
    assertThat(values(day2.resolve("added/gaid.csv"), "gaid"))
        .containsExactlyInAnyOrder("aaaaaaaa-bbbb-cccc-dddd-000000000005");
    // Ann left; Dan was forgotten: the destination holds him from day 1 and is told to drop him.
    assertThat(values(day2.resolve("removed/email.csv"), "Email"))
        .containsExactlyInAnyOrder(sha("ann@example.com"), sha("dan@example.com"));
    assertThat(values(day2.resolve("removed/gaid.csv"), "gaid"))
        .containsExactly("aaaaaaaa-bbbb-cccc-dddd-000000000004");
    assertThat(membersOf(commands)).isEqualTo(oneIdsOf(commands, day2.resolve("full")));

    // Dan is in no other file of either day; nor is anyone's cookie.
    List<String> everything = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir.resolve("base/exports"))) {
      for (Path f :
          files
              .filter(f -> f.toString().endsWith(".csv"))
              .filter(f -> !f.toString().contains("/_erased/"))
              .filter(f -> !f.startsWith(day2.resolve("removed")))
              .toList()) {
        everything.addAll(lines(f));
      }
    }
    assertThat(everything)
        .isNotEmpty()
        .doesNotContain(sha("dan@example.com"), "aaaaaaaa-bbbb-cccc-dddd-000000000004")
        .noneMatch(l -> l.startsWith("ck_"));

    // Re-running the day's export changes nothing, and the quality report counts it.
    ok(commands, new SegmentTool(), "export", SEGMENT, "--date", DAY2, "--destination", "ads");
    assertThat(values(day2.resolve("removed/email.csv"), "Email"))
        .containsExactlyInAnyOrder(sha("ann@example.com"), sha("dan@example.com"));
    ok(commands, new QualityTool(), "--date", DAY2, "--json");
    JsonNode export = new ObjectMapper().readTree(commands.out()).get("exports").get(0);
    assertThat(export.get("members").asLong()).isEqualTo(2);
    assertThat(export.at("/identifiers/added/email").asLong()).isEqualTo(1);
    assertThat(export.at("/identifiers/removed/email").asLong()).isEqualTo(2);
    assertThat(export.get("previous").asText()).isEqualTo(DAY1);
  }

  @Test
  void aDestinationThatWouldSendCookiesIsRefused() throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    commands
        .conf()
        .set(
            Destinations.FILE,
            Files.writeString(dir.resolve("d.properties"), "leaky.types = email, cookie\n")
                .toString());
    assertThat(
            commands.run(
                new SegmentTool(), "export", "x", "--date", DAY1, "--destination", "leaky"))
        .isEqualTo(DmpTool.USAGE);
    assertThat(commands.err())
        .contains(
            "leaky.types: cookie is not an identifier an ad platform matches (email, gaid, idfa, phone)");
  }

  private void run(CommandRunner commands, String day, String... events) throws Exception {
    Path file = Files.write(dir.resolve("events-" + day + ".jsonl"), List.of(events));
    ok(commands, new RunTool(), "--date", day, file.toString());
  }

  private static String event(String day, String id, String ids) {
    return String.format(
        "{\"event_id\":\"%s\",\"event_time\":\"%sT10:15:00+00:00\",\"source\":\"web\","
            + "\"event_type\":\"page_view\",\"ids\":{%s}}",
        id, day, ids);
  }

  private Path exportDir(String day) {
    return dir.resolve("base/exports/segment=" + SEGMENT + "/dt=" + day + "/destination=ads");
  }

  private static String sha(String email) {
    return IdentifierNormalizer.sha256Hex(email);
  }

  /** The identifiers of an export file, after its header (checked). */
  private static List<String> values(Path file, String header) throws IOException {
    List<String> lines = lines(file);
    assertThat(lines).as(file.toString()).isNotEmpty().first().isEqualTo(header);
    return lines.subList(1, lines.size());
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file);
  }

  /** The segment's members, as {@code dmp segment} lists them from HBase. */
  private static Set<String> membersOf(CommandRunner commands) throws Exception {
    ok(commands, new SegmentTool(), SEGMENT, "--limit", "100");
    return new HashSet<>(commands.out().lines().toList());
  }

  /** The people of every identifier in a full export, by {@code dmp lookup}. */
  private static Set<String> oneIdsOf(CommandRunner commands, Path full) throws Exception {
    Set<String> people = new HashSet<>();
    for (String type : List.of("email", "gaid")) {
      for (String value : lines(full.resolve(type + ".csv"))) {
        if (AudienceExport.isValue(type, value)) {
          ok(commands, new LookupTool(), "--id", type + ":" + value, "--json");
          people.add(new ObjectMapper().readTree(commands.out()).get("one_id").asText());
        }
      }
    }
    return people;
  }

  private static void ok(CommandRunner commands, DmpTool tool, String... args) throws Exception {
    commands.reset();
    assertThat(commands.run(tool, args)).as(commands.err()).isZero();
  }
}
