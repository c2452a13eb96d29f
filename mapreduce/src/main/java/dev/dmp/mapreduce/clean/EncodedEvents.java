package dev.dmp.mapreduce.clean;

import dev.dmp.avro.CleanEvent;
import dev.dmp.mapreduce.common.AvroBytes;
import dev.dmp.mapreduce.common.DmpSpecificData;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.hadoop.io.BytesWritable;

/**
 * A clean event between the cleaning map and the de-duplicating reduce, as bytes: what the reducer
 * counts of it (its source; its currency when it has revenue the day has no rate for), then the
 * event in Avro's binary encoding, which the reducer writes to the output as it is when the event
 * came once (nearly always). Only copies of one event are decoded, to choose the one kept. One per
 * task: not thread-safe.
 */
final class EncodedEvents {

  private final AvroBytes<CleanEvent> bytes = new AvroBytes<>(CleanEvent.getClassSchema());
  private final DatumReader<CleanEvent> reader =
      DmpSpecificData.get().createDatumReader(CleanEvent.getClassSchema());
  private BinaryDecoder decoder;

  /** The event's bytes into {@code out}. */
  void encode(CleanEvent e, BytesWritable out) {
    boolean unrated = e.getRevenue() != null && e.getRevenueConverted() == null;
    bytes.encode(
        header -> {
          header.writeUTF(e.getSource());
          header.writeUTF(unrated ? e.getCurrency() : "");
        },
        e,
        out);
  }

  /** What the reducer counts of an event, and where its Avro bytes start. */
  record Header(String source, String unratedCurrency, int avroStart) {}

  static Header header(BytesWritable b) {
    try {
      DataInputStream in =
          new DataInputStream(new ByteArrayInputStream(b.getBytes(), 0, b.getLength()));
      String source = in.readUTF();
      String currency = in.readUTF();
      return new Header(
          source, currency.isEmpty() ? null : currency, b.getLength() - in.available());
    } catch (IOException ex) {
      throw new UncheckedIOException("a clean event's bytes are cut short", ex);
    }
  }

  /** The event's Avro bytes, a view of {@code b}. */
  static ByteBuffer avro(BytesWritable b, Header h) {
    return ByteBuffer.wrap(b.getBytes(), h.avroStart(), b.getLength() - h.avroStart());
  }

  /** The event itself. */
  CleanEvent decode(BytesWritable b, Header h) {
    try {
      decoder =
          DecoderFactory.get()
              .binaryDecoder(b.getBytes(), h.avroStart(), b.getLength() - h.avroStart(), decoder);
      return reader.read(null, decoder);
    } catch (IOException ex) {
      throw new UncheckedIOException("a clean event's bytes are not a CleanEvent", ex);
    }
  }
}
