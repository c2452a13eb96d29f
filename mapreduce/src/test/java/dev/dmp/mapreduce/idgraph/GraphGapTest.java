package dev.dmp.mapreduce.idgraph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A day whose yesterday has no graph builds on an older one, and says so. */
class GraphGapTest {

  @TempDir Path dir;

  private void day(CommandRunner commands, String day) throws Exception {
    Path events = dir.resolve(day + ".jsonl");
    Files.writeString(
        events,
        "{\"event_id\":\"e-"
            + day
            + "\",\"event_type\":\"page_view\",\"event_time\":\""
            + day
            + "T10:00:00Z\",\"source\":\"web\",\"ids\":{\"cookie\":\"c1\",\"idfa\":"
            + "\"6D92078A-8246-4BA4-AE5B-76104861E7DC\"}}\n");
    assertThat(commands.run(new IngestTool(), "--date", day, events.toString()))
        .as(commands.err())
        .isZero();
    assertThat(commands.run(new CleanJob(), "--date", day)).as(commands.err()).isZero();
    commands.reset();
    assertThat(commands.run(new IdGraphJob(), "--date", day)).as(commands.err()).isZero();
  }

  @Test
  void aDayAfterAGapSaysWhichGraphItBuiltOn() throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    day(commands, "2026-11-18");
    assertThat(commands.out()).doesNotContain("built on");
    day(commands, "2026-11-20");
    assertThat(commands.out())
        .contains("built on the graph of 2026-11-18: the 1 day(s) after it have none");
    assertThat(Files.readString(dir.resolve("base/quality/dt=2026-11-20/idgraph.json")))
        .contains("\"days_without_graph\" : 1");
  }
}
