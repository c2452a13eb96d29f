package dev.dmp.mapreduce.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.avro.Profile;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GenerateTool;
import dev.dmp.sandbox.generate.GeneratedDay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily chain as one command, and the gate stopping a bad day. */
class RunToolTest {

  @TempDir Path dir;

  private CommandRunner land(String day, String malformedShare) throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    commands
        .conf()
        .set(
            "dmp.profile.segments.file",
            Path.of("..", "conf", "segments.properties").toAbsolutePath().toString());
    Path in = dir.resolve("in-" + day);
    assertThat(
            commands.run(
                new GenerateTool(),
                "--date",
                day,
                "--events",
                "5000",
                "--seed",
                "3",
                "--malformed-share",
                malformedShare,
                "--out",
                in.toString()))
        .as(commands.err())
        .isZero();
    GeneratedDay generated =
        new GeneratedDay(new org.apache.hadoop.fs.Path(in.toUri()), RunDate.parse(day));
    GeneratedDay.Steps steps =
        (DmpTool tool, String... args) ->
            assertThat(commands.run(tool, args)).as(commands.err()).isZero();
    generated.forget(steps);
    generated.ingest(steps);
    return commands;
  }

  @Test
  void aGoodDayRunsThroughEveryStage() throws Exception {
    CommandRunner commands = land("2026-11-20", "0.004");
    assertThat(commands.run(new RunTool(), "--date", "2026-11-20")).as(commands.err()).isZero();
    assertThat(commands.out())
        .contains(
            "gate      passed after clean",
            "idgraph",
            "attribute",
            "profile",
            "report",
            "gate      passed after report",
            "run 2026-11-20: done");
    for (String dataset : new String[] {"clean", "graph", "attributed", "profiles", "reports"}) {
      assertThat(dir.resolve("base/" + dataset + "/dt=2026-11-20")).exists();
    }
    // Who may read what: the service user writes, the data group reads the derived datasets,
    // nobody else enters; the raw zone and the rejects are the owner's alone.
    assertThat(mode("base")).isEqualTo("rwxr-x---");
    for (String derived :
        new String[] {
          "clean", "clean/dt=2026-11-20", "graph/dt=2026-11-20", "attributed/dt=2026-11-20",
          "profiles/dt=2026-11-20", "reports/dt=2026-11-20", "quality", "quality/dt=2026-11-20"
        }) {
      assertThat(mode("base/" + derived)).as(derived).isEqualTo("rwxr-x---");
    }
    for (String ownerOnly : new String[] {"raw", "rejects/dt=2026-11-20"}) {
      assertThat(mode("base/" + ownerOnly)).as(ownerOnly).isEqualTo("rwx------");
    }
  }

  private String mode(String path) throws java.io.IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(
        java.nio.file.Files.getPosixFilePermissions(dir.resolve(path)));
  }

  /**
   * Most users' first day: no suppression list was ever written, no identifier is shared by many
   * people, so the graph's super-connector and suppressed outputs receive no record. They publish
   * as empty datasets and the chain finds the three people.
   */
  @Test
  void aFirstDayWithoutOptOutsOrASharedDeviceFindsItsPeople() throws Exception {
    String day = "2026-11-20";
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    runDay(
        commands,
        day,
        event(day, "e1", "\"cookie\":\"ck_a1\",\"email\":\"a@example.com\"", "login"),
        event(day, "e2", "\"cookie\":\"ck_a2\",\"email\":\"A@example.com \"", "login"),
        event(day, "e3", "\"cookie\":\"ck_a2\"", "page_view"),
        event(day, "e4", "\"cookie\":\"ck_b1\",\"user_id\":\"u-b\"", "signup"),
        event(day, "e5", "\"user_id\":\"u-b\"", "purchase"),
        event(day, "e6", "\"phone\":\"+86 138 0013 8000\"", "page_view"));
    assertThat(commands.out()).contains("run " + day + ": done");
    var graph =
        new ObjectMapper()
            .readTree(dir.resolve("base/quality/dt=" + day + "/idgraph.json").toFile());
    assertThat(graph.get("components").asLong()).isEqualTo(3);
    assertThat(graph.get("super_connectors").asLong()).isZero();
    for (String empty : new String[] {"super", "suppressed"}) {
      Path dataset = dir.resolve("base/graph/dt=" + day + "/" + empty);
      assertThat(dataset).isDirectory();
      try (var files = Files.list(dataset)) {
        assertThat(files.filter(f -> f.toString().endsWith(".avro"))).isEmpty();
      }
    }
    List<Profile> profiles =
        AvroFiles.read(
            commands.conf(),
            new org.apache.hadoop.fs.Path(dir.resolve("base/profiles/dt=" + day).toUri()),
            Profile.class);
    assertThat(profiles)
        .extracting(p -> p.getIdentifiers().keySet())
        .containsExactlyInAnyOrder(
            Set.of("cookie", "email"), Set.of("cookie", "user_id"), Set.of("phone"));
  }

  /**
   * A segment list far past Hadoop's 120 counters per job: segment sizes travel as records, not as
   * one counter each, so the profile job still runs, and every rule is in the report.
   */
  @Test
  void threeHundredSegmentRulesRunAndAreEachReported() throws Exception {
    String day = "2026-11-20";
    List<String> rules = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rules.add(String.format("seg_%03d = events >= %d", i, i % 3));
    }
    Path segments = Files.write(dir.resolve("segments.properties"), rules);
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    commands.conf().set("dmp.profile.segments.file", segments.toString());
    runDay(
        commands,
        day,
        event(day, "s1", "\"cookie\":\"ck_s1\"", "page_view"),
        event(day, "s2", "\"cookie\":\"ck_s1\"", "purchase"),
        event(day, "s3", "\"cookie\":\"ck_s2\"", "page_view"));
    var report =
        new ObjectMapper()
            .readTree(dir.resolve("base/quality/dt=" + day + "/profile.json").toFile());
    var sizes = report.get("segments");
    assertThat(sizes.size()).isEqualTo(300);
    assertThat(sizes.get("seg_000").asLong()).isEqualTo(2); // events >= 0: both people
    assertThat(sizes.get("seg_001").asLong()).isEqualTo(2); // events >= 1
    assertThat(sizes.get("seg_002").asLong()).isEqualTo(1); // events >= 2: ck_s1 only
    assertThat(commands.out())
        .contains("2 profiles (incremental)", "300 segments, 500 memberships");
  }

  /** {@code dmp run --date DAY FILE}, FILE holding these collector lines; it must succeed. */
  private void runDay(CommandRunner commands, String day, String... lines) throws Exception {
    Path events = Files.write(dir.resolve("events-" + day + ".jsonl"), List.of(lines));
    assertThat(commands.run(new RunTool(), "--date", day, events.toString()))
        .as(commands.err())
        .isZero();
  }

  private static String event(String day, String id, String ids, String type) {
    return String.format(
        "{\"event_id\":\"%s\",\"event_time\":\"%sT10:15:00+00:00\",\"source\":\"web\","
            + "\"event_type\":\"%s\",\"ids\":{%s}}",
        id, day, type, ids);
  }

  @Test
  void aDayWithTenPercentMalformedRecordsIsStoppedByTheGateBeforeAnythingDownstream()
      throws Exception {
    CommandRunner commands = land("2026-11-21", "0.10");
    assertThat(commands.run(new RunTool(), "--date", "2026-11-21")).isEqualTo(DmpTool.FAILED);

    String message = commands.err().strip();
    assertThat(message)
        .doesNotContain("\n")
        .startsWith("dmp run: quality gate failed for 2026-11-21 after clean: reject rate ");
    Matcher m =
        Pattern.compile(
                "reject rate ([0-9.]+) % \\((\\d+) of (\\d+) records\\) is above the limit of 5.00 % \\(dmp.gate.max.reject.rate\\)")
            .matcher(message);
    assertThat(m.find()).as(message).isTrue();
    double measured = Double.parseDouble(m.group(1));
    assertThat(measured).isBetween(10.0, 13.0); // 10 % malformed plus the usual other rejects
    var clean =
        new ObjectMapper().readTree(dir.resolve("base/quality/dt=2026-11-21/clean.json").toFile());
    assertThat(Long.parseLong(m.group(2))).isEqualTo(clean.get("rejected_total").asLong());
    assertThat(dir.resolve("base/graph/dt=2026-11-21")).doesNotExist();
    assertThat(dir.resolve("base/attributed/dt=2026-11-21")).doesNotExist();
    assertThat(dir.resolve("base/profiles/dt=2026-11-21")).doesNotExist();
    assertThat(Files.readString(dir.resolve("base/quality/dt=2026-11-21/gate-clean.json")))
        .contains("\"passed\" : false");
  }
}
