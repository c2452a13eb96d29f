package dev.dmp.mapreduce.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.erasure.ForgetTool;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.money.RatesTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.mapreduce.testing.DecodedFiles;
import dev.dmp.mapreduce.testing.TableDump;
import dev.dmp.sandbox.generate.GenerateTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A week run the way weeks go, in local mode with the embedded HBase: a feed of day 3 arrives late
 * and another is re-sent (as gzip, so ingest takes it as new bytes), day 3 is rerun after day 5,
 * someone is forgotten between days 4 and 5, day 6 is stopped by the quality gate and day 7 runs
 * across the gap, then day 6 is put right and rerun. At the end every day reconciles (each raw
 * record read once and given one fate) and every dataset and every HBase cell equals a rebuild from
 * scratch of the same raw zone and suppression list.
 *
 * <p>The days end the day before yesterday, whatever the date (retention and windows read the
 * clock). The generator's people are the same every day (one seed); the one forgotten is a new
 * customer first seen on day 3, so that no report of days 1 and 2 counts them: reports are
 * aggregates without identifiers, which an erasure does not rewrite, and the rerun from day 3
 * counts days 3 to 5 again without them.
 */
class SoakTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final int DAYS = 7;
  private static final int EVENTS = 500;
  private static final String SEED = "23";
  private static final String NEW_CUSTOMER_COOKIE = "ck-new-customer-7f3a";
  private static final String NEW_CUSTOMER_EMAIL = "New.Customer@Example.org";

  /** Day {@code i} (1 to 7) of the week. */
  private static String day(int i) {
    return LocalDate.now(ZoneOffset.UTC).minusDays(2 + DAYS - i).toString();
  }

  @TempDir Path dir;

  /**
   * The week and its rebuild share one embedded HBase (HBase's standalone mode does not start twice
   * in one JVM, so this class has a surefire JVM of its own); its tables are emptied in between.
   */
  private CommandRunner commands(String base) {
    Configuration conf = CommandRunner.embedded(dir.resolve(base));
    CommandRunner.embeddedHBase(conf, dir.resolve("hbase"));
    // Four salt buckets: each day's load writes its HFiles with one reducer per region.
    conf.setInt(TableCreator.SALT_BUCKETS, 4);
    return new CommandRunner(conf);
  }

  /** HBase writes under {@link #dir} until it stops, so it stops before the directory goes. */
  @AfterEach
  void stopHBase() {
    HBaseConnections.stopEmbedded();
  }

  @Test
  void aWeekOfLateFilesResentFeedsAnErasureAndAStoppedDayEqualsARebuildFromScratch()
      throws Exception {
    CommandRunner week = commands("week");
    for (int i = 1; i <= DAYS; i++) {
      ok(
          week,
          new GenerateTool(),
          "--date",
          day(i),
          "--events",
          Integer.toString(EVENTS),
          "--seed",
          SEED,
          "--malformed-share",
          i == 6 ? "0.2" : "0.004",
          "--out",
          in(i).toString());
    }
    // The generator's opted-out people asked before the week began.
    ok(week, new ForgetTool(), "--file", in(1).resolve("_suppress.txt").toString());

    for (int i = 1; i <= 5; i++) {
      for (String feed : List.of("web", "app", "crm", "ads")) {
        if (i != 3 || !feed.equals("ads")) { // day 3's ads feed is late
          ok(week, new IngestTool(), "--date", day(i), "--feed", feed, feed(i, feed).toString());
        }
      }
      if (i == 3 || i == 4) {
        ok(week, new IngestTool(), "--date", day(i), "--feed", "web", newCustomer(i).toString());
        // The new customer pays in EUR: the day's rate comes with the day's data.
        Path rates =
            Files.writeString(
                dir.resolve("rates-" + i + ".csv"), "base,currency,rate\nCNY,EUR,7.68\n");
        ok(week, new RatesTool(), "--date", day(i), "--load", rates.toString());
      }
      if (i == 5) {
        // The new customer asks to be forgotten before day 5 runs.
        assertThat(String.join("\n", cells(week))).contains(NEW_CUSTOMER_COOKIE);
        ok(week, new ForgetTool(), "--id", "email:" + NEW_CUSTOMER_EMAIL);
        assertThat(week.out()).contains("purged ");
      }
      ok(week, new RunTool(), "--date", day(i));
    }
    // After day 5: day 3's ads feed arrives, and its crm feed is sent again (the same records).
    ok(week, new IngestTool(), "--date", day(3), "--feed", "ads", feed(3, "ads").toString());
    Path resent = gzipCopy(feed(3, "crm"), dir.resolve("resent-crm"));
    ok(week, new IngestTool(), "--date", day(3), "--feed", "crm", resent.toString());
    ok(week, new RerunTool(), "--from", day(3));
    assertThat(week.out()).contains("rerun of 3 day(s): " + day(3) + " .. " + day(5));

    // Day 6 has a feed the quality gate refuses; day 7 does not wait for it.
    for (int i = 6; i <= 7; i++) {
      ok(week, new IngestTool(), "--date", day(i), in(i).toString());
    }
    assertThat(week.run(new RunTool(), "--date", day(6))).isEqualTo(DmpTool.FAILED);
    assertThat(week.err()).contains("quality gate failed for " + day(6));
    ok(week, new RunTool(), "--date", day(7));
    assertThat(week.out()).contains("the 1 day(s) after it have none");
    week.conf().set("dmp.gate.max.reject.rate", "0.5");
    ok(week, new RerunTool(), "--from", day(6));

    for (int i = 1; i <= DAYS; i++) {
      assertReconciled("week", i);
    }
    JsonNode crm = cleanJson("week", 3).at("/by_source/crm");
    assertThat(crm.get("duplicate").asLong())
        .as("every accepted crm record of day 3 came twice: its copy is a duplicate")
        .isGreaterThanOrEqualTo(crm.get("clean").asLong())
        .isPositive();
    List<String> weekCells = cells(week);
    Map<String, List<String>> weekData = datasets("week");
    assertThat(String.join("\n", weekCells)).doesNotContain(NEW_CUSTOMER_COOKIE);

    // The rebuild: the same raw zone and suppression list, every day run once, in order.
    emptyTables(week);
    CommandRunner rebuild = commands("rebuild");
    copy(dir.resolve("week/raw"), dir.resolve("rebuild/raw"));
    copy(dir.resolve("week/suppression"), dir.resolve("rebuild/suppression"));
    copy(dir.resolve("week/rates"), dir.resolve("rebuild/rates"));
    rebuild.conf().set("dmp.gate.max.reject.rate", "0.5");
    for (int i = 1; i <= DAYS; i++) {
      ok(rebuild, new RunTool(), "--date", day(i));
      assertReconciled("rebuild", i);
    }
    assertThat(differences(weekData, datasets("rebuild"))).isEmpty();
    List<String> rebuiltCells = cells(rebuild);
    assertThat(weekCells).hasSameSizeAs(rebuiltCells).isEqualTo(rebuiltCells);
  }

  private Path in(int day) {
    return dir.resolve("in-" + day);
  }

  private Path feed(int day, String feed) {
    return in(day).resolve(feed);
  }

  private static void ok(CommandRunner commands, DmpTool tool, String... args) throws Exception {
    commands.reset();
    assertThat(commands.run(tool, args)).as("dmp " + tool.name() + ": " + commands.err()).isZero();
  }

  /**
   * A new customer, on days 3 and 4 only: a page view and a purchase under a cookie and an e-mail
   * address, in a web file of their own beside the generator's.
   */
  private Path newCustomer(int day) throws java.io.IOException {
    Path feedDir = Files.createDirectories(dir.resolve("new-customer-" + day));
    String time = day(day) + "T1" + day + ":00:00Z";
    StringBuilder lines = new StringBuilder();
    for (String type : List.of("page_view", "purchase")) {
      lines
          .append("{\"event_id\":\"new-customer-")
          .append(day)
          .append('-')
          .append(type)
          .append("\",\"event_type\":\"")
          .append(type)
          .append("\",\"event_time\":\"")
          .append(time)
          .append("\",\"source\":\"web\",\"ids\":{\"cookie\":\"")
          .append(NEW_CUSTOMER_COOKIE)
          .append("\",\"email\":\"")
          .append(NEW_CUSTOMER_EMAIL)
          .append("\"},\"url\":\"https://shop.example.com/p/42\"")
          .append(type.equals("purchase") ? ",\"revenue\":19.9,\"currency\":\"EUR\"" : "")
          .append("}\n");
    }
    Files.writeString(feedDir.resolve("new-customer.jsonl"), lines);
    return feedDir;
  }

  private static Path gzipCopy(Path feedDir, Path to) throws java.io.IOException {
    Files.createDirectories(to);
    Path target = to.resolve("part-00000.jsonl.gz");
    try (java.io.OutputStream out =
        new java.util.zip.GZIPOutputStream(Files.newOutputStream(target))) {
      Files.copy(feedDir.resolve("part-00000.jsonl"), out);
    }
    return to;
  }

  private JsonNode cleanJson(String base, int day) throws java.io.IOException {
    return JSON.readTree(
        dir.resolve(base).resolve("quality/dt=" + day(day) + "/clean.json").toFile());
  }

  /** Every raw record of the day was read once by its last clean and given exactly one fate. */
  private void assertReconciled(String base, int day) throws Exception {
    JsonNode clean = cleanJson(base, day);
    long raw = 0;
    try (Stream<Path> files = Files.walk(dir.resolve(base).resolve("raw/dt=" + day(day)))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".avro")).toList()) {
        try (org.apache.avro.file.DataFileReader<Object> records =
            new org.apache.avro.file.DataFileReader<>(
                f.toFile(), new org.apache.avro.generic.GenericDatumReader<>())) {
          for (Object r : records) {
            raw++;
          }
        }
      }
    }
    assertThat(clean.get("read").asLong()).as(base + " day " + day + " read").isEqualTo(raw);
    long fates = 0;
    for (String fate : List.of("clean", "rejected_total", "duplicate", "bot", "opted_out")) {
      fates += clean.get(fate).asLong();
    }
    assertThat(fates).as(base + " day " + day + " fates").isEqualTo(raw);
  }

  private static void emptyTables(CommandRunner commands) throws Exception {
    try (Connection c = HBaseConnections.connect(commands.conf());
        Admin admin = c.getAdmin()) {
      List<TableName> tables = new java.util.ArrayList<>(DmpTables.ALL);
      tables.add(DmpTables.Load.NAME);
      for (TableName t : tables) {
        admin.disableTable(t);
        admin.truncateTable(t, true);
      }
    }
  }

  /** Every visible cell of every table the load writes: row, column, timestamp, value. */
  private static List<String> cells(CommandRunner commands) throws Exception {
    try (Connection c = HBaseConnections.connect(commands.conf())) {
      return TableDump.cells(c);
    }
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** The datasets and days where two runs differ, with their first differing record. */
  private static List<String> differences(
      Map<String, List<String>> a, Map<String, List<String>> b) {
    List<String> out = new java.util.ArrayList<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String k : keys) {
      List<String> x = a.getOrDefault(k, List.of());
      List<String> y = b.getOrDefault(k, List.of());
      if (!x.equals(y)) {
        List<String> onlyX = new java.util.ArrayList<>(x);
        onlyX.removeAll(y);
        List<String> onlyY = new java.util.ArrayList<>(y);
        onlyY.removeAll(x);
        out.add(
            k
                + ": "
                + x.size()
                + " vs "
                + y.size()
                + " values, e.g. "
                + onlyX.stream().limit(3).toList()
                + " / "
                + onlyY.stream().limit(3).toList());
      }
    }
    return out;
  }

  /**
   * Every record of every dataset (raw and quality aside: ingest times and seconds differ), by
   * dataset and day, sorted: what two runs must agree on.
   */
  private Map<String, List<String>> datasets(String base) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    Path root = dir.resolve(base);
    for (String dataset : List.of("clean", "links", "graph", "attributed", "profiles", "reports")) {
      Path d = root.resolve(dataset);
      if (!Files.exists(d)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(d)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".avro")).toList()) {
          String key = root.relativize(f.getParent()).toString();
          out.computeIfAbsent(key, k -> new java.util.ArrayList<>())
              .addAll(DecodedFiles.text(f).lines().toList());
        }
      }
    }
    out.values().forEach(l -> l.sort(null));
    return out;
  }
}
