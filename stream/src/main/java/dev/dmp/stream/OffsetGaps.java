package dev.dmp.stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmp.core.RunDate;
import dev.dmp.core.alerts.Alert;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.monitor.Alerts;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets a partition skipped. Kafka's own offsets are consecutive for records a plain producer
 * sends, so a jump means records the job never read: when the log now starts past the record after
 * the last one read, Kafka deleted them (retention passed while the job was stopped) and the
 * consumer went on from the earliest offset left. Each such gap is recorded once ({@code
 * quality/stream/gaps/TOPIC-PARTITION-FIRST.json}) and raised as a critical alert on the day it was
 * found. A jump the log's start does not explain (a transaction's markers) is only logged.
 */
final class OffsetGaps implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OffsetGaps.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The rule name of the alert a gap raises. */
  static final String RULE = "kafka_offsets_lost";

  private final StreamSettings settings;
  private Admin admin;

  OffsetGaps(StreamSettings settings) {
    this.settings = settings;
  }

  /** The offsets of a partition that the job never read, and how many of them there were. */
  record Gap(
      String topic,
      int partition,
      @JsonProperty("first_lost") long firstLost,
      @JsonProperty("last_lost") long lastLost,
      long lost,
      String found) {}

  /** A partition read {@code offset} right after {@code last}: records what Kafka deleted. */
  void jumped(String topic, int partition, long last, long offset) throws IOException {
    long logStart = logStart(new TopicPartition(topic, partition));
    if (logStart <= last + 1) {
      LOG.info(
          "{}-{} skipped offsets {}..{}, which Kafka still has (transaction markers)",
          topic,
          partition,
          last + 1,
          offset - 1);
      return;
    }
    long lastLost = Math.min(logStart, offset) - 1;
    Gap gap =
        new Gap(topic, partition, last + 1, lastLost, lastLost - last, Instant.now().toString());
    record(gap);
  }

  private void record(Gap gap) throws IOException {
    Configuration conf = settings.hadoop();
    DmpPaths paths = DmpPaths.of(conf);
    String name = gap.topic() + "-" + gap.partition() + "-" + gap.firstLost();
    Path file = new Path(gaps(paths), name + ".json");
    FileSystem fs = file.getFileSystem(conf);
    try (OutputStream out = fs.create(file, true)) {
      JSON.writeValue(out, gap);
    }
    RunDate today = new RunDate(LocalDate.now(ZoneOffset.UTC));
    String message =
        String.format(
            "Kafka deleted %d records of %s-%d (offsets %d..%d) before the stream job read them:"
                + " lost",
            gap.lost(), gap.topic(), gap.partition(), gap.firstLost(), gap.lastLost());
    LOG.error(message);
    Alerts.raise(
        conf,
        today,
        "stream",
        new Alert(
            RULE + "/" + gap.topic() + "-" + gap.partition() + "/" + gap.firstLost(),
            RULE,
            "critical",
            "stream",
            gap.topic() + "-" + gap.partition(),
            today.toString(),
            null,
            Alerts.now(),
            (double) gap.lost(),
            0.0,
            message,
            Alerts.now()));
  }

  /** Where the gaps are recorded: {@code quality/stream/gaps/}. */
  static Path gaps(DmpPaths paths) {
    return new Path(new Path(paths.qualityRoot(), "stream"), "gaps");
  }

  private long logStart(TopicPartition tp) throws IOException {
    if (admin == null) {
      admin = Admin.create(KafkaClients.properties(settings.hadoop(), settings.bootstrapServers()));
    }
    try {
      return admin
          .listOffsets(Map.of(tp, OffsetSpec.earliest()))
          .partitionResult(tp)
          .get(30, TimeUnit.SECONDS)
          .offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted asking Kafka where " + tp + " starts", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("could not ask Kafka where " + tp + " starts: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
    }
  }
}
