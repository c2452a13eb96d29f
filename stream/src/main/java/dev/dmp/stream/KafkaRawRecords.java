package dev.dmp.stream;

import dev.dmp.avro.KafkaOrigin;
import dev.dmp.avro.RawFormat;
import dev.dmp.avro.RawRecord;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each Kafka message into one {@link RawRecord}, byte for byte as sent, the way ingest turns
 * a line of a file into one: nothing is parsed, so no message can stop the landing. A message
 * longer than the record limit is kept cut to it with its original length (clean rejects it as
 * OVERSIZED); a message without a value (a tombstone) lands empty, with the problem said.
 */
final class KafkaRawRecords implements KafkaRecordDeserializationSchema<RawRecord> {

  private final StreamSettings settings;

  KafkaRawRecords(StreamSettings settings) {
    this.settings = settings;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> message, Collector<RawRecord> out) {
    out.collect(toRaw(message, settings));
  }

  static RawRecord toRaw(ConsumerRecord<byte[], byte[]> message, StreamSettings settings) {
    byte[] value = message.value();
    int length = value == null ? 0 : value.length;
    int kept = Math.min(length, settings.maxRecordBytes());
    String origin = message.topic() + "-" + message.partition();
    return RawRecord.newBuilder()
        .setFeed(settings.feed(message.topic()))
        .setOriginFile(origin)
        .setOriginOffset(message.offset())
        .setOriginLine(message.offset())
        .setReceivedAt(message.timestamp())
        .setFormat(RawFormat.JSON)
        .setBody(ByteBuffer.wrap(value == null ? new byte[0] : value, 0, kept).slice())
        .setOriginalLength(length)
        .setProblem(value == null ? "a Kafka message without a value (a tombstone)" : null)
        .setKafka(
            new KafkaOrigin(
                message.topic(), message.partition(), message.offset(), message.timestamp()))
        .build();
  }

  @Override
  public TypeInformation<RawRecord> getProducedType() {
    return new AvroTypeInfo<>(RawRecord.class);
  }
}
