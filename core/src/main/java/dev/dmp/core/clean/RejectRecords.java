package dev.dmp.core.clean;

import dev.dmp.avro.RawFormat;
import dev.dmp.avro.RawRecord;
import dev.dmp.avro.RejectRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The quarantine record of a rejected raw record: why, where it came from, and its bytes. */
public final class RejectRecords {

  private RejectRecords() {}

  /**
   * @param stage the stage that rejected it ({@code clean})
   */
  public static RejectRecord of(String stage, RawRecord raw, CleanOutcome.Rejected r) {
    ByteBuffer body =
        raw.getFormat() == RawFormat.AVRO && raw.getEvent() != null
            ? ByteBuffer.wrap(
                RawEventJson.of(raw.getEvent()).toString().getBytes(StandardCharsets.UTF_8))
            : raw.getBody() == null ? ByteBuffer.allocate(0) : raw.getBody();
    return RejectRecord.newBuilder()
        .setStage(stage)
        .setReason(r.reason().name())
        .setMessage(r.message())
        .setFeed(raw.getFeed())
        .setOriginFile(raw.getOriginFile())
        .setOriginOffset(raw.getOriginOffset())
        .setOriginLine(raw.getOriginLine())
        .setReceivedAt(raw.getReceivedAt())
        .setEventId(r.eventId())
        .setSource(r.source())
        .setBody(body)
        .setOriginalLength(
            raw.getFormat() == RawFormat.AVRO ? body.remaining() : raw.getOriginalLength())
        .build();
  }
}
