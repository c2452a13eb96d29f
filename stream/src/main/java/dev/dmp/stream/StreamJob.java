package dev.dmp.stream;

import dev.dmp.avro.RawRecord;
import dev.dmp.hbase.security.Kerberos;
import dev.dmp.mapreduce.common.DmpPaths;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.formats.avro.AvroWriters;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The landing job: Kafka topics into the raw zone, exactly once.
 *
 * <pre>
 *   KafkaSource ──► RawRecord ──► FileSink raw/dt=D/hr=HH/src=FEED/kafka-*.avro (committed at checkpoints)
 *                      │
 *                      └─► Mark ──keyBy(feed)──► HourCloser ──► LandingFlagger (1) ──► _SUCCESS,
 *                                (tallies, gaps)   (hour due at      (reads the committed    landing-HH.json
 *                                                   end + grace)      files, reconciles)
 * </pre>
 *
 * The source's offsets, the sink's pending files and the tallies are one checkpoint; a restart from
 * it lands every offset once. Each source subtask reads some of the topics' partitions, so
 * parallelism beyond the number of partitions leaves subtasks idle.
 */
public final class StreamJob {

  /** The job's name, as Flink and YARN show it. */
  public static final String NAME = "dmp-stream";

  /** Where checkpoints go; default {@code stream/checkpoints} under the platform's base. */
  public static final String CHECKPOINT_DIR = "dmp.stream.checkpoint.dir";

  /**
   * The port (or range, {@code 9250-9260}) where Flink's Prometheus reporter serves the job's
   * figures; unset, none is served.
   */
  public static final String METRICS_PORT = "dmp.stream.metrics.port";

  private StreamJob() {}

  /** Adds the landing job to {@code env}. */
  static void build(StreamExecutionEnvironment env, StreamSettings settings) throws IOException {
    Configuration conf = settings.hadoop();
    Path raw = DmpPaths.of(conf).raw();
    raw = raw.getFileSystem(conf).makeQualified(raw);

    KafkaSource<RawRecord> source =
        KafkaSource.<RawRecord>builder()
            .setProperties(KafkaClients.properties(conf, settings.bootstrapServers()))
            .setTopics(new ArrayList<>(settings.topicFeeds().keySet()))
            .setGroupId(settings.groupId())
            // A first start reads each topic from its beginning (or from the offsets the group
            // committed); a restart reads from the checkpoint. Offsets Kafka no longer has are
            // read from the earliest left, never skipped to the latest.
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new KafkaRawRecords(settings))
            .setProperty("partition.discovery.interval.ms", "60000")
            .setProperty("client.id.prefix", NAME)
            .build();
    long idle = settings.idleMillis();
    LogEnds ends = new LogEnds(KafkaClients.properties(conf, settings.bootstrapServers()));
    WatermarkStrategy<RawRecord> watermarks =
        WatermarkStrategy.forGenerator(
            context -> new CaughtUpWatermarks(idle, System::currentTimeMillis, ends::end));

    DataStream<RawRecord> records =
        env.fromSource(source, watermarks, "kafka").uid("kafka").name("kafka");

    FileSink<RawRecord> files =
        FileSink.forBulkFormat(
                new org.apache.flink.core.fs.Path(raw.toUri()),
                AvroWriters.forSpecificRecord(RawRecord.class))
            .withBucketAssigner(new HourBuckets())
            .withRollingPolicy(OnCheckpointRollingPolicy.build())
            .withOutputFileConfig(
                OutputFileConfig.builder().withPartPrefix("kafka").withPartSuffix(".avro").build())
            .build();
    records.sinkTo(files).uid("raw-files").name("raw files");

    records
        .map(Mark::of)
        .uid("marks")
        .name("marks")
        .keyBy(mark -> mark.feed)
        .process(new HourCloser(settings))
        .uid("hours")
        .name("hours")
        .process(new LandingFlagger(settings))
        .setParallelism(1)
        .uid("flags")
        .name("flags")
        .sinkTo(new DiscardingSink<>())
        .setParallelism(1)
        .name("done");

    if (settings.live().enabled()) {
      LiveJob.build(records, settings, settings.live());
    }
  }

  /**
   * The Flink settings of the job: checkpoints, their storage, retention, metrics, and on a
   * kerberized cluster the service's keytab login.
   */
  static org.apache.flink.configuration.Configuration flinkConf(
      StreamSettings settings, String checkpoints) {
    org.apache.flink.configuration.Configuration flink =
        new org.apache.flink.configuration.Configuration();
    flink.set(
        CheckpointingOptions.CHECKPOINTING_INTERVAL,
        Duration.ofMillis(settings.checkpointMillis()));
    flink.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
    flink.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    Configuration hadoop = settings.hadoop();
    String keytab = hadoop.getTrimmed(Kerberos.KEYTAB, "");
    if (Kerberos.enabled(hadoop) && !keytab.isEmpty()) {
      // Flink's own Kerberos login from the service's keytab: its delegation-token manager then
      // obtains the HDFS and HBase tokens with it (without it, Flink asks the ticket cache).
      flink.set(SecurityOptions.KERBEROS_LOGIN_KEYTAB, keytab);
      flink.set(SecurityOptions.KERBEROS_LOGIN_PRINCIPAL, KafkaClients.principal(hadoop));
      flink.set(SecurityOptions.KERBEROS_LOGIN_USETICKETCACHE, false);
    }
    String port = hadoop.getTrimmed(METRICS_PORT, "");
    if (!port.isEmpty()) {
      // Flink's own Prometheus reporter: every operator's figures, the speed layer's under dmp_.
      flink.setString(
          "metrics.reporter.prom.factory.class",
          "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
      flink.setString("metrics.reporter.prom.port", port);
    }
    return flink;
  }

  /** Where the job's checkpoints go, fully qualified. */
  static Path checkpoints(Configuration conf) throws IOException {
    String dir = conf.getTrimmed(CHECKPOINT_DIR, "");
    Path path =
        dir.isEmpty()
            ? new Path(new Path(DmpPaths.of(conf).base(), "stream"), "checkpoints")
            : new Path(dir);
    return path.getFileSystem(conf).makeQualified(path);
  }

  /**
   * The job's entry point on a Flink cluster ({@code flink run-application -t yarn-application
   * dmp-stream-job.jar --bootstrap-servers HOST:PORT --topics web,app,ads,crm}): the options of
   * {@code dmp stream run} with the cluster's {@code dmp-site.xml}; Flink keeps the job running,
   * restarts it from its checkpoints, and stops it with a savepoint ({@code flink stop}).
   */
  public static void main(String[] args) throws Exception {
    // Hadoop's generic options (-D key=value, -conf FILE) first, then the action, then the rest.
    List<String> run = new ArrayList<>();
    int i = 0;
    while (i + 1 < args.length && (args[i].equals("-D") || args[i].equals("-conf"))) {
      run.add(args[i++]);
      run.add(args[i++]);
    }
    run.add("run");
    run.addAll(Arrays.asList(args).subList(i, args.length));
    int status =
        ToolRunner.run(new Configuration(), new StreamTool(true), run.toArray(String[]::new));
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the job on the cluster that {@code flink run} gives, until Flink stops it. */
  static void runOnCluster(StreamSettings settings, Configuration conf) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            flinkConf(settings, checkpoints(conf).toUri().toString()));
    build(env, settings);
    env.execute(NAME);
  }
}
