package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.money.RatesTool;
import dev.dmp.mapreduce.testing.ChildJvm;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GeneratedDay;
import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.testing.TestingHBaseCluster;
import org.apache.hadoop.hbase.testing.TestingHBaseClusterOption;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speed layer through the faults of a cluster, while a day is being produced: the job's process
 * killed outright (SIGKILL) and restarted from its last checkpoint, the Kafka broker restarted, and
 * HBase's region server restarted. Every live cell then equals what an undisturbed run writes from
 * the same identity decisions (the claims the disturbed run made in {@code dmp:id_index}, which a
 * restart decides its replayed events by): no event counted twice, none lost.
 */
class StreamLiveFaultsTest {

  private static final String DAY = "2026-11-22";

  @TempDir Path dir;

  @Test
  void killedBrokerAndRegionServerRestartedTheLiveCellsAreExactlyOnce() throws Exception {
    TestingHBaseCluster hbase =
        TestingHBaseCluster.create(
            TestingHBaseClusterOption.builder().numRegionServers(1).numDataNodes(1).build());
    hbase.start();
    EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try {
      Map<String, String> settings = settings(hbase.getConf(), dir.resolve("disturbed"));
      CommandRunner disturbed = commands(settings);
      Path in = dir.resolve("in");
      List<FeedProducer.Line> lines = GeneratedFeeds.day(disturbed, in, DAY, 10_000, 11);
      GeneratedDay day =
          new GeneratedDay(new org.apache.hadoop.fs.Path(in.toUri()), RunDate.parse(DAY));
      assertThat(disturbed.run(new RatesTool(), "--date", DAY, "--load", day.rates().toString()))
          .as(disturbed.err())
          .isZero();
      kafka.createTopics(GeneratedFeeds.TOPICS, 4);
      String bootstrap = kafka.bootstrapServers();

      // The day is produced in 60 slices over about a minute, through every fault below.
      AtomicInteger sent = new AtomicInteger();
      Thread producer = GeneratedFeeds.producer(bootstrap, lines, 60, 1000, sent);
      producer.start();
      Path checkpoints = Path.of(settings.get(DmpPaths.BASE_DIR), "stream", "checkpoints");
      List<String> run = GeneratedFeeds.childStream(settings, bootstrap, "--for", "600");

      Process first = GeneratedFeeds.start(run, dir, 1);
      awaitCheckpointAfter(checkpoints, System.currentTimeMillis(), first);
      Thread.sleep(1500);
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      System.out.printf("faults: the job killed at %,d events sent%n", sent.get());

      Process second = GeneratedFeeds.start(run, dir, 2);
      awaitCheckpointAfter(checkpoints, System.currentTimeMillis(), second);
      System.out.printf("faults: the broker restarts at %,d events sent%n", sent.get());
      kafka = kafka.restart();
      awaitCheckpointAfter(checkpoints, System.currentTimeMillis(), second);
      ServerName regionServer = hbase.getRegionServerAddresses().get(0);
      System.out.printf("faults: the region server restarts at %,d events sent%n", sent.get());
      hbase.stopRegionServer(regionServer).get(120, TimeUnit.SECONDS);
      hbase.startRegionServer();
      // A checkpoint flushes the live cells: one after the restart shows HBase written again.
      awaitCheckpointAfter(checkpoints, System.currentTimeMillis(), second);
      System.out.printf("faults: HBase written again at %,d events sent%n", sent.get());
      producer.join();
      second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

      Process last =
          GeneratedFeeds.start(
              GeneratedFeeds.childStream(settings, bootstrap, "--until-day", DAY, "--for", "300"),
              dir,
              3);
      assertThat(last.waitFor(360, TimeUnit.SECONDS)).as("the last run ends").isTrue();
      assertThat(last.exitValue())
          .as(ChildJvm.printed(dir.resolve("job-3.out"), dir.resolve("job-3.err")))
          .isZero();

      Map<String, Map<String, String>> people;
      Map<String, Map<String, String>> segments;
      Map<String, Map<String, String>> claims;
      try (Connection c = HBaseConnections.connect(disturbed.conf())) {
        people = cells(c, DmpTables.Profile.NAME, DmpTables.Profile.LIVE);
        segments = cells(c, DmpTables.Segment.NAME, DmpTables.Segment.LIVE);
        claims = cells(c, DmpTables.IdIndex.NAME, DmpTables.IdIndex.LIVE);
        empty(c, DmpTables.Profile.NAME, DmpTables.Segment.NAME);
      }
      assertThat(people).hasSizeGreaterThan(500);
      assertThat(segments).isNotEmpty();

      // The same day again, undisturbed, from the disturbed run's claims.
      Map<String, String> again = settings(hbase.getConf(), dir.resolve("undisturbed"));
      again.put(StreamSettings.GROUP_ID, "dmp-stream-undisturbed");
      CommandRunner undisturbed = commands(again);
      assertThat(undisturbed.run(new RatesTool(), "--date", DAY, "--load", day.rates().toString()))
          .as(undisturbed.err())
          .isZero();
      assertThat(
              undisturbed.run(
                  new StreamTool(), GeneratedFeeds.untilDay(kafka.bootstrapServers(), DAY)))
          .as(undisturbed.err())
          .isZero();
      try (Connection c = HBaseConnections.connect(undisturbed.conf())) {
        assertThat(cells(c, DmpTables.IdIndex.NAME, DmpTables.IdIndex.LIVE))
            .as("an undisturbed run on the same claims makes none")
            .isEqualTo(claims);
        Map<String, Map<String, String>> expected =
            cells(c, DmpTables.Profile.NAME, DmpTables.Profile.LIVE);
        assertThat(differences(expected, people)).as("people's live figures").isEmpty();
        assertThat(differences(cells(c, DmpTables.Segment.NAME, DmpTables.Segment.LIVE), segments))
            .as("segments entered live")
            .isEmpty();
      }
      System.out.printf(
          "faults: %d people, %d live segment entries, %d claims, equal to an undisturbed run%n",
          people.size(), segments.size(), claims.size());
    } finally {
      kafka.close();
      hbase.stop();
    }
  }

  /**
   * The settings of a platform home whose HBase is the testing cluster's: passed as {@code -D} to
   * the child JVMs and set on the in-process commands alike.
   */
  private static Map<String, String> settings(Configuration hbase, Path home) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.defaultFS", "file:///");
    s.put("mapreduce.framework.name", "local");
    s.put(DmpPaths.BASE_DIR, home.toString());
    s.put(HBaseConnections.ENABLED, "true");
    s.put(HConstants.ZOOKEEPER_QUORUM, hbase.get(HConstants.ZOOKEEPER_QUORUM));
    s.put(HConstants.ZOOKEEPER_CLIENT_PORT, hbase.get(HConstants.ZOOKEEPER_CLIENT_PORT));
    s.put(LiveSettings.ENABLED, "true");
    s.put(
        "dmp.profile.segments.file",
        Path.of("..", "conf", "segments.properties").toAbsolutePath().toString());
    s.put(StreamSettings.IDLE_TIMEOUT, "3s");
    s.put(StreamSettings.CHECKPOINT_INTERVAL, "1s");
    return s;
  }

  private static CommandRunner commands(Map<String, String> settings) {
    Configuration conf = new Configuration();
    settings.forEach(conf::set);
    return new CommandRunner(conf);
  }

  /** Waits for a checkpoint completed after {@code after}, while {@code job} runs. */
  private void awaitCheckpointAfter(Path root, long after, Process job) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> found = Files.walk(root, 3)) {
          if (found.anyMatch(p -> p.endsWith("_metadata") && p.toFile().lastModified() > after)) {
            return;
          }
        }
      }
      assertThat(job.isAlive()).as("the job exited early").isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("no checkpoint within 120 s");
  }

  /** Row → qualifier → value of one family of a table. */
  private static Map<String, Map<String, String>> cells(
      Connection hbase, TableName table, byte[] family) throws Exception {
    Map<String, Map<String, String>> out = new TreeMap<>();
    try (Table t = hbase.getTable(table);
        ResultScanner s = t.getScanner(new Scan().addFamily(family))) {
      for (Result r : s) {
        Map<String, String> row = new TreeMap<>();
        for (Cell c : r.rawCells()) {
          row.put(
              Bytes.toStringBinary(CellUtil.cloneQualifier(c)),
              Bytes.toStringBinary(CellUtil.cloneValue(c)));
        }
        out.put(Bytes.toStringBinary(r.getRow()), row);
      }
    }
    return out;
  }

  /** The rows that differ: {@code row: undisturbed → disturbed}, at most twenty. */
  private static List<String> differences(
      Map<String, Map<String, String>> undisturbed, Map<String, Map<String, String>> disturbed) {
    TreeMap<String, Boolean> rows = new TreeMap<>();
    undisturbed.keySet().forEach(r -> rows.put(r, true));
    disturbed.keySet().forEach(r -> rows.put(r, true));
    return rows.keySet().stream()
        .filter(r -> !Objects.equals(undisturbed.get(r), disturbed.get(r)))
        .limit(20)
        .map(r -> r + ": " + undisturbed.get(r) + " → " + disturbed.get(r))
        .toList();
  }

  private static void empty(Connection hbase, TableName... tables) throws Exception {
    try (Admin admin = hbase.getAdmin()) {
      for (TableName table : tables) {
        admin.disableTable(table);
        admin.truncateTable(table, true);
      }
    }
  }
}
