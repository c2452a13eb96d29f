package dev.dmp.core.clean;

import dev.dmp.avro.RawFormat;
import dev.dmp.avro.RawRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Raw records for tests. */
public final class Records {

  public static final String DAY = "2026-11-20";

  private Records() {}

  public static RawRecord json(String line) {
    return json(line.getBytes(StandardCharsets.UTF_8), "f.jsonl", 1, 1000L);
  }

  public static RawRecord json(byte[] line, String file, long lineNo, long receivedAt) {
    return RawRecord.newBuilder()
        .setFeed("test")
        .setOriginFile(file)
        .setOriginOffset(0)
        .setOriginLine(lineNo)
        .setReceivedAt(receivedAt)
        .setFormat(RawFormat.JSON)
        .setBody(ByteBuffer.wrap(line))
        .setOriginalLength(line.length)
        .build();
  }

  /** A valid web event with the given id and identifiers JSON. */
  public static String event(String id, String ids) {
    return "{\"event_id\":\""
        + id
        + "\",\"event_time\":\""
        + DAY
        + "T10:00:00+08:00\",\"source\":\"Web\",\"event_type\":\"page_view\",\"ids\":"
        + ids
        + ",\"ua\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/124.0.0.0 Safari/537.36\",\"ip\":\"203.0.113.77\","
        + "\"url\":\"HTTPS://Shop.Example.com:443/a?b=1#frag\"}";
  }
}
