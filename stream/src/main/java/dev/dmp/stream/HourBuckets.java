package dev.dmp.stream;

import dev.dmp.avro.RawRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each landed record in the raw partition of the hour its Kafka timestamp falls in (UTC) and
 * of its feed: {@code dt=D/hr=HH/src=FEED}, below the raw zone. (Flink's own date-time assigner
 * buckets by the time of processing, which a restart or a backlog would scatter.)
 */
final class HourBuckets implements BucketAssigner<RawRecord, String> {

  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  @Override
  public String getBucketId(RawRecord record, Context context) {
    return partition(record.getKafka().getTimestamp(), record.getFeed());
  }

  @Override
  public SimpleVersionedSerializer<String> getSerializer() {
    return SimpleVersionedStringSerializer.INSTANCE;
  }

  /** The raw partition, relative to the raw zone, of a feed's hour that holds {@code millis}. */
  static String partition(long millis, String feed) {
    return hour(millis) + "/src=" + feed;
  }

  /** {@code dt=D/hr=HH} of the hour that holds {@code millis} (UTC). */
  static String hour(long millis) {
    ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
    return String.format("dt=%s/hr=%02d", t.toLocalDate(), t.getHour());
  }

  /** The start of the hour that holds {@code millis}. */
  static long hourStart(long millis) {
    return Math.floorDiv(millis, HOUR) * HOUR;
  }
}
