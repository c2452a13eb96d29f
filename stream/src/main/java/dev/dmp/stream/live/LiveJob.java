package dev.dmp.stream.live;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.RawRecord;
import dev.dmp.avro.RejectRecord;
import dev.dmp.stream.StreamSettings;
import java.util.concurrent.TimeUnit;
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
import org.apache.hadoop.fs.Path;

/**
 * The speed layer of the stream job, on the records the landing reads:
 *
 * <pre>
 *   RawRecord ─► CleanStep ─keyBy(event id)─► Dedup ─► Resolve (async, dmp:id_index) ─keyBy(OneID)─►
 *                 │  rejects ─► live/rejects/dt=D/src=FEED      PersonToday ─► LiveCells (dmp:profile l,
 *                 └─ tallies (and Dedup's) ─keyBy(feed)─► MinuteMonitor ─► alerts   dmp:segment l)
 * </pre>
 *
 * The daily chain stays the reference: it reads the landed raw records, and its load masks the live
 * cells of the days it loads.
 */
public final class LiveJob {

  private LiveJob() {}

  /** Adds the speed layer to the job, reading {@code records}. */
  public static void build(
      DataStream<RawRecord> records, StreamSettings settings, LiveSettings live)
      throws java.io.IOException {
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

    Path rejects = new Path(new Path(settings.paths().base(), "live"), "rejects");
    rejects = rejects.getFileSystem(settings.hadoop()).makeQualified(rejects);
    clean
        .getSideOutput(CleanStep.REJECTS)
        .sinkTo(
            FileSink.forBulkFormat(
                    new org.apache.flink.core.fs.Path(rejects.toUri()),
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
        .name("minutes");

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
