package dev.dmp.sandbox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GenerateTool;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo is CI's check of the README's first command: a failed check must fail the command. */
class DemoToolTest {

  @TempDir Path dir;

  @Test
  void aCountThatDiffersFromThePlantedTruthExitsOne() throws Exception {
    Path base = dir.resolve("base");
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(base));
    // The demo reuses the input it finds in its own folder: plant one with a wrong clean count.
    Path input = base.resolve("demo-input/dt=2026-11-20-seed5-3000");
    assertThat(
            commands.run(
                new GenerateTool(),
                "--date",
                "2026-11-20",
                "--events",
                "3000",
                "--seed",
                "5",
                "--out",
                input.toString()))
        .as(commands.err())
        .isZero();
    ObjectMapper json = new ObjectMapper();
    ObjectNode truth = (ObjectNode) json.readTree(input.resolve("_truth.json").toFile());
    ObjectNode fates = (ObjectNode) truth.get("fates");
    fates.put("clean", fates.get("clean").asLong() + 1);
    json.writeValue(input.resolve("_truth.json").toFile(), truth);
    Files.deleteIfExists(
        input.resolve("._truth.json.crc")); // the local file system's checksum of it

    commands.reset();
    int status = commands.run(new DemoTool(), "--events", "3000", "--seed", "5");

    assertThat(status).as(commands.out()).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err().strip())
        .doesNotContain("\n")
        .startsWith("dmp demo: the counts differ from the planted truth in [clean]");
    assertThat(commands.out()).contains("# reusing generated input").doesNotContain("$ dmp lookup");
  }

  @Test
  void optionsAreCheckedBeforeAnyFileIsTouchedAndNothingOutsideTheHomeIsDeleted() throws Exception {
    Path victim = Files.createDirectories(dir.resolve("victim"));
    Files.writeString(victim.resolve("keep"), "x");
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("home/base")));
    String climb = "1/../../../../" + dir.relativize(victim);

    int status = commands.run(new DemoTool(), "--seed", "x", "--events", climb);

    assertThat(status).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err())
        .startsWith("dmp demo: --events must be a whole number of at least 1, not '" + climb + "'");
    assertThat(victim.resolve("keep")).exists();
    assertThat(dir.resolve("home/base")).doesNotExist();

    commands.reset();
    assertThat(commands.run(new DemoTool(), "--via", "pigeon")).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).startsWith("dmp demo: --via must be kafka or files, not 'pigeon'");
    commands.reset();
    assertThat(commands.run(new DemoTool(), "--date", "2999-01-01")).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("a day landed through Kafka must be in the past");
    assertThat(dir.resolve("home/base")).doesNotExist();
  }
}
