package dev.dmp.mapreduce.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the profile stage would refuse, or an HBase the run would load into and cannot find, stops
 * {@code dmp run} before it republishes anything.
 */
class RunPreflightTest {

  private static final String DAY = "2026-11-20";

  @TempDir Path dir;
  private CommandRunner commands;

  @BeforeEach
  void land() throws Exception {
    commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    Path events = dir.resolve("events.jsonl");
    Files.writeString(
        events,
        "{\"event_id\":\"e1\",\"event_type\":\"purchase\",\"event_time\":\"2026-11-20T10:00:00Z\","
            + "\"source\":\"web\",\"ids\":{\"cookie\":\"c1\"}}\n");
    assertThat(commands.run(new IngestTool(), "--date", DAY, events.toString()))
        .as(commands.err())
        .isZero();
    commands.reset();
  }

  @Test
  void aSegmentRuleWithATypoStopsTheRunBeforeClean() throws Exception {
    Path rules = dir.resolve("segments.properties");
    Files.writeString(rules, "buyer_30d = count_30d.purchse >= 1\n");
    commands.conf().set("dmp.profile.segments.file", rules.toString());

    assertThat(commands.run(new RunTool(), "--date", DAY)).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err())
        .contains("dmp run: segment buyer_30d: count_30d.purchse counts an unknown event type");
    assertThat(dir.resolve("base/clean")).doesNotExist();
  }

  @Test
  void earlierDaysWithoutAnyProfilesStopTheRunBeforeClean() throws Exception {
    Files.createDirectories(dir.resolve("base/attributed/dt=2026-11-18"));

    assertThat(commands.run(new RunTool(), "--date", DAY)).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err())
        .contains("there are attributed days before " + DAY + " but no profiles: use --full");
    assertThat(dir.resolve("base/clean")).doesNotExist();
  }

  @Test
  void aRunThatServesFromHBaseAndHasNoneStopsBeforeClean() throws Exception {
    commands.conf().setBoolean(HBaseConnections.ENABLED, true);

    assertThat(commands.run(new RunTool(), "--date", DAY)).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err().strip())
        .startsWith("dmp run: " + HBaseConnections.ENABLED + " is true but no HBase")
        .contains(HBaseConnections.ENABLED + "=false")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("base/clean")).doesNotExist();

    commands.reset();
    commands.conf().setBoolean(HBaseConnections.ENABLED, false);
    assertThat(commands.run(new RunTool(), "--date", DAY)).as(commands.err()).isZero();
    assertThat(commands.out())
        .contains("load      skipped: " + HBaseConnections.ENABLED + "=false");
  }
}
