package dev.dmp.stream;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.RawRecord;
import dev.dmp.avro.RejectRecord;
import dev.dmp.core.DmpException;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.monitor.Alerts;
import dev.dmp.mapreduce.profile.ProfileRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.avro.AvroWriters;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;

/**
 * The speed layer of the stream job, on the records the landing reads:
 *
 * <pre>
 *   RawRecord ─► CleanStep ─keyBy(event id)─► Dedup ─► Resolve (async, dmp:id_index) ─keyBy(OneID)─►
 *                 │  rejects ─► live/rejects/dt=D/src=FEED      PersonToday ─► LiveCells (dmp:profile l,
 *                 └─ tallies (and Dedup's) ─keyBy(feed)─► MinuteMonitor ─► alerts   dmp:segment l)
 *                                                          └─► quality/stream/minutes/dt=D/
 * </pre>
 *
 * The daily chain stays the reference: it reads the landed raw records, and its load masks the live
 * cells of the days it loads.
 */
public final class LiveJob {

  private LiveJob() {}

  /**
   * What the speed layer needs before the job starts, checked in the command rather than in every
   * subtask: the segment and alert rules read and compiled (a bad rule is one line naming it), an
   * HBase configured and reachable, its tables created or given the live families.
   */
  public static void prepare(Configuration conf) throws IOException, DmpException, UsageException {
    ProfileRules.checkConfiguration(conf);
    Alerts.rules(conf);
    if (!HBaseConnections.configured(conf)) {
      throw new UsageException(
          LiveSettings.ENABLED
              + " is set, but no HBase is configured (hbase-site.xml on the class path, or"
              + " embedded mode) to hold the live figures");
    }
    try (Connection hbase = HBaseConnections.connect(conf);
        Admin admin = hbase.getAdmin()) {
      TableCreator.createAll(admin, conf);
    }
  }

  /** Adds the speed layer to the job, reading {@code records}. */
  public static void build(
      DataStream<RawRecord> records, StreamSettings settings, LiveSettings live)
      throws IOException {
    SingleOutputStreamOperator<CleanEvent> clean =
        records
            .process(new CleanStep(settings, live))
            .returns(new AvroTypeInfo<>(CleanEvent.class))
            .uid("clean")
            .name("clean");
    SingleOutputStreamOperator<CleanEvent> unique =
        clean
            .keyBy(e -> e.getEventId().toString())
            .process(new Dedup(settings, live))
            .returns(new AvroTypeInfo<>(CleanEvent.class))
            .uid("dedup")
            .name("dedup");

    clean
        .getSideOutput(CleanStep.REJECTS)
        .sinkTo(
            FileSink.forBulkFormat(
                    flinkPath(
                        settings, new Path(new Path(settings.paths().base(), "live"), "rejects")),
                    AvroWriters.forSpecificRecord(RejectRecord.class))
                .withBucketAssigner(new RejectBuckets())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(
                    OutputFileConfig.builder()
                        .withPartPrefix("rejects")
                        .withPartSuffix(".avro")
                        .build())
                .build())
        .uid("rejects")
        .name("rejects");

    clean
        .getSideOutput(CleanStep.TALLIES)
        .union(unique.getSideOutput(CleanStep.TALLIES))
        .keyBy(t -> t.feed)
        .process(new MinuteMonitor(settings))
        .uid("minutes")
        .name("minutes")
        .sinkTo(
            FileSink.forRowFormat(
                    flinkPath(settings, DmpPaths.of(settings.hadoop()).streamMinutesRoot()),
                    (Encoder<ClosedMinute>)
                        (m, out) -> out.write((m.line + "\n").getBytes(StandardCharsets.UTF_8)))
                .withBucketAssigner(new MinuteBuckets())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(
                    OutputFileConfig.builder()
                        .withPartPrefix("minutes")
                        .withPartSuffix(".jsonl")
                        .build())
                .build())
        .uid("minute-files")
        .name("minute files");

    AsyncDataStream.unorderedWait(unique, new Resolve(settings, live), 60, TimeUnit.SECONDS, 2000)
        .uid("resolve")
        .name("resolve")
        .keyBy(a -> a.oneId)
        .process(new PersonToday(settings))
        .uid("people")
        .name("people")
        .sinkTo(new LiveCells(settings, live))
        .uid("live-cells")
        .name("live cells");
  }

  /** {@code dir} fully qualified, as Flink names it. */
  private static org.apache.flink.core.fs.Path flinkPath(StreamSettings settings, Path dir)
      throws IOException {
    return new org.apache.flink.core.fs.Path(
        dir.getFileSystem(settings.hadoop()).makeQualified(dir).toUri());
  }

  /** {@code dt=D} of a closed minute, by the minute's day. */
  static final class MinuteBuckets implements BucketAssigner<ClosedMinute, String> {
    @Override
    public String getBucketId(ClosedMinute m, Context context) {
      return "dt=" + m.day;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }

  /** {@code dt=D/src=FEED} of a reject, by the day its record arrived. */
  static final class RejectBuckets implements BucketAssigner<RejectRecord, String> {
    @Override
    public String getBucketId(RejectRecord r, Context context) {
      return "dt=" + Days.of(r.getReceivedAt()) + "/src=" + r.getFeed();
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }
}
