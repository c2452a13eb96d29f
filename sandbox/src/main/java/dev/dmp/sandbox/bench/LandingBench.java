package dev.dmp.sandbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.avro.RawRecord;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.sandbox.generate.GeneratedDay;
import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.FeedProducer;
import dev.dmp.sandbox.kafka.KafkaDay;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code dmp bench --landing}: the stream job's landing on this machine, with the sandbox's Kafka
 * broker (four topics of four partitions) and the local MiniCluster (parallelism 2).
 *
 * <ul>
 *   <li>throughput: a generated day produced first, then landed from a cold start: records per
 *       second from the job's start until every record is in a committed file;
 *   <li>freshness: messages produced at a steady rate, stamped when sent, into the running job: the
 *       time from the send to the moment the committed file that holds it is visible (p50, p99), at
 *       each checkpoint interval measured;
 *   <li>restart: the job stopped with a savepoint and started again: the time until its first new
 *       file is committed.
 * </ul>
 */
final class LandingBench {

  private final Configuration conf;
  private final PrintStream out;

  LandingBench(Configuration conf, PrintStream out) {
    this.conf = conf;
    this.out = out;
  }

  /** Messages per second of the freshness measure. */
  static final int RATE = 2_000;

  /** Seconds the freshness measure produces at that rate. */
  static final int SECONDS = 30;

  void run(GeneratedDay day, RunDate date, ObjectNode figures) throws Exception {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    java.nio.file.Path brokerDir =
        java.nio.file.Path.of(paths.base().toUri().getPath(), "bench-kafka");
    ExecutorService jobs = Executors.newSingleThreadExecutor();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(brokerDir)) {
      kafka.createTopics(KafkaDay.TOPICS, KafkaDay.PARTITIONS);
      List<FeedProducer.Line> lines = FeedProducer.day(conf, day.dir(), KafkaDay.TOPICS, date);
      FeedProducer.send(kafka.bootstrapServers(), lines, KafkaDay.PARTITIONS);

      // Throughput: a day's backlog, from a cold start of the job.
      Landed landed = new Landed(fs, paths.raw());
      long t0 = System.nanoTime();
      Future<Integer> run =
          jobs.submit(() -> stream(kafka, "10s", "--until-day", date.toString(), "--for", "1800"));
      while (landed.count() < lines.size()) {
        Thread.sleep(100);
        BenchStreams.requireRunning(run);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      ObjectNode throughput = figures.putObject("throughput");
      throughput.put("records", lines.size());
      throughput.put("seconds_from_start", round(seconds));
      throughput.put("records_per_second", Math.round(lines.size() / seconds));
      out.printf(
          "landing: %,d records in committed files %.1f s after a cold start: %,d records/s%n",
          lines.size(), seconds, Math.round(lines.size() / seconds));
      run.get();

      // Freshness: a steady rate into the running job, at two checkpoint intervals.
      ObjectNode freshness = figures.putObject("freshness");
      for (String interval : List.of("10s", "2s")) {
        Future<Integer> steady = jobs.submit(() -> stream(kafka, interval, "--for", "75"));
        Histogram h = freshness(kafka, landed, steady);
        ObjectNode f = freshness.putObject("checkpoint_" + interval);
        f.put("rate_per_second", RATE);
        f.put("records", h.getTotalCount());
        f.put("p50_ms", h.getValueAtPercentile(50));
        f.put("p99_ms", h.getValueAtPercentile(99));
        f.put("max_ms", h.getMaxValue());
        out.printf(
            "landing: produce to committed file at %,d/s, checkpoints every %s: p50 %.1f s, p99"
                + " %.1f s (%,d records)%n",
            RATE,
            interval,
            h.getValueAtPercentile(50) / 1000.0,
            h.getValueAtPercentile(99) / 1000.0,
            h.getTotalCount());
        steady.get();
      }

      // Restart: a backlog waits while the job is stopped; the time to its first new file.
      List<FeedProducer.Line> backlog = stamped(1_000, System.currentTimeMillis());
      FeedProducer.send(kafka.bootstrapServers(), backlog, KafkaDay.PARTITIONS);
      landed.newTimestamps();
      long r0 = System.nanoTime();
      Future<Integer> again = jobs.submit(() -> stream(kafka, "2s", "--for", "20"));
      while (landed.newTimestamps().isEmpty()) {
        Thread.sleep(50);
        BenchStreams.requireRunning(again);
      }
      double restart = (System.nanoTime() - r0) / 1e9;
      figures.put("restart_to_first_commit_seconds", round(restart));
      out.printf(
          "landing: restarted from its savepoint, first file committed after %.1f s"
              + " (checkpoints every 2 s)%n",
          restart);
      again.get();
    } finally {
      jobs.shutdownNow();
    }
  }

  /** Produces {@value #SECONDS} s at {@value #RATE}/s, stamped now; the latency of each record. */
  private Histogram freshness(EmbeddedKafka kafka, Landed landed, Future<Integer> job)
      throws Exception {
    // The job is up once a probe sent now is in a committed file.
    landed.newTimestamps();
    FeedProducer.send(kafka.bootstrapServers(), stamped(4, System.currentTimeMillis()), 4);
    while (landed.newTimestamps().isEmpty()) {
      Thread.sleep(50);
      BenchStreams.requireRunning(job);
    }
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
    long from = System.currentTimeMillis();
    long sent = 0;
    try (var producer = FeedProducer.producer(kafka.bootstrapServers())) {
      while (System.currentTimeMillis() < from + SECONDS * 1000L) {
        long due = (System.currentTimeMillis() - from) * RATE / 1000;
        for (; sent < due; sent++) {
          String topic = KafkaDay.TOPICS.get((int) (sent % KafkaDay.TOPICS.size()));
          long now = System.currentTimeMillis();
          producer.send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  topic,
                  null,
                  now,
                  null,
                  ("{\"n\":" + sent + "}").getBytes(StandardCharsets.UTF_8)));
        }
        record(landed, from, latency);
        Thread.sleep(10);
      }
    }
    long deadline = System.currentTimeMillis() + 60_000;
    while (latency.getTotalCount() < sent && System.currentTimeMillis() < deadline) {
      record(landed, from, latency);
      Thread.sleep(50);
    }
    return latency;
  }

  private static void record(Landed landed, long from, Histogram latency) throws IOException {
    long seen = System.currentTimeMillis();
    for (long t : landed.newTimestamps()) {
      if (t >= from) {
        latency.recordValue(Math.max(0, seen - t));
      }
    }
  }

  private static List<FeedProducer.Line> stamped(int n, long at) {
    List<FeedProducer.Line> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new FeedProducer.Line(
              KafkaDay.TOPICS.get(i % KafkaDay.TOPICS.size()),
              at,
              ("{\"probe\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }

  private int stream(EmbeddedKafka kafka, String interval, String... more) throws Exception {
    return BenchStreams.run(conf, kafka, out, false, interval, more); // the landing alone
  }

  /** The records in the committed files below a directory, read once per file. */
  static final class Landed {
    private final FileSystem fs;
    private final Path root;
    private final Set<Path> seen = new HashSet<>();
    private long count;

    Landed(FileSystem fs, Path root) {
      this.fs = fs;
      this.root = root;
    }

    long count() throws IOException {
      for (Path file : newFiles()) {
        try (InputStream in = fs.open(file);
            DataFileStream<RawRecord> records =
                new DataFileStream<>(in, new SpecificDatumReader<>(RawRecord.class))) {
          while (records.hasNext()) {
            records.nextBlock();
            count += records.getBlockCount();
          }
        }
      }
      return count;
    }

    /** Records of the committed files that appeared since the last look, with their timestamps. */
    List<Long> newTimestamps() throws IOException {
      List<Long> out = new ArrayList<>();
      for (Path file : newFiles()) {
        try (InputStream in = fs.open(file);
            DataFileStream<RawRecord> records =
                new DataFileStream<>(in, new SpecificDatumReader<>(RawRecord.class))) {
          for (RawRecord r : records) {
            out.add(r.getKafka().getTimestamp());
          }
        }
      }
      return out;
    }

    private List<Path> newFiles() throws IOException {
      List<Path> out = new ArrayList<>();
      FileStatus[] files = fs.globStatus(new Path(root, "dt=*/hr=*/src=*/kafka-*.avro"));
      for (FileStatus f : files == null ? new FileStatus[0] : files) {
        if (seen.add(f.getPath())) {
          out.add(f.getPath());
        }
      }
      return out;
    }
  }
}
