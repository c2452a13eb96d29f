package dev.dmp.stream;

import dev.dmp.avro.RawRecord;

/** Where one landed record came from and which hour it went to: what the hour tallies count. */
public class Mark {
  public String feed;
  public String topic;
  public int partition;
  public long offset;
  public long timestamp;

  public Mark() {}

  static Mark of(RawRecord record) {
    Mark m = new Mark();
    m.feed = record.getFeed();
    m.topic = record.getKafka().getTopic();
    m.partition = record.getKafka().getPartition();
    m.offset = record.getKafka().getOffset();
    m.timestamp = record.getKafka().getTimestamp();
    return m;
  }

  String topicPartition() {
    return topic + "-" + partition;
  }
}
