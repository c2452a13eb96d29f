package dev.dmp.sandbox.kafka;

import dev.dmp.core.RunDate;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a generated day's lines to Kafka as trackers would: one message per line (the bytes as the
 * file holds them, bad lines too), one topic per source, the sources' messages interleaved in
 * arrival order. A source's n-th line arrives at the n-th of its lines' even steps through the day,
 * which is its Kafka timestamp; messages go round the topic's partitions. Every send is counted by
 * its callback: a refused message (a timestamp Kafka will not take) fails the whole send.
 */
public final class FeedProducer {

  /** One line of a source, with its arrival time. */
  public record Line(String topic, long timestamp, byte[] value) {}

  private FeedProducer() {}

  /** A generated day's lines, one source per topic, stamped through that day (UTC). */
  public static List<Line> day(Configuration conf, Path dir, List<String> sources, RunDate date)
      throws IOException {
    long start = date.day().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    return lines(conf, dir, sources, start, 86_400_000L);
  }

  /**
   * The lines of the sources' folders below {@code day}, each stamped within {@code [from, from +
   * span)}.
   */
  public static List<Line> lines(
      Configuration conf, Path day, List<String> sources, long from, long span) throws IOException {
    List<Line> all = new ArrayList<>();
    FileSystem fs = day.getFileSystem(conf);
    for (String source : sources) {
      List<byte[]> values = new ArrayList<>();
      FileStatus[] files = fs.listStatus(new Path(day, source));
      java.util.Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
      for (FileStatus f : files) {
        if (f.getPath().getName().startsWith("_") || f.getPath().getName().startsWith(".")) {
          continue;
        }
        try (InputStream raw = new BufferedInputStream(fs.open(f.getPath()), 1 << 16);
            InputStream in =
                f.getPath().getName().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
          split(in, values);
        }
      }
      for (int i = 0; i < values.size(); i++) {
        all.add(new Line(source, from + span * i / values.size(), values.get(i)));
      }
    }
    all.sort(Comparator.comparingLong(Line::timestamp));
    return all;
  }

  private static void split(InputStream in, List<byte[]> out) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    boolean any = false;
    while ((b = in.read()) >= 0) {
      any = true;
      if (b == '\n') {
        add(line.toByteArray(), out);
        line.reset();
        any = false;
      } else {
        line.write(b);
      }
    }
    if (any) {
      add(line.toByteArray(), out);
    }
  }

  /** A line as a message, without its carriage return; a blank line is no message (nor record). */
  private static void add(byte[] line, List<byte[]> out) {
    boolean blank = true;
    for (byte b : line) {
      blank &= b == ' ' || b == '\t' || b == '\r';
    }
    if (!blank) {
      out.add(
          line[line.length - 1] == '\r' ? java.util.Arrays.copyOf(line, line.length - 1) : line);
    }
  }

  /** A producer of byte messages that waits for every replica. */
  public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return producer(p);
  }

  /**
   * A producer with {@code client}'s properties (brokers, security) that waits for every replica.
   */
  public static KafkaProducer<byte[], byte[]> producer(Properties client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 18);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Sends the lines in order, round the partitions of each topic; returns how many Kafka took, or
   * fails naming the first it refused.
   */
  public static long send(String bootstrapServers, List<Line> lines, int partitions)
      throws IOException {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return send(p, lines, partitions);
  }

  /** {@link #send(String, List, int)} with {@code client}'s properties (brokers, security). */
  public static long send(Properties client, List<Line> lines, int partitions) throws IOException {
    AtomicLong sent = new AtomicLong();
    AtomicReference<Exception> refused = new AtomicReference<>();
    java.util.Map<String, Integer> next = new java.util.HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(client)) {
      for (Line line : lines) {
        int partition = next.merge(line.topic(), 1, Integer::sum) % partitions;
        producer.send(
            new ProducerRecord<>(line.topic(), partition, line.timestamp(), null, line.value()),
            (meta, e) -> {
              if (e == null) {
                sent.incrementAndGet();
              } else {
                refused.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (refused.get() != null) {
      throw new IOException(
          "Kafka refused "
              + (lines.size() - sent.get())
              + " messages: "
              + refused.get().getMessage(),
          refused.get());
    }
    return sent.get();
  }
}
