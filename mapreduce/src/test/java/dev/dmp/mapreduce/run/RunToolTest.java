package dev.dmp.mapreduce.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.RunDate;
import dev.dmp.mapreduce.generate.GenerateTool;
import dev.dmp.mapreduce.generate.GeneratedDay;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
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
    generated.ingest(steps);
    generated.forget(steps);
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
