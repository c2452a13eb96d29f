package dev.dmp.mapreduce.attribute;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.IdAssignment;
import dev.dmp.mapreduce.common.AvroBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.BinaryData;
import org.apache.hadoop.io.BytesWritable;

/**
 * The values of the attribution join, as bytes: a first byte saying what follows, then an
 * assignment's OneID, or an event in Avro's binary encoding. The reducer writes an attributed event
 * as the OneID's Avro string followed by those bytes, which is {@code AttributedEvent}'s encoding
 * (a record is its fields' encodings one after another): an event is encoded once, in the map, and
 * never decoded on its way through the join. One per task: not thread-safe.
 */
final class JoinValues {

  private static final byte ASSIGNED = 0;
  private static final byte SUPPRESSED = 1;
  private static final byte EVENT = 2;

  private final AvroBytes<CleanEvent> events = new AvroBytes<>(CleanEvent.getClassSchema());
  private byte[] attributed = new byte[1024];

  /** An identifier's assignment: whether its person is suppressed, and their OneID. */
  void assignment(IdAssignment a, BytesWritable out) {
    byte[] oneId = a.getOneId().getBytes(StandardCharsets.UTF_8);
    out.setSize(1 + oneId.length);
    out.getBytes()[0] = a.getSuppressed() ? SUPPRESSED : ASSIGNED;
    System.arraycopy(oneId, 0, out.getBytes(), 1, oneId.length);
  }

  /** An event, in Avro's binary encoding. */
  void event(CleanEvent e, BytesWritable out) {
    events.encode(header -> header.writeByte(EVENT), e, out);
  }

  static boolean isEvent(BytesWritable v) {
    return v.getBytes()[0] == EVENT;
  }

  static boolean suppressed(BytesWritable assignment) {
    return assignment.getBytes()[0] == SUPPRESSED;
  }

  /** The OneID of an assignment, as an Avro string: its length (zig-zag varint), then UTF-8. */
  static byte[] oneIdEncoded(BytesWritable assignment) {
    int n = assignment.getLength() - 1;
    byte[] out = new byte[n + 5];
    int at = BinaryData.encodeLong(n, out, 0);
    System.arraycopy(assignment.getBytes(), 1, out, at, n);
    return Arrays.copyOf(out, at + n);
  }

  /**
   * {@code AttributedEvent(oneId, event)} in Avro's binary encoding: valid until the next call.
   *
   * @param oneId the person's {@link #oneIdEncoded OneID}
   */
  ByteBuffer attributed(byte[] oneId, BytesWritable event) {
    int n = oneId.length + event.getLength() - 1;
    if (attributed.length < n) {
      attributed = new byte[Math.max(n, 2 * attributed.length)];
    }
    System.arraycopy(oneId, 0, attributed, 0, oneId.length);
    System.arraycopy(event.getBytes(), 1, attributed, oneId.length, event.getLength() - 1);
    return ByteBuffer.wrap(attributed, 0, n);
  }
}
