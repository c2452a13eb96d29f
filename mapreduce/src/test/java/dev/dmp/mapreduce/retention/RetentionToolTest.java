package dev.dmp.mapreduce.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionToolTest {

  @TempDir Path base;
  private CommandRunner commands;

  @BeforeEach
  void days() throws Exception {
    commands = new CommandRunner(CommandRunner.embedded(base));
    for (String day : new String[] {"2026-11-01", "2026-11-06", "2026-11-07", "2026-11-20"}) {
      Files.createDirectories(base.resolve("rejects/dt=" + day));
      Files.createDirectories(base.resolve("raw/dt=" + day + "/src=web"));
      Files.createDirectories(base.resolve("clean/dt=" + day));
    }
    Files.createDirectories(base.resolve("rejects/notes"));
  }

  @Test
  void deletesRejectsAndRawPastTheirRetentionAndNothingElse() throws Exception {
    commands.conf().setInt(RetentionTool.RAW_DAYS, 3);
    assertThat(commands.run(new RetentionTool(), "--today", "2026-11-20")).isZero();

    // rejects: 14 days, so 2026-11-06 and later stay; raw: 3 days.
    assertThat(base.resolve("rejects/dt=2026-11-01")).doesNotExist();
    assertThat(base.resolve("rejects/dt=2026-11-06")).exists();
    assertThat(base.resolve("raw/dt=2026-11-07")).doesNotExist();
    assertThat(base.resolve("raw/dt=2026-11-20")).exists();
    assertThat(base.resolve("clean/dt=2026-11-01")).exists();
    assertThat(base.resolve("rejects/notes")).exists();
    assertThat(commands.out()).contains("deleted 4 partition(s)");
  }

  @Test
  void aDryRunOnlyLists() throws Exception {
    assertThat(commands.run(new RetentionTool(), "--today", "2026-11-20", "--dry-run")).isZero();
    assertThat(base.resolve("rejects/dt=2026-11-01")).exists();
    assertThat(commands.out())
        .contains("would delete")
        .contains("rejects/dt=2026-11-01")
        .contains("raw/dt=2026-11-01");
  }

  @Test
  void aRetentionBelowOneDayIsRefused() throws Exception {
    commands.conf().setInt(RetentionTool.REJECTS_DAYS, 0);
    assertThat(commands.run(new RetentionTool())).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err().strip())
        .isEqualTo("dmp retention: dmp.retention.rejects.days = 0 is out of range: it must be > 0");
  }

  @Test
  void aDayBeingWrittenKeepsItsPartitionsUntilTheNextPass() throws Exception {
    // A live run (this test's parent process, on this host) holds 2026-11-01.
    Path lock = Files.createDirectories(base.resolve("locks")).resolve("dt=2026-11-01.lock");
    Files.writeString(
        lock,
        "user=someone host="
            + java.net.InetAddress.getLocalHost().getCanonicalHostName()
            + " pid="
            + ProcessHandle.current().parent().orElseThrow().pid()
            + " command=rerun since=now");
    commands.conf().setInt(RetentionTool.RAW_DAYS, 3);
    assertThat(commands.run(new RetentionTool(), "--today", "2026-11-20")).isZero();
    assertThat(base.resolve("rejects/dt=2026-11-01")).exists();
    assertThat(base.resolve("raw/dt=2026-11-01")).exists();
    assertThat(base.resolve("raw/dt=2026-11-07")).doesNotExist();
    assertThat(commands.out())
        .contains("/rejects/dt=2026-11-01 for now: 2026-11-01 is being written")
        .contains("deleted 2 partition(s)");
    assertThat(lock).exists();
  }
}
