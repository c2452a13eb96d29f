package dev.dmp.sandbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.sandbox.generate.GeneratedDay;
import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.FeedProducer;
import dev.dmp.sandbox.kafka.KafkaDay;
import dev.dmp.stream.LiveSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code dmp bench --stream}: the stream job with its speed layer on this machine (the sandbox's
 * Kafka broker, four topics of four partitions, the embedded HBase, a local MiniCluster of
 * parallelism 2).
 *
 * <ul>
 *   <li>throughput: a backlog of the generated day's events, stamped today, processed from a cold
 *       start: events per second until the job has committed every offset (a checkpoint covers an
 *       offset only once every operator, the HBase writer included, has handled its record);
 *   <li>freshness: the day's events produced at a fixed rate into the running job, and every 100 ms
 *       a probe event with an identifier never seen before: the time from its send to the moment
 *       {@code DmpClient} finds that identifier with the event counted (p50, p95, p99);
 *   <li>memory: the heap in use (the job, the broker's client and HBase share this JVM).
 * </ul>
 */
final class StreamBench {

  /** Events per second of the freshness measure, the target rate. */
  static final int RATE = 5_000;

  /** Seconds the freshness measure produces at that rate. */
  static final int SECONDS = 60;

  private final Configuration conf;
  private final PrintStream out;

  StreamBench(Configuration conf, PrintStream out) {
    this.conf = new Configuration(conf);
    this.conf.setBoolean(LiveSettings.ENABLED, true);
    this.out = out;
  }

  void run(GeneratedDay day, RunDate date, ObjectNode figures) throws Exception {
    DmpPaths paths = DmpPaths.of(conf);
    java.nio.file.Path brokerDir =
        java.nio.file.Path.of(paths.base().toUri().getPath(), "bench-kafka");
    ExecutorService jobs = Executors.newSingleThreadExecutor();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(brokerDir)) {
      kafka.createTopics(KafkaDay.TOPICS, KafkaDay.PARTITIONS);
      // The day's lines, stamped now: the stream counts them on today (their event times are the
      // generated day's, within the clean window of today's records).
      List<FeedProducer.Line> lines = FeedProducer.day(conf, day.dir(), KafkaDay.TOPICS, date);
      long now = System.currentTimeMillis();
      List<FeedProducer.Line> backlog = new ArrayList<>(lines.size());
      for (FeedProducer.Line l : lines) {
        backlog.add(new FeedProducer.Line(l.topic(), now, l.value()));
      }
      FeedProducer.send(kafka.bootstrapServers(), backlog, KafkaDay.PARTITIONS);

      long t0 = System.nanoTime();
      Future<Integer> job = jobs.submit(() -> stream(kafka, "--for", "100000"));
      try (Admin admin = admin(kafka)) {
        // The drain rate: from the first checkpoint that covers any event (the job, HBase and
        // the state warmed up) to the one that covers them all.
        long firstAt = 0;
        long firstCommitted = 0;
        for (long c = committed(admin); c < backlog.size(); c = committed(admin)) {
          if (firstAt == 0 && c > 0) {
            firstAt = System.nanoTime();
            firstCommitted = c;
          }
          Thread.sleep(100);
          BenchStreams.requireRunning(job);
        }
        long endAt = System.nanoTime();
        double seconds = (endAt - t0) / 1e9;
        double drain =
            firstAt == 0 || endAt == firstAt
                ? 0
                : (backlog.size() - firstCommitted) / ((endAt - firstAt) / 1e9);
        ObjectNode t = figures.putObject("throughput");
        t.put("events", backlog.size());
        t.put("seconds_from_start", Math.round(seconds * 10) / 10.0);
        t.put("events_per_second", Math.round(backlog.size() / seconds));
        t.put("drain_events_per_second", Math.round(drain));
        out.printf(
            "stream: %,d events cleaned, attributed and in HBase %.1f s after a cold start:"
                + " %,d events/s; %,d events/s once the job was up (checkpoint to checkpoint)%n",
            backlog.size(), seconds, Math.round(backlog.size() / seconds), Math.round(drain));

        Histogram latency = freshness(kafka, lines, job);
        ObjectNode f = figures.putObject("freshness");
        f.put("rate_per_second", RATE);
        f.put("seconds", SECONDS);
        f.put("probes", latency.getTotalCount());
        f.put("p50_ms", latency.getValueAtPercentile(50));
        f.put("p95_ms", latency.getValueAtPercentile(95));
        f.put("p99_ms", latency.getValueAtPercentile(99));
        f.put("max_ms", latency.getMaxValue());
        out.printf(
            "stream: produce to DmpClient at %,d events/s: p50 %.2f s, p95 %.2f s, p99 %.2f s"
                + " (%,d probes)%n",
            RATE,
            latency.getValueAtPercentile(50) / 1000.0,
            latency.getValueAtPercentile(95) / 1000.0,
            latency.getValueAtPercentile(99) / 1000.0,
            latency.getTotalCount());
        long lag = end(admin) - committed(admin);
        f.put("lag_at_end", lag);
        long heap = heapUsedMb();
        figures.put("heap_used_mb", heap);
        out.printf("stream: consumer lag at the end %,d; heap in use %,d MB%n", lag, heap);
      }
      job.cancel(true);
    } finally {
      jobs.shutdownNow();
    }
  }

  /**
   * Produces the day's events at {@value #RATE}/s for {@value #SECONDS} s, with a probe every 100
   * ms; returns the probes' latencies to {@code DmpClient}.
   */
  private Histogram freshness(EmbeddedKafka kafka, List<FeedProducer.Line> lines, Future<?> job)
      throws Exception {
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
    Map<String, Long> pending = new LinkedHashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = FeedProducer.producer(kafka.bootstrapServers());
        DmpClient client = DmpClient.connect(HBaseConnections.clientConf(conf))) {
      long from = System.currentTimeMillis();
      long sent = 0;
      int probes = 0;
      long nextPoll = 0;
      while (System.currentTimeMillis() < from + SECONDS * 1000L) {
        long elapsed = System.currentTimeMillis() - from;
        for (long due = elapsed * RATE / 1000; sent < due; sent++) {
          FeedProducer.Line l = lines.get((int) (sent % lines.size()));
          producer.send(
              new ProducerRecord<>(
                  l.topic(), null, System.currentTimeMillis(), null, fresh(l.value(), sent)));
        }
        if (probes < elapsed / 100) {
          String id = "cookie:ck_probe" + Long.toHexString(from) + probes++;
          long at = System.currentTimeMillis();
          producer.send(new ProducerRecord<>("web", null, at, null, probe(id, at)));
          pending.put(id, at);
        }
        if (System.currentTimeMillis() >= nextPoll) {
          poll(client, pending, latency);
          nextPoll = System.currentTimeMillis() + 50;
        }
        BenchStreams.requireRunning(job);
        Thread.sleep(1);
      }
      long deadline = System.currentTimeMillis() + 60_000;
      while (!pending.isEmpty() && System.currentTimeMillis() < deadline) {
        poll(client, pending, latency);
        Thread.sleep(50);
      }
      if (!pending.isEmpty()) {
        out.printf("stream: %d probes not found within a minute%n", pending.size());
      }
    }
    return latency;
  }

  private static void poll(DmpClient client, Map<String, Long> pending, Histogram latency)
      throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(pending.keySet());
    List<DmpClient.Lookup> found = client.lookupAll(ids);
    long seen = System.currentTimeMillis();
    for (int i = 0; i < ids.size(); i++) {
      if (found.get(i).profile().map(p -> !p.live().isEmpty()).orElse(false)) {
        latency.recordValue(Math.max(0, seen - pending.remove(ids.get(i))));
      }
    }
  }

  /** The line with an event id made unique to this pass over the day. */
  private static byte[] fresh(byte[] line, long n) {
    String s = new String(line, StandardCharsets.UTF_8);
    return s.replaceFirst("\"event_id\":\"", "\"event_id\":\"r" + n + "-")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] probe(String id, long at) {
    String cookie = id.substring(id.indexOf(':') + 1);
    return ("{\"event_id\":\"probe-"
            + cookie
            + "\",\"event_time\":\""
            + Instant.ofEpochMilli(at)
            + "\",\"source\":\"web\",\"event_type\":\"page_view\",\"ids\":{\"cookie\":\""
            + cookie
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Admin admin(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return Admin.create(p);
  }

  /** The offsets the job's consumer group committed, summed over the partitions. */
  private static long committed(Admin admin) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets("dmp-stream").partitionsToOffsetAndMetadata().get();
    return offsets.values().stream().filter(o -> o != null).mapToLong(o -> o.offset()).sum();
  }

  /** The topics' end offsets, summed. */
  private static long end(Admin admin) throws Exception {
    Map<TopicPartition, OffsetSpec> ask = new LinkedHashMap<>();
    for (String topic : KafkaDay.TOPICS) {
      for (int p = 0; p < KafkaDay.PARTITIONS; p++) {
        ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
    }
    return admin.listOffsets(ask).all().get().values().stream().mapToLong(o -> o.offset()).sum();
  }

  private static long heapUsedMb() {
    System.gc();
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += pool.getUsage().getUsed();
      }
    }
    return used >> 20;
  }

  private int stream(EmbeddedKafka kafka, String... more) throws Exception {
    return BenchStreams.run(conf, kafka, out, true, "2s", more);
  }
}
