package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GenerateTool;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.nio.file.Path;
import java.util.List;

/** A generated day as the stream tests send it: the generator's lines, one topic per source. */
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
}
