package dev.dmp.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.quality.QualityGate;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GeneratedDay;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java-action main of the workflows, run as Oozie's launcher runs it (minus Oozie). */
class OozieMainTest {

  private static final String DAY = "2026-11-20";

  @TempDir static Path dir;
  private static Configuration conf;

  @BeforeAll
  static void aCleanedDay() throws Exception {
    conf = CommandRunner.embedded(dir.resolve("base"));
    CommandRunner commands = new CommandRunner(conf);
    GeneratedDay day =
        new GeneratedDay(
            new org.apache.hadoop.fs.Path(dir.resolve("in").toUri()), RunDate.parse(DAY));
    GeneratedDay.Steps steps =
        (DmpTool tool, String... args) ->
            assertThat(commands.run(tool, args)).as(commands.err()).isZero();
    day.generate(steps, 3000, 5);
    day.ingest(steps);
    steps.run(new CleanJob(), "--date", DAY);
  }

  @Test
  void everyCommandOfTheJobJarCanBeNamed() throws Exception {
    for (Driver.Command c : Driver.COMMANDS) {
      assertThat(c.newTool().name()).isEqualTo(c.name());
    }
  }

  @Test
  void aFailingCommandThrowsWithItsMessageSoThatOozieRetriesIt() {
    assertThatThrownBy(() -> OozieMain.run(conf, new String[] {"idgraph"}, null))
        .isInstanceOf(DmpException.class)
        .hasMessageContaining("dmp idgraph failed (status 2)")
        .hasMessageContaining("--date is required");
    assertThatThrownBy(() -> OozieMain.run(conf, new String[] {"nonsense"}, null))
        .hasMessageContaining("'nonsense' is not a dmp command");
  }

  @Test
  void aCommandAskedToFailOnceFailsTheFirstAttemptOnly() throws Exception {
    Configuration c = new Configuration(conf);
    Path marker = dir.resolve("fail-once-forget");
    c.set(OozieMain.FAIL_ONCE, "forget:" + marker.toUri());
    String[] forget = {"forget", "--id", "cookie:ck_0123456789abcdef"};
    assertThatThrownBy(() -> OozieMain.run(c, forget, null))
        .hasMessageContaining("dmp forget failed on purpose, once");
    assertThat(marker).exists();
    OozieMain.run(c, forget, null);
    // Another command is not concerned.
    c.set(OozieMain.FAIL_ONCE, "clean:" + dir.resolve("never").toUri());
    OozieMain.run(c, forget, null);
  }

  @Test
  void aStageAskedToFailAfterPublishingLeavesPartOfItsOutputAndTheRetryPutsItRight()
      throws Exception {
    Path base = dir.resolve("base");
    for (String output : new String[] {"clean", "rejects", "links"}) {
      org.apache.commons.io.FileUtils.deleteDirectory(base.resolve(output + "/dt=" + DAY).toFile());
    }
    Files.delete(base.resolve("quality/dt=" + DAY + "/clean.json"));
    Configuration c = new Configuration(conf);
    Path marker = dir.resolve("fail-once-clean-publish");
    c.set(OozieMain.FAIL_ONCE, "clean-publish:" + marker.toUri());
    String[] clean = {"clean", "--date", DAY};

    assertThatThrownBy(() -> OozieMain.run(c, clean, null))
        .hasMessageContaining("dmp clean-publish failed on purpose, once");
    assertThat(base.resolve("rejects/dt=" + DAY)).isDirectory();
    assertThat(base.resolve("links/dt=" + DAY)).doesNotExist();
    assertThat(base.resolve("clean/dt=" + DAY)).doesNotExist();
    assertThat(base.resolve("quality/dt=" + DAY + "/clean.json")).doesNotExist();
    assertThat(base.resolve("tmp")).isEmptyDirectory();

    OozieMain.run(c, clean, null);
    assertThat(base.resolve("links/dt=" + DAY)).isDirectory();
    assertThat(base.resolve("clean/dt=" + DAY)).isDirectory();
    assertThat(base.resolve("quality/dt=" + DAY + "/clean.json"))
        .content()
        .contains("\"read\" : 3000");
  }

  @Test
  void theGateHandsItsVerdictToTheWorkflowAndFailsNoAction() throws Exception {
    File passed = dir.resolve("passed.properties").toFile();
    OozieMain.run(conf, new String[] {"gate", "--date", DAY, "--stage", "clean"}, passed);
    assertThat(read(passed).getProperty("passed")).isEqualTo("true");
    assertThat(read(passed).getProperty("message"))
        .isEqualTo("quality gate passed for " + DAY + " after clean");

    Configuration strict = new Configuration(conf);
    strict.setDouble(QualityGate.MAX_REJECT_RATE, 0.00001);
    File stopped = dir.resolve("stopped.properties").toFile();
    OozieMain.run(strict, new String[] {"gate", "--date", DAY}, stopped);
    assertThat(read(stopped).getProperty("passed")).isEqualTo("false");
    assertThat(read(stopped).getProperty("message"))
        .startsWith("quality gate stopped " + DAY + " after clean: ")
        .contains("reject");
  }

  private static Properties read(File f) throws Exception {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(f.toPath())) {
      p.load(in);
    }
    return p;
  }
}
