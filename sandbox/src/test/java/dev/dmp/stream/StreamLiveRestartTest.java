package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.Drill;
import dev.dmp.mapreduce.money.RatesTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GeneratedDay;
import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speed layer loses nothing when the job fails part-way: a run that fails once (a drill,
 * mid-stream) and restarts from its last checkpoint counts, event type by event type and in
 * revenue, at least what a run never disturbed counts. Not always exactly as much: the events
 * between the checkpoint and the failure are counted again on the replay, and where the replay
 * gives one of them to another person than the first attempt did (a claim the first attempt made in
 * HBase is already there), the first person's cells keep it too (docs/streams.md).
 */
class StreamLiveRestartTest {

  private static final String DAY = "2026-11-20";

  @TempDir static Path dir;

  @AfterAll
  static void stopHBase() {
    HBaseConnections.stopEmbedded();
  }

  @Test
  void aRunThatFailsOnceAndRestartsLosesNoEvent() throws Exception {
    CommandRunner undisturbed = commands("undisturbed");
    Path in = dir.resolve("in");
    List<FeedProducer.Line> lines = GeneratedFeeds.day(undisturbed, in, DAY, 10_000, 9);
    GeneratedDay day =
        new GeneratedDay(new org.apache.hadoop.fs.Path(in.toUri()), RunDate.parse(DAY));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopics(GeneratedFeeds.TOPICS, 4);
      FeedProducer.send(kafka.bootstrapServers(), lines, 4);

      stream(undisturbed, day, kafka);
      Map<String, BigDecimal> expected;
      try (Connection hbase = HBaseConnections.connect(undisturbed.conf())) {
        expected = liveTotals(hbase);
        GeneratedFeeds.truncate(hbase);
      }
      assertThat(expected.get("events:page_view")).isGreaterThan(BigDecimal.valueOf(1_000));

      CommandRunner failing = commands("failing");
      failing.conf().set(StreamSettings.GROUP_ID, "dmp-stream-failing");
      Path marker = dir.resolve("failed-once");
      failing.conf().set(Drill.FAIL_ONCE, "stream-people:" + marker);
      stream(failing, day, kafka);
      assertThat(marker).as("the drill failed the job once").exists();
      try (Connection hbase = HBaseConnections.connect(failing.conf())) {
        Map<String, BigDecimal> restarted = liveTotals(hbase);
        assertThat(restarted).containsOnlyKeys(expected.keySet());
        expected.forEach(
            (figure, total) ->
                assertThat(restarted.get(figure)).as(figure).isGreaterThanOrEqualTo(total));
        System.out.println("undisturbed " + expected + "; failed once " + restarted);
      }
    }
  }

  private static void stream(CommandRunner commands, GeneratedDay day, EmbeddedKafka kafka)
      throws Exception {
    GeneratedDay.Steps steps =
        (DmpTool tool, String... args) ->
            assertThat(commands.run(tool, args)).as(commands.err()).isZero();
    steps.run(new RatesTool(), "--date", DAY, "--load", day.rates().toString());
    steps.run(
        new StreamTool(),
        "run",
        "--bootstrap-servers",
        kafka.bootstrapServers(),
        "--topics",
        String.join(",", GeneratedFeeds.TOPICS),
        "--until-day",
        DAY,
        "--for",
        "300");
  }

  private static CommandRunner commands(String name) {
    CommandRunner commands = GeneratedFeeds.commands(dir.resolve(name), dir.resolve("hbase"), "1s");
    commands.conf().setBoolean(LiveSettings.ENABLED, true);
    return commands;
  }

  /** The live figures of every person summed: events by type, and revenue. */
  private static Map<String, BigDecimal> liveTotals(Connection hbase) throws Exception {
    Map<String, BigDecimal> out = new TreeMap<>();
    try (Table t = hbase.getTable(DmpTables.Profile.NAME);
        ResultScanner s = t.getScanner(new Scan().addFamily(DmpTables.Profile.LIVE))) {
      for (Result r : s) {
        for (Cell c : r.rawCells()) {
          String q = Bytes.toString(CellUtil.cloneQualifier(c)).substring(DAY.length() + 1);
          if (!q.equals("segments")) {
            out.merge(q, new BigDecimal(Bytes.toString(CellUtil.cloneValue(c))), BigDecimal::add);
          }
        }
      }
    }
    return out;
  }
}
