package dev.dmp.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.Option;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the job jar, walked from the Driver's list, keeps the command-line contract: its
 * help on {@code --help} (also after a sub-command) with exit 0; a bad option or value, exit 2 with
 * one line naming it and the usage line; a bad setting, one line naming the key; never a stack
 * trace or "unexpected error", and no bad input makes a command touch a file first. The sandbox
 * runs the same contract over its own commands too.
 */
public class CommandLineContractTest {

  /** Some of the typed options the walk must have tried, as {@code COMMAND --OPTION abc}. */
  protected String[] typedOptionsToTry() {
    return new String[] {"serve --seconds abc", "dashboard --days abc", "run --date abc"};
  }

  /** Options whose value is a day, an hour or a number: "abc" is none of them. */
  private static final Set<String> TYPED =
      Set.of(
          "date",
          "from",
          "to",
          "since",
          "until",
          "hour",
          "days",
          "events",
          "seed",
          "seconds",
          "limit",
          "http",
          "day-events",
          "giant-component",
          "parallelism",
          "batch",
          "rounds",
          "malformed-share",
          "reducers");

  @TempDir Path dir;

  private record Outcome(int status, String out, String err) {}

  private Outcome run(Driver.Command c, String... args) throws Exception {
    Path base = dir.resolve(c.name() + "-" + Math.abs(String.join(" ", args).hashCode()));
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(base));
    int status =
        Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> commands.run(c.newTool(), args),
            () -> "dmp " + c.name() + " " + String.join(" ", args) + " did not stop at once");
    assertThat(base).as("dmp %s %s touched its base", c.name(), args).doesNotExist();
    return new Outcome(status, commands.out(), commands.err());
  }

  private static void oneLineUsageError(Driver.Command c, Outcome o, String what) {
    assertThat(o.status()).as(what + ": " + o.err()).isEqualTo(DmpTool.USAGE);
    List<String> lines = o.err().strip().lines().toList();
    assertThat(lines).as(what).hasSizeBetween(1, 2);
    assertThat(lines.get(0)).as(what).startsWith("dmp " + c.name() + ": ");
    if (lines.size() == 2) {
      assertThat(lines.get(1)).as(what).startsWith("usage: dmp " + c.name() + " ");
    }
    assertThat(o.err()).as(what).doesNotContain("unexpected error", "\tat ", "Exception:");
  }

  @Test
  void everyCommandHasHelpAlsoAfterASubCommand() throws Exception {
    for (Driver.Command c : Driver.COMMANDS) {
      for (String[] args : List.of(new String[] {"--help"}, new String[] {"export", "--help"})) {
        Outcome o = run(c, args);
        assertThat(o.status()).as(c.name() + " " + String.join(" ", args)).isZero();
        assertThat(o.out()).startsWith("usage: dmp " + c.name() + " " + c.newTool().synopsis());
        assertThat(o.err()).isEmpty();
      }
    }
  }

  @Test
  void everyUnknownOptionAndEveryBadValueIsOneLineAndExitTwo() throws Exception {
    List<String> tried = new ArrayList<>();
    for (Driver.Command c : Driver.COMMANDS) {
      Outcome unknown = run(c, "--no-such-option");
      oneLineUsageError(c, unknown, c.name() + " --no-such-option");
      assertThat(unknown.err()).contains("--no-such-option");
      for (Option option : c.newTool().getOptions().getOptions()) {
        if (option.hasArg() && TYPED.contains(option.getLongOpt())) {
          String what = c.name() + " --" + option.getLongOpt() + " abc";
          oneLineUsageError(c, run(c, "--" + option.getLongOpt(), "abc"), what);
          tried.add(what);
        }
      }
    }
    assertThat(tried).contains(typedOptionsToTry());
  }

  @Test
  void aBadSettingIsOneLineNamingItsKeyBeforeAnythingRuns() throws Exception {
    for (Driver.Command c : Driver.COMMANDS) {
      Outcome o = run(c, "-D", "dmp.clean.max.record.bytes=abc");
      assertThat(o.status()).as(c.name() + ": " + o.err()).isIn(DmpTool.FAILED, DmpTool.USAGE);
      assertThat(o.err().strip().lines().toList())
          .as(c.name())
          .hasSize(1)
          .first()
          .asString()
          .contains("dmp.clean.max.record.bytes");
    }
    assertThat(Files.list(dir)).isEmpty();
  }

  @Test
  void aHostileRulesFileIsRefusedByEveryCommandThatReadsIt() throws Exception {
    Path victim = dir.resolve("victim");
    Path segments =
        Files.writeString(
            dir.resolve("segments.properties"),
            "p = new('java.io.FileOutputStream', '" + victim + "') != null\n");
    Path alerts =
        Files.writeString(
            dir.resolve("alerts.properties"),
            "leak.when = read > 0\nleak.message = ${new('java.util.Scanner',"
                + " new('java.io.FileInputStream', '/etc/hostname')).nextLine()}\n");
    for (String[] args :
        List.of(
            new String[] {"segment", "p"},
            new String[] {"run", "--date", "2026-11-20"},
            new String[] {"profile", "--date", "2026-11-20"},
            new String[] {"alerts", "--date", "2026-11-20", "--evaluate"},
            new String[] {
              "hourly",
              "--date",
              java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString(),
              "--hour",
              "0"
            })) {
      Driver.Command c = Driver.command(args[0]).orElseThrow();
      String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
      List<String> all = new ArrayList<>();
      all.addAll(List.of("-D", "dmp.profile.segments.file=" + segments));
      all.addAll(List.of("-D", "dmp.alerts.rules.file=" + alerts));
      all.addAll(List.of(rest));
      Outcome o = run(c, all.toArray(String[]::new));
      String what = String.join(" ", args);
      assertThat(o.status()).as(what + ": " + o.err()).isEqualTo(DmpTool.USAGE);
      assertThat(o.err().strip().lines().toList()).as(what).hasSize(1);
      assertThat(o.err()).as(what).containsAnyOf("segment p: ", "alert leak");
      assertThat(victim).as(what).doesNotExist();
    }
  }
}
