package dev.dmp.mapreduce.oozie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmp oozie} without an Oozie server: deployment onto a real (local) file system, the
 * backfill window, the answers to bad command lines, and an unreachable server. The actions that
 * talk to a running Oozie are exercised by the engine tests.
 */
class OozieToolTest {

  @TempDir Path dir;

  private CommandRunner commands() {
    return new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
  }

  @Test
  void deployCopiesEveryApplicationWholeAndReplacesTheOldOne() throws Exception {
    Path apps = dir.resolve("apps");
    Files.createDirectories(apps.resolve("lib"));
    Files.createDirectories(apps.resolve("dmp-daily"));
    Files.createDirectories(apps.resolve("dmp-bundle"));
    Files.writeString(apps.resolve("dmp-daily/workflow.xml"), "<workflow-app/>");
    Files.writeString(apps.resolve("dmp-daily/coordinator.xml"), "<coordinator-app/>");
    Files.writeString(apps.resolve("dmp-bundle/bundle.xml"), "<bundle-app/>");
    Files.write(apps.resolve("lib/dmp-job.jar"), new byte[1000]);
    Files.createDirectories(apps.resolve("not-an-application"));
    Path dest = dir.resolve("hdfs/apps/dmp");
    Files.createDirectories(dest.resolve("lib"));
    Files.writeString(dest.resolve("lib/stale.jar"), "from an older deployment");

    CommandRunner commands = commands();
    String[] deploy = {
      "-D",
      "hbase.zookeeper.quorum=zk1.example.com",
      "deploy",
      "--apps",
      apps.toString(),
      "--dest",
      dest.toUri().toString()
    };
    assertThat(commands.run(new OozieTool(), deploy)).as(commands.err()).isZero();

    assertThat(commands.out().lines())
        .hasSize(4)
        .satisfiesExactly(
            l -> assertThat(l).startsWith("deployed dmp-bundle: 1 files, 13 bytes -> file:"),
            l -> assertThat(l).startsWith("deployed dmp-daily: 2 files, 33 bytes -> file:"),
            l -> assertThat(l).startsWith("deployed lib: 1 files, 1,000 bytes -> file:"),
            l -> assertThat(l).startsWith("deployed this client's HBase settings -> file:"));
    // The actions' job-xml: the client's HBase settings, without HBase's own defaults.
    String hbaseSite = Files.readString(dest.resolve("conf/hbase-site.xml"));
    assertThat(hbaseSite).contains("<name>hbase.zookeeper.quorum</name>", "zk1.example.com");
    assertThat(hbaseSite).doesNotContain("hbase.regionserver.handler.count");
    assertThat(dest.resolve("dmp-daily/workflow.xml")).hasContent("<workflow-app/>");
    assertThat(dest.resolve("dmp-bundle/bundle.xml")).hasContent("<bundle-app/>");
    assertThat(dest.resolve("lib/dmp-job.jar")).hasSize(1000);
    assertThat(dest.resolve("lib/stale.jar")).doesNotExist();
    assertThat(dest.resolve("not-an-application")).doesNotExist();
  }

  @Test
  void deployWithoutBuiltApplicationsSaysHowToBuildThem() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    CommandRunner commands = commands();
    assertThat(commands.run(new OozieTool(), "deploy", "--apps", dir.resolve("empty").toString()))
        .isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("no Oozie applications in", "mvn package");
  }

  @Test
  void theBackfillWindowCoversTheDaysGivenEndExclusive() throws Exception {
    Properties config = new Properties();
    config.setProperty("oozie.coord.application.path", "hdfs://nn/apps/dmp/dmp-daily");
    config.setProperty("start", "2026-01-01T00:00Z");
    Properties p =
        OozieTool.backfillWindow(config, RunDate.parse("2026-11-18"), RunDate.parse("2026-11-20"));
    assertThat(p.getProperty("start")).isEqualTo("2026-11-18T00:00Z");
    assertThat(p.getProperty("end")).isEqualTo("2026-11-21T00:00Z");
    assertThat(p.getProperty("oozie.coord.application.path"))
        .isEqualTo("hdfs://nn/apps/dmp/dmp-daily");
    assertThatThrownBy(
            () ->
                OozieTool.backfillWindow(
                    config, RunDate.parse("2026-11-20"), RunDate.parse("2026-11-18")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("before");
  }

  @Test
  void badCommandLinesAreAnsweredBeforeAnyServerIsAsked() throws Exception {
    CommandRunner commands = commands();
    assertThat(commands.run(new OozieTool())).isEqualTo(DmpTool.USAGE);
    assertThat(commands.run(new OozieTool(), "status", "0000001-000000000000000-oozie-C-X"))
        .isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("a workflow (-W) or coordinator (-C) job id");
    assertThat(commands.run(new OozieTool(), "rerun", "0000001-oozie-W")).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("add --failed");
    assertThat(commands.run(new OozieTool(), "submit", "--config", dir.resolve("nope").toString()))
        .isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("no such file");
  }

  @Test
  void anUnreachableServerIsOneLineAndAFailure() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Path config = dir.resolve("job.properties");
    Files.writeString(config, "oozie.coord.application.path=hdfs://nn/apps/dmp/dmp-daily\n");
    String url = "http://127.0.0.1:" + closed + "/oozie";
    CommandRunner commands = commands();
    assertThat(
            commands.run(new OozieTool(), "submit", "--config", config.toString(), "--oozie", url))
        .isEqualTo(DmpTool.FAILED);
    assertThat(commands.err().strip())
        .startsWith("dmp oozie: Oozie at " + url)
        .doesNotContain("\n");
  }
}
