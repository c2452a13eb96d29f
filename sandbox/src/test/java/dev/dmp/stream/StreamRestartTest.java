package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.avro.RawRecord;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.testing.ChildJvm;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream job killed outright (SIGKILL, no savepoint) twice while a day is being produced,
 * restarted each time from its last checkpoint on HDFS: every Kafka offset lands exactly once, and
 * every hour that holds records is reconciled and flagged.
 */
class StreamRestartTest {

  private static final String DAY = "2026-11-21";
  private static final List<String> FEEDS = GeneratedFeeds.TOPICS;

  @TempDir Path dir;

  @Test
  void killedTwiceWhileProducingTheJobLandsEveryOffsetOnce() throws Exception {
    Configuration hdfsConf = new Configuration();
    hdfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(hdfsConf).numDataNodes(1).build();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      hdfs.waitActive();
      String nameNode = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
      kafka.createTopics(FEEDS, 4);

      CommandRunner local = new CommandRunner(CommandRunner.embedded(dir.resolve("local")));
      List<FeedProducer.Line> lines = GeneratedFeeds.day(local, dir.resolve("in"), DAY, 20000, 5);

      // The day is produced in 40 slices over about 40 s while the job is killed and restarted.
      Thread producer =
          GeneratedFeeds.producer(kafka.bootstrapServers(), lines, 40, 700, new AtomicInteger());
      producer.start();

      Configuration conf = new Configuration();
      conf.set("fs.defaultFS", nameNode);
      conf.set(DmpPaths.BASE_DIR, "/dmp");
      FileSystem fs = FileSystem.get(conf);
      org.apache.hadoop.fs.Path checkpoints =
          new org.apache.hadoop.fs.Path("/dmp/stream/checkpoints");

      List<String> run =
          GeneratedFeeds.childStream(settings(nameNode), kafka.bootstrapServers(), "--for", "600");
      for (int kill = 1; kill <= 2; kill++) {
        long before = newestCheckpoint(fs, checkpoints);
        long started = System.currentTimeMillis();
        Process job = GeneratedFeeds.start(run, dir, kill);
        long checkpointed = awaitCheckpointAfter(fs, checkpoints, Math.max(before, started), job);
        System.out.printf(
            "stream restart %d: first checkpoint %.1f s after the start%n",
            kill, (checkpointed - started) / 1000.0);
        Thread.sleep(1500 * kill);
        job.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      producer.join();

      List<String> last =
          GeneratedFeeds.childStream(
              settings(nameNode), kafka.bootstrapServers(), "--until-day", DAY, "--for", "300");
      Process job = GeneratedFeeds.start(last, dir, 3);
      assertThat(job.waitFor(360, TimeUnit.SECONDS)).isTrue();
      assertThat(job.exitValue())
          .as(ChildJvm.printed(dir.resolve("job-3.out"), dir.resolve("job-3.err")))
          .isZero();

      // Every offset Kafka holds landed, each once.
      Map<TopicPartition, Long> ends = new HashMap<>();
      try (Admin admin = kafka.admin()) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String feed : FEEDS) {
          for (int p = 0; p < 4; p++) {
            latest.put(new TopicPartition(feed, p), OffsetSpec.latest());
          }
        }
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
      }
      long expected = ends.values().stream().mapToLong(Long::longValue).sum();
      assertThat(expected).isEqualTo(lines.size());
      List<String> landed = new ArrayList<>();
      DmpPaths paths = DmpPaths.of(conf);
      for (FileStatus f :
          fs.globStatus(
              new org.apache.hadoop.fs.Path(
                  paths.rawDay(RunDate.parse(DAY)), "hr=*/src=*/kafka-*.avro"))) {
        try (InputStream stream = fs.open(f.getPath());
            DataFileStream<RawRecord> records =
                new DataFileStream<>(stream, new SpecificDatumReader<>(RawRecord.class))) {
          for (RawRecord r : records) {
            landed.add(
                r.getKafka().getTopic()
                    + "-"
                    + r.getKafka().getPartition()
                    + "@"
                    + r.getKafka().getOffset());
          }
        }
      }
      Set<String> all = new HashSet<>();
      ends.forEach(
          (tp, end) -> {
            for (long o = 0; o < end; o++) {
              all.add(tp.topic() + "-" + tp.partition() + "@" + o);
            }
          });
      assertThat(landed).hasSize(lines.size()).doesNotHaveDuplicates();
      assertThat(new HashSet<>(landed)).isEqualTo(all);

      // Every hour of every feed holds records and carries its flag, its report reconciled.
      ObjectMapper json = new ObjectMapper();
      for (int hour = 0; hour < 24; hour++) {
        org.apache.hadoop.fs.Path report =
            paths.report(RunDate.parse(DAY), String.format("landing-%02d", hour));
        JsonNode feeds;
        try (InputStream s = fs.open(report)) {
          feeds = json.readTree(s).path("feeds");
        }
        for (String feed : FEEDS) {
          assertThat(feeds.path(feed).path("status").asText())
              .as(feed + " " + hour)
              .isEqualTo("flagged");
          assertThat(
                  fs.exists(
                      new org.apache.hadoop.fs.Path(
                          paths.rawPartition(RunDate.parse(DAY), hour, feed), "_SUCCESS")))
              .isTrue();
        }
      }
    } finally {
      hdfs.shutdown();
    }
  }

  /**
   * The job's settings: its platform on the HDFS of {@code nameNode}, quick idleness, checkpoints.
   */
  private static Map<String, String> settings(String nameNode) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.defaultFS", nameNode);
    s.put(DmpPaths.BASE_DIR, "/dmp");
    s.put(StreamSettings.IDLE_TIMEOUT, "3s");
    s.put(StreamSettings.CHECKPOINT_INTERVAL, "1s");
    return s;
  }

  private static long newestCheckpoint(FileSystem fs, org.apache.hadoop.fs.Path root)
      throws Exception {
    FileStatus[] found = fs.globStatus(new org.apache.hadoop.fs.Path(root, "*/chk-*/_metadata"));
    long newest = 0;
    for (FileStatus f : found == null ? new FileStatus[0] : found) {
      newest = Math.max(newest, f.getModificationTime());
    }
    return newest;
  }

  private long awaitCheckpointAfter(
      FileSystem fs, org.apache.hadoop.fs.Path root, long after, Process job) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      long newest = newestCheckpoint(fs, root);
      if (newest > after) {
        return newest;
      }
      assertThat(job.isAlive()).as("the job exited early").isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("no checkpoint within 120 s");
  }
}
