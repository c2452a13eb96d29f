package dev.dmp.sandbox.kafka;

import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.money.RatesTool;
import dev.dmp.sandbox.generate.GeneratedDay;
import dev.dmp.stream.StreamSettings;
import dev.dmp.stream.StreamTool;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A generated day landed the way trackers deliver it: a Kafka broker of the sandbox's, one topic of
 * four partitions per source, the day's lines produced in arrival order, and {@code dmp stream run}
 * landing them until the day is flagged for every feed. What it lands replaces the day's raw zone
 * (and the stream job's state), so that the day holds the generated events once.
 */
public final class KafkaDay {

  /** The topics, one per generated source; each lands under the feed of its name. */
  public static final List<String> TOPICS = List.of("web", "app", "ads", "crm");

  /** Partitions per topic. */
  public static final int PARTITIONS = 4;

  private KafkaDay() {}

  /** Fails before anything is touched when Kafka would refuse the day's timestamps. */
  public static void requirePast(RunDate date) throws UsageException {
    if (!date.day().isBefore(LocalDate.now(ZoneOffset.UTC))) {
      throw new UsageException(
          "a day landed through Kafka must be in the past (Kafka refuses timestamps ahead of its"
              + " clock): pick an earlier --date, or --via files");
    }
  }

  /** Loads the day's rates, then lands its sources through Kafka. */
  public static void land(
      Configuration conf, GeneratedDay day, RunDate date, GeneratedDay.Steps steps, PrintStream out)
      throws Exception {
    steps.run(new RatesTool(), "--date", date.toString(), "--load", day.rates().toString());
    DmpPaths paths = DmpPaths.of(conf);
    PathGuard guard = PathGuard.of(conf);
    guard.delete(paths.rawDay(date), true);
    guard.delete(new Path(paths.base(), "stream"), true);
    Path brokerDir = new Path(paths.base(), "demo-kafka");
    guard.delete(brokerDir, true);

    out.println();
    out.println(
        "# a Kafka broker (Kafka's own, in a child JVM) with topics "
            + String.join(", ", TOPICS)
            + " of "
            + PARTITIONS
            + " partitions each");
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(java.nio.file.Path.of(brokerDir.toUri().getPath()))) {
      kafka.createTopics(TOPICS, PARTITIONS);
      List<FeedProducer.Line> lines = FeedProducer.day(conf, day.dir(), TOPICS, date);
      long sent = FeedProducer.send(kafka.bootstrapServers(), lines, PARTITIONS);
      out.printf(
          "# %,d messages produced at %s, one per line of the generated files, in arrival"
              + " order through %s%n",
          sent, kafka.bootstrapServers(), date);
      Watch watch = Watch.start(conf, day, out);
      try {
        steps.run(
            new StreamTool(),
            streamArgs(kafka.bootstrapServers(), "--until-day", date.toString(), "--for", "900"));
      } finally {
        watch.stop();
      }
      if (LiveDemo.enabled(conf)) {
        LiveDemo.freshness(conf, kafka, watch.person(), out);
      }
    }
  }

  /**
   * {@code dmp stream run} of the demo's topics with the demo's quick settings (partitions idle
   * after 3 s, checkpoints every 2 s), then {@code options}.
   */
  static String[] streamArgs(String bootstrapServers, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-D",
                StreamSettings.IDLE_TIMEOUT + "=3s",
                "-D",
                StreamSettings.CHECKPOINT_INTERVAL + "=2s",
                "run",
                "--bootstrap-servers",
                bootstrapServers,
                "--topics",
                String.join(",", TOPICS)));
    args.addAll(List.of(options));
    return args.toArray(new String[0]);
  }
}
