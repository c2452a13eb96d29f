package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GenerateTool;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;

/**
 * What the stream tests share: a generated day as they send it (the generator's lines, one topic
 * per source), the commands of a platform home with the embedded HBase, and HBase emptied between
 * two runs.
 */
final class GeneratedFeeds {

  static final List<String> TOPICS = List.of("web", "app", "ads", "crm");

  private GeneratedFeeds() {}

  /** Generates a day into {@code in} and returns its lines stamped through the day. */
  static List<FeedProducer.Line> day(
      CommandRunner commands, Path in, String day, int events, long seed) throws Exception {
    assertThat(
            commands.run(
                new GenerateTool(),
                "--date",
                day,
                "--events",
                Integer.toString(events),
                "--seed",
                Long.toString(seed),
                "--out",
                in.toString()))
        .as(commands.err())
        .isZero();
    return FeedProducer.day(
        commands.conf(), new org.apache.hadoop.fs.Path(in.toUri()), TOPICS, RunDate.parse(day));
  }

  /**
   * Commands on a platform home {@code home} with the embedded HBase in {@code hbase}, the
   * deployment's segment rules, and the stream's quick test settings (partitions idle after 3 s,
   * checkpoints every {@code checkpoints}).
   */
  static CommandRunner commands(Path home, Path hbase, String checkpoints) {
    CommandRunner commands =
        new CommandRunner(CommandRunner.embeddedHBase(CommandRunner.embedded(home), hbase));
    commands
        .conf()
        .set(
            "dmp.profile.segments.file",
            Path.of("..", "conf", "segments.properties").toAbsolutePath().toString());
    commands.conf().set(StreamSettings.IDLE_TIMEOUT, "3s");
    commands.conf().set(StreamSettings.CHECKPOINT_INTERVAL, checkpoints);
    return commands;
  }

  /** Empties every table of the platform's namespace. */
  static void truncate(Connection hbase) throws Exception {
    try (Admin admin = hbase.getAdmin()) {
      for (TableName table : admin.listTableNamesByNamespace("dmp")) {
        admin.disableTable(table);
        admin.truncateTable(table, true);
      }
    }
  }
}
