package dev.dmp.sandbox.bench;

import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.KafkaDay;
import dev.dmp.stream.LiveSettings;
import dev.dmp.stream.StreamSettings;
import dev.dmp.stream.StreamTool;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/** The stream job as the benchmarks run it: on the demo's topics, its output kept quiet. */
final class BenchStreams {

  private BenchStreams() {}

  /**
   * {@code dmp stream run} on {@link KafkaDay#TOPICS} with checkpoints every {@code interval}, an
   * idle timeout of 3 s, the speed layer on or off, then {@code more} options; its errors go to
   * {@code err}.
   */
  static int run(
      Configuration conf,
      EmbeddedKafka kafka,
      PrintStream err,
      boolean live,
      String interval,
      String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-D",
                StreamSettings.CHECKPOINT_INTERVAL + "=" + interval,
                "-D",
                StreamSettings.IDLE_TIMEOUT + "=3s",
                "-D",
                LiveSettings.ENABLED + "=" + live,
                "run",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topics",
                String.join(",", KafkaDay.TOPICS)));
    args.addAll(List.of(more));
    StreamTool tool = new StreamTool();
    tool.redirect(new PrintStream(PrintStream.nullOutputStream()), err);
    return ToolRunner.run(new Configuration(conf), tool, args.toArray(String[]::new));
  }

  /** Fails when the job running in the background has stopped. */
  static void requireRunning(Future<?> job) throws Exception {
    if (job.isDone()) {
      throw new IOException("the stream job stopped early: " + job.get());
    }
  }
}
