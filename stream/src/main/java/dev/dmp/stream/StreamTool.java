package dev.dmp.stream;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.ingest.IngestTool;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code dmp stream run|status}: the landing job from Kafka into the raw zone.
 *
 * <pre>
 *   run --bootstrap-servers HOST:PORT --topics TOPIC[=FEED],... [--for SECONDS] [--until-day D]
 *       lands the topics on a local Flink MiniCluster (embedded mode), resuming where the last run
 *       stopped; stops after SECONDS, once day D is flagged, or on Ctrl-C, with a savepoint
 *   status [--bootstrap-servers HOST:PORT]
 *       the last checkpoint, each partition's lag behind its end, the last hour flagged per feed
 * </pre>
 *
 * On a Flink cluster the same job runs through {@link StreamJob#main}.
 */
public class StreamTool extends DmpTool {

  public static final String NAME = "stream";

  private final boolean onCluster;

  public StreamTool() {
    this(false);
  }

  StreamTool(boolean onCluster) {
    this.onCluster = onCluster;
  }

  public static void main(String[] args) throws Exception {
    main(new StreamTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "run --bootstrap-servers HOST:PORT --topics TOPIC[=FEED],... [--for SECONDS]"
        + " [--until-day YYYY-MM-DD]"
        + " | status [--bootstrap-servers HOST:PORT]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("bootstrap-servers")
                .hasArg()
                .desc(
                    "Kafka brokers, HOST:PORT[,HOST:PORT] ("
                        + StreamSettings.BOOTSTRAP_SERVERS
                        + ")")
                .build())
        .addOption(
            Option.builder()
                .longOpt("topics")
                .hasArg()
                .desc("topics to land, each TOPIC or TOPIC=FEED (" + StreamSettings.TOPICS + ")")
                .build())
        .addOption(
            Option.builder()
                .longOpt("until-day")
                .hasArg()
                .desc(
                    "stop, with a savepoint, once this day (YYYY-MM-DD) is flagged for every feed that has records of it")
                .build())
        .addOption(
            Option.builder()
                .longOpt("for")
                .hasArg()
                .desc("stop after this many seconds, with a savepoint (default: until Ctrl-C)")
                .build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    List<String> args = cmd.getArgList();
    if (args.size() != 1) {
      throw new UsageException("name one action: run or status");
    }
    Configuration conf = getConf();
    if (cmd.hasOption("bootstrap-servers")) {
      conf.set(StreamSettings.BOOTSTRAP_SERVERS, cmd.getOptionValue("bootstrap-servers"));
    }
    if (cmd.hasOption("topics")) {
      conf.set(StreamSettings.TOPICS, cmd.getOptionValue("topics"));
    }
    return switch (args.get(0)) {
      case "run" -> run(cmd, conf);
      case "status" -> status(conf);
      default -> throw new UsageException("unknown action '" + args.get(0) + "'");
    };
  }

  private int run(CommandLine cmd, Configuration conf) throws Exception {
    long seconds = wholeNumber(cmd, "for", 0, 1, Long.MAX_VALUE);
    RunDate untilDay = null;
    if (cmd.hasOption("until-day")) {
      try {
        untilDay = RunDate.parse(cmd.getOptionValue("until-day"));
      } catch (UsageException e) {
        throw new UsageException(
            "--until-day '" + cmd.getOptionValue("until-day") + "' is not a day (YYYY-MM-DD)");
      }
    }
    if (conf.getBoolean(LiveSettings.ENABLED, true) && !HBaseConnections.configured(conf)) {
      out.println(
          "dmp stream: no HBase configured, so landing only (the live figures need one; "
              + LiveSettings.ENABLED
              + "=false says so without this line)");
      conf.setBoolean(LiveSettings.ENABLED, false);
    }
    StreamSettings settings = StreamSettings.from(conf);
    KafkaCheck.requireTopics(settings);
    if (settings.live().enabled()) {
      LiveJob.prepare(conf);
    }
    if (onCluster) {
      StreamJob.runOnCluster(settings, conf);
      return OK;
    }
    return LocalStream.run(conf, settings, seconds, untilDay, out);
  }

  private int status(Configuration conf) throws IOException, DmpException {
    Path checkpoints = StreamJob.checkpoints(conf);
    FileSystem fs = checkpoints.getFileSystem(conf);
    Optional<FileStatus> last = new ResumePoints(fs, checkpoints).latest();
    out.println(
        "last checkpoint: "
            + last.map(
                    f ->
                        f.getPath().getParent()
                            + " ("
                            + Instant.ofEpochMilli(f.getModificationTime())
                            + ")")
                .orElse("none (the job has not run here)"));
    DmpPaths paths = DmpPaths.of(conf);
    Map<String, String> flagged = lastFlagged(fs, paths.raw());
    if (flagged.isEmpty()) {
      out.println("last hour flagged: none yet");
    }
    flagged.forEach((feed, hour) -> out.println("last hour flagged: " + feed + " " + hour));
    Path gaps = OffsetGaps.gaps(paths);
    if (fs.exists(gaps)) {
      for (FileStatus g : fs.listStatus(gaps)) {
        out.println(
            "offsets lost: "
                + g.getPath().getName().replace(".json", "")
                + " (see "
                + g.getPath()
                + ")");
      }
    }
    String servers = conf.getTrimmed(StreamSettings.BOOTSTRAP_SERVERS, "");
    if (servers.isEmpty()) {
      out.println("lag: give --bootstrap-servers to see it");
      return OK;
    }
    lag(conf, servers, conf.getTrimmed(StreamSettings.GROUP_ID, "dmp-stream"));
    return OK;
  }

  /** Each partition the group has read: the offset committed at the last checkpoint, the end. */
  private void lag(Configuration conf, String servers, String group) throws DmpException {
    try (Admin admin = KafkaCheck.admin(conf, servers)) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(KafkaCheck.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (committed.isEmpty()) {
        out.println("lag: group " + group + " has committed no offsets yet");
        return;
      }
      Map<TopicPartition, OffsetSpec> ends =
          new TreeMap<>(
              (a, b) ->
                  a.topic().equals(b.topic())
                      ? a.partition() - b.partition()
                      : a.topic().compareTo(b.topic()));
      committed.keySet().forEach(tp -> ends.put(tp, OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResultInfo> end =
          admin.listOffsets(ends).all().get(KafkaCheck.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      long total = 0;
      for (TopicPartition tp : ends.keySet()) {
        long at = committed.get(tp) == null ? 0 : committed.get(tp).offset();
        long lag = Math.max(0, end.get(tp).offset() - at);
        total += lag;
        out.printf("lag: %s committed %d, end %d, behind %d%n", tp, at, end.get(tp).offset(), lag);
      }
      out.printf("lag: %d records in all (group %s)%n", total, group);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DmpException("interrupted while asking Kafka for the lag");
    } catch (ExecutionException | TimeoutException e) {
      throw KafkaCheck.unreachable(servers, e);
    }
  }

  /** Per feed, the latest hour of the raw zone that carries its {@code _SUCCESS}. */
  static Map<String, String> lastFlagged(FileSystem fs, Path raw) throws IOException {
    Map<String, String> out = new TreeMap<>();
    FileStatus[] flags = fs.globStatus(new Path(raw, "dt=*/hr=*/src=*/" + IngestTool.SUCCESS));
    for (FileStatus f : flags == null ? new FileStatus[0] : flags) {
      Path feedDir = f.getPath().getParent();
      String feed = feedDir.getName().substring("src=".length());
      String hour =
          feedDir.getParent().getParent().getName().substring(3)
              + " "
              + feedDir.getParent().getName().substring(3)
              + ":00";
      out.merge(feed, hour, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
    return out;
  }
}
