package dev.dmp.mapreduce.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.erasure.ForgetTool;
import dev.dmp.mapreduce.hourly.HourlyJob;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.retention.RetentionTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per day, and nothing a killed run leaves behind: the day's lock refuses a second run
 * while its holder lives and is taken over when it died; the staging of stages is owner-only and
 * what a killed run staged is removed by the next run, retention and forget.
 */
class OneWriterTest {

  private static final String DAY = "2026-11-20";

  @TempDir Path dir;
  private Configuration conf;
  private CommandRunner commands;
  private Path lock;

  @BeforeEach
  void land() throws Exception {
    conf = CommandRunner.embedded(dir.resolve("base"));
    commands = new CommandRunner(conf);
    Path events = dir.resolve("events.jsonl");
    Files.writeString(
        events,
        "{\"event_id\":\"e1\",\"event_type\":\"page_view\",\"event_time\":\"2026-11-20T10:00:00Z\","
            + "\"source\":\"web\",\"ids\":{\"cookie\":\"c1\",\"email\":\"me@example.com\"},"
            + "\"url\":\"https://shop.example.com/a\"}\n");
    assertThat(commands.run(new IngestTool(), "--date", DAY, events.toString()))
        .as(commands.err())
        .isZero();
    commands.reset();
    lock = dir.resolve("base/locks/dt=" + DAY + ".lock");
  }

  private void holdLock(String host, long pid, Instant beat) throws Exception {
    Files.createDirectories(lock.getParent());
    Files.writeString(
        lock,
        "user=someone host=" + host + " pid=" + pid + " command=run since=2026-11-20T01:00:00Z");
    Files.setLastModifiedTime(lock, FileTime.from(beat));
  }

  private static String thisHost() throws Exception {
    return InetAddress.getLocalHost().getCanonicalHostName();
  }

  @Test
  void aSecondRunOfTheDayIsRefusedWhileTheFirstLives() throws Exception {
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    holdLock(thisHost(), live, Instant.now());
    assertThat(commands.run(new CleanJob(), "--date", DAY)).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err())
        .contains(DAY + " is being written by another run: user=someone")
        .contains("pid=" + live)
        .contains("since=2026-11-20T01:00:00Z");
    assertThat(dir.resolve("base/clean/dt=" + DAY)).doesNotExist();
    assertThat(lock).exists(); // the live holder's lock is left alone

    commands.reset();
    assertThat(commands.run(new RunTool(), "--date", DAY)).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err()).contains("is being written by another run");
  }

  @Test
  void theLockOfADeadHolderIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    holdLock(thisHost(), gone.pid(), Instant.now());
    assertThat(commands.run(new CleanJob(), "--date", DAY)).as(commands.err()).isZero();
    assertThat(lock).doesNotExist(); // released at the end

    // A holder on another host is known dead only by its silent heartbeat.
    holdLock("elsewhere.example.com", 1, Instant.now());
    commands.reset();
    assertThat(commands.run(new CleanJob(), "--date", DAY)).isEqualTo(DmpTool.FAILED);
    holdLock("elsewhere.example.com", 1, Instant.now().minusSeconds(DayLock.STALE_SECONDS + 60));
    commands.reset();
    assertThat(commands.run(new CleanJob(), "--date", DAY)).as(commands.err()).isZero();
  }

  @Test
  void stagingIsOwnerOnlyAndWhatAKilledRunLeftIsRemoved() throws Exception {
    // What a clean killed mid-job leaves: its staging, rejects with original bytes in it.
    Path left = dir.resolve("base/tmp/clean-" + DAY + "-1764000000000/rejects");
    Files.createDirectories(left);
    Files.writeString(left.resolve("part-r-00000.avro"), "original bytes");
    Path otherDay = dir.resolve("base/tmp/clean-2026-11-19-1764000000000");
    Files.createDirectories(otherDay);
    Path hour = dir.resolve("base/tmp/hourly-" + DAY + "-09-1764000000000");
    Files.createDirectories(hour);
    Path notOurs = dir.resolve("base/tmp/bench-floor");
    Files.createDirectories(notOurs);

    assertThat(commands.run(new CleanJob(), "--date", DAY)).as(commands.err()).isZero();
    assertThat(Files.getPosixFilePermissions(dir.resolve("base/tmp")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(left.getParent()).doesNotExist();
    assertThat(otherDay).doesNotExist();
    assertThat(hour).doesNotExist();
    assertThat(notOurs).exists();

    Path again = dir.resolve("base/tmp/attribute-" + DAY + "-1764000000001");
    Files.createDirectories(again);
    commands.reset();
    assertThat(commands.run(new RetentionTool(), "--today", DAY)).as(commands.err()).isZero();
    assertThat(commands.out())
        .contains("attribute-" + DAY + "-1764000000001 (left by a run that did not finish)");
    assertThat(again).doesNotExist();

    Files.createDirectories(again);
    commands.reset();
    assertThat(commands.run(new ForgetTool(), "--id", "email:someone@example.com"))
        .as(commands.err())
        .isZero();
    assertThat(again).doesNotExist();

    // A live run's staging stays: its day is locked by a live process.
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    holdLock(thisHost(), live, Instant.now());
    Files.createDirectories(again);
    commands.reset();
    assertThat(commands.run(new RetentionTool(), "--today", DAY)).isZero();
    assertThat(again).exists();
    assertThat(List.of(lock)).allMatch(Files::exists);
  }

  @Test
  void aStaleLockAlreadyTakenOverByAnotherRunIsNotTakenAgain() throws Exception {
    holdLock("elsewhere.example.com", 1, Instant.now().minusSeconds(DayLock.STALE_SECONDS + 60));
    // Another run took the dead lock over: it holds the next generation, and is alive.
    Path next = lock.resolveSibling(lock.getFileName() + ".1");
    Files.writeString(next, "user=other host=other.example.com pid=7 command=run since=now");
    assertThat(commands.run(new CleanJob(), "--date", DAY)).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err()).contains("is being written by another run: user=other");
    assertThat(next).exists();
    assertThat(dir.resolve("base/clean/dt=" + DAY)).doesNotExist();
  }

  @Test
  void aReleaseNeverDeletesALockThatIsNoLongerItsHolders() throws Exception {
    DayLock mine = DayLock.tryAcquire(conf, "dt=" + DAY, "test");
    assertThat(mine).isNotNull();
    assertThat(Files.readString(lock)).contains("command=test");
    // While this holder was paused, its lock was taken over and the name used again.
    Files.writeString(lock, "user=other host=other.example.com pid=7 command=run since=now");
    mine.close();
    assertThat(lock).exists();
    assertThat(Files.readString(lock)).contains("user=other");
  }

  @Test
  void anHourWaitsForItsDayLikeEveryOtherWriterOfTheDay() throws Exception {
    // An hour of today: an older one is past the hourly cells' time to live and does nothing.
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    lock = dir.resolve("base/locks/dt=" + today + ".lock");
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    holdLock(thisHost(), live, Instant.now()); // a run or an erasure of the day, alive
    // The hour has landed (inputs are checked before the lock, as for every stage).
    Files.createDirectories(dir.resolve("base/raw/dt=" + today + "/hr=00"));
    assertThat(commands.run(new HourlyJob(), "--date", today, "--hour", "0"))
        .isEqualTo(DmpTool.FAILED);
    assertThat(commands.err()).contains(today + " is being written by another run");
    assertThat(dir.resolve("base/locks/dt=" + today + ".hr=00.lock")).doesNotExist();
  }

  @Test
  void anErasureThatMeetsAHeldDayChangesNothingAndADeadOnesScratchIsSwept() throws Exception {
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    holdLock(thisHost(), live, Instant.now());
    assertThat(commands.run(new ForgetTool(), "--id", "email:me@example.com"))
        .isEqualTo(DmpTool.FAILED);
    assertThat(commands.err()).contains(DAY + " is being written by another run");
    assertThat(commands.err()).doesNotContain("me@example.com");
    if (Files.exists(dir.resolve("base/suppression"))) {
      try (var files = Files.walk(dir.resolve("base/suppression"))) {
        assertThat(files.filter(Files::isRegularFile)).as("nothing suppressed yet").isEmpty();
      }
    }
    assertThat(dir.resolve("base/erasures")).doesNotExist();
    Files.delete(lock);

    // What a forget that died left: its scratch; the next forget's record is complete.
    Path scratch = Files.createDirectories(dir.resolve("base/tmp/forget-1764000000000/round-1"));
    commands.reset();
    assertThat(commands.run(new ForgetTool(), "--id", "email:me@example.com"))
        .as(commands.err())
        .isZero();
    assertThat(scratch.getParent()).doesNotExist();
    assertThat(commands.out()).doesNotContain("me@example.com", "email:");
    try (var records = Files.list(dir.resolve("base/erasures"))) {
      assertThat(records.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
          .singleElement()
          .asString()
          .endsWith(".json")
          .doesNotContain("pending");
    }
  }

  @Test
  void anIngestWaitsForARunOfItsDay() throws Exception {
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    holdLock(thisHost(), live, Instant.now());
    Path more = Files.writeString(dir.resolve("more.jsonl"), "{\"event_id\":\"e2\"}\n");
    assertThat(commands.run(new IngestTool(), "--date", DAY, more.toString()))
        .isEqualTo(DmpTool.FAILED);
    assertThat(commands.err()).contains(DAY + " is being written by another run");
    assertThat(dir.resolve("base/raw/dt=" + DAY + "/src=collector/_SUCCESS"))
        .as("the landed partition is left complete")
        .exists();
  }
}
