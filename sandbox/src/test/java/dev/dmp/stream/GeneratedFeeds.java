package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.Driver;
import dev.dmp.mapreduce.testing.ChildJvm;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GenerateTool;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;

/**
 * What the stream tests share: a generated day as they send it (the generator's lines, one topic
 * per source, all at once or in slices), the commands of a platform home with the embedded HBase,
 * the stream job in a child JVM, and HBase emptied between two runs.
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

  /** The arguments of {@code dmp stream run} that stream the topics until {@code day} is done. */
  static String[] untilDay(String bootstrapServers, String day) {
    return new String[] {
      "run",
      "--bootstrap-servers",
      bootstrapServers,
      "--topics",
      String.join(",", TOPICS),
      "--until-day",
      day,
      "--for",
      "300"
    };
  }

  /**
   * A thread that sends {@code lines} in {@code slices} slices, {@code pauseMillis} apart, and
   * keeps in {@code sent} how many it has sent.
   */
  static Thread producer(
      String bootstrapServers,
      List<FeedProducer.Line> lines,
      int slices,
      long pauseMillis,
      AtomicInteger sent) {
    return new Thread(
        () -> {
          int slice = lines.size() / slices + 1;
          try {
            for (int i = 0; i < lines.size(); i += slice) {
              int end = Math.min(lines.size(), i + slice);
              FeedProducer.send(bootstrapServers, lines.subList(i, end), 4);
              sent.set(end);
              Thread.sleep(pauseMillis);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        "producer");
  }

  /**
   * {@code dmp stream run} in a child JVM, as a user starts it: {@code settings} as {@code -D}, the
   * topics, then {@code options} ({@code --for}, {@code --until-day}).
   */
  static List<String> childStream(
      Map<String, String> settings, String bootstrapServers, String... options) throws IOException {
    List<String> command = ChildJvm.java("-Xmx1g");
    command.add(
        "-Dlog4j.configuration=file:" + Path.of("..", "conf", "log4j.properties").toAbsolutePath());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, ChildJvm.classPath()));
    command.add(Driver.class.getName());
    command.add(StreamTool.NAME);
    settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("run");
    command.add("--bootstrap-servers");
    command.add(bootstrapServers);
    command.add("--topics");
    command.add(String.join(",", TOPICS));
    command.addAll(List.of(options));
    return command;
  }

  /** Starts {@code command}, its output in {@code dir}/job-N.out and .err. */
  static Process start(List<String> command, Path dir, int n) throws IOException {
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve("job-" + n + ".out").toFile())
        .redirectError(dir.resolve("job-" + n + ".err").toFile())
        .start();
  }
}
