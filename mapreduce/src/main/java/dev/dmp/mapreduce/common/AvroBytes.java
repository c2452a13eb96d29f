package dev.dmp.mapreduce.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DataOutputBuffer;

/**
 * A shuffle value of a few header bytes then a record in Avro's binary encoding, which a reducer
 * can write to an Avro file as it is ({@link EncodedAvroOutputFormat}) instead of decoding and
 * encoding it again. One per task: not thread-safe.
 *
 * @param <T> the record
 */
public final class AvroBytes<T> {

  private final DatumWriter<T> writer;
  private final DataOutputBuffer buffer = new DataOutputBuffer();
  private BinaryEncoder encoder;

  public AvroBytes(Schema schema) {
    writer = DmpSpecificData.get().createDatumWriter(schema);
  }

  /** What goes before the record. */
  @FunctionalInterface
  public interface Header {
    void write(DataOutputBuffer out) throws IOException;
  }

  /** Sets {@code out} to {@code header}'s bytes then {@code record}'s encoding. */
  public void encode(Header header, T record, BytesWritable out) {
    try {
      buffer.reset();
      header.write(buffer);
      // Buffered: the record reaches the buffer in a few writes, not one per byte.
      encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
      writer.write(record, encoder);
      encoder.flush();
      out.set(buffer.getData(), 0, buffer.getLength());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
