package dev.dmp.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.avro.CleanEvent;
import dev.dmp.core.RunDate;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.gate.QualityTool;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.run.RunTool;
import dev.dmp.mapreduce.serving.LookupTool;
import dev.dmp.mapreduce.sql.SqlTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GeneratedDay;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A generated day through the whole chain (local mode, the embedded HBase), then queried by Spark
 * SQL in local mode through the tables {@code dmp sql ddl --dialect spark} declares and the
 * partitions {@code dmp sql register} adds: what SQL counts must be what the platform reports and
 * what the generator planted.
 */
class SqlOverADayIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RunDate DAY = new RunDate(LocalDate.now(ZoneOffset.UTC).minusDays(1));
  private static final String D = DAY.toString();

  private static Path dir;
  private static CommandRunner commands;
  private static JsonNode truth;
  private static SparkSession spark;
  private static List<String> registered;
  private static String registeredMessage;

  @BeforeAll
  static void aDayRunAndDeclared() throws Exception {
    dir = Files.createTempDirectory("sql-over-a-day");
    Configuration conf = CommandRunner.embedded(dir.resolve("base"));
    CommandRunner.embeddedHBase(conf, dir.resolve("hbase"));
    conf.set(
        ProfileJob.SEGMENTS_FILE,
        Path.of("..", "conf", "segments.properties").toAbsolutePath().toString());
    commands = new CommandRunner(conf);
    GeneratedDay.Steps steps =
        (DmpTool tool, String... args) ->
            assertThat(commands.run(tool, args)).as(commands.err()).isZero();
    GeneratedDay day =
        new GeneratedDay(new org.apache.hadoop.fs.Path(dir.resolve("in").toUri()), DAY);
    day.generate(steps, 5000, 17, "CNY,USD,EUR");
    day.forget(steps); // the generator's opt-outs
    day.ingest(steps);
    steps.run(new RunTool(), "--date", D);
    truth = JSON.readTree(dir.resolve("in").resolve("_truth.json").toFile());

    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("dmp-sql-it")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString())
            .getOrCreate();
    for (String statement : statements(sql("ddl", "--dialect", "spark"))) {
      spark.sql(statement);
    }
    registered = statements(sql("register", "--date", D, "--dialect", "spark"));
    registeredMessage = commands.err();
    registered.forEach(spark::sql);
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    HBaseConnections.stopEmbedded();
    FileUtils.deleteQuietly(dir.toFile());
  }

  @Test
  void theDaysPartitionsAreRegisteredOncePerDataset() {
    assertThat(registered)
        .hasSize(8) // every daily dataset; no hourly run, no hourly partition
        .allMatch(s -> s.contains("PARTITION (`dt`='" + D + "')"))
        .noneMatch(s -> s.contains("hourly_activity"));
    assertThat(registeredMessage).contains("8 partitions of " + D + "; none for hourly_activity");
    // Registering again changes nothing.
    statements(sql("register", "--date", D, "--dialect", "spark")).forEach(spark::sql);
    assertThat(rows("SHOW PARTITIONS dmp.clean_events")).containsExactly("dt=" + D);
  }

  @Test
  void countsByFateAreTheQualityReportsAndThePlantedTruth() throws Exception {
    JsonNode quality = JSON.readTree(run(new QualityTool(), "--date", D, "--json"));
    Map<String, Long> expected = new TreeMap<>();
    truth
        .get("fates")
        .fields()
        .forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asLong()));

    Map<String, Long> fates =
        longs("SELECT fate, SUM(records) FROM dmp.fates WHERE dt = '" + D + "' GROUP BY fate");
    assertThat(fates).isEqualTo(expected);
    assertThat(fates.get("clean")).isEqualTo(quality.get("clean").asLong());
    assertThat(fates.get("rejected")).isEqualTo(quality.get("rejected_total").asLong());
    assertThat(fates.get("duplicate")).isEqualTo(quality.get("duplicate").asLong());
    assertThat(fates.get("bot")).isEqualTo(quality.get("bot").asLong());
    assertThat(fates.get("opted_out")).isEqualTo(quality.get("opted_out").asLong());

    // The fates that are records, counted from the records themselves.
    assertThat(single("SELECT COUNT(*) FROM dmp.clean_events WHERE dt = '" + D + "'"))
        .isEqualTo(quality.get("clean").asLong());
    Map<String, Long> reasons = new TreeMap<>();
    quality
        .get("rejected")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().asLong() > 0) {
                reasons.put(e.getKey(), e.getValue().asLong());
              }
            });
    assertThat(
            longs(
                "SELECT reason, COUNT(*) FROM dmp.rejects WHERE dt = '" + D + "' GROUP BY reason"))
        .isEqualTo(reasons)
        .isNotEmpty();
  }

  @Test
  void revenueInTheReportingCurrencyIsThePlantedTruthToTheCent() {
    BigDecimal planted = new BigDecimal(truth.get("revenue_converted").asText());
    assertThat(
            spark
                .sql(
                    "SELECT SUM(revenue_converted) FROM dmp.clean_events WHERE dt = '"
                        + D
                        + "' AND converted_currency = 'CNY'")
                .collectAsList()
                .get(0)
                .getDecimal(0))
        .isEqualByComparingTo(planted);
    Row reports =
        spark
            .sql(
                "SELECT SUM(revenue_amount), COLLECT_SET(currency) FROM dmp.reports WHERE dt = '"
                    + D
                    + "' AND campaign = '*'")
            .collectAsList()
            .get(0);
    // The report counts the attributed events: those of suppressed people are not.
    BigDecimal attributed =
        spark
            .sql(
                "SELECT SUM(event.revenue_converted) FROM dmp.attributed_events WHERE dt = '"
                    + D
                    + "'")
            .collectAsList()
            .get(0)
            .getDecimal(0);
    assertThat(reports.getDecimal(0)).isEqualByComparingTo(attributed);
    assertThat(attributed).isGreaterThan(BigDecimal.ZERO).isLessThanOrEqualTo(planted);
    assertThat(CollectionConverters.asJava(reports.<String>getSeq(1))).containsExactly("CNY");
    // Nothing unconverted reached the tables.
    assertThat(
            single(
                "SELECT COUNT(*) FROM dmp.clean_events WHERE dt = '"
                    + D
                    + "' AND revenue IS NOT NULL AND revenue_converted IS NULL"))
        .isZero();
  }

  @Test
  void revenueByCurrencyIsThePlantedTruth() {
    Map<String, Double> expected = new TreeMap<>();
    truth
        .get("revenue_by_currency")
        .fields()
        .forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asDouble()));
    // Clean gives revenue sent without a currency the default one (dmp.clean.default.currency).
    Double withoutCurrency = expected.remove("-");
    assertThat(withoutCurrency).isNotNull();
    expected.merge("CNY", withoutCurrency, (a, b) -> Math.round((a + b) * 100) / 100.0);
    Map<String, Double> revenue = new TreeMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT COALESCE(currency, '-'), ROUND(SUM(revenue), 2) FROM dmp.clean_events"
                    + " WHERE dt = '"
                    + D
                    + "' AND revenue IS NOT NULL GROUP BY 1")
            .collectAsList()) {
      revenue.put(r.getString(0), r.getDouble(1));
    }
    assertThat(revenue).isEqualTo(expected).containsOnlyKeys("CNY", "EUR", "USD");
  }

  @Test
  void aPersonsProfileInSqlIsWhatDmpLookupServes() throws Exception {
    List<Row> people =
        spark
            .sql(
                "SELECT a.id, p.one_id, p.identifiers, p.events, p.revenue_amount, p.segments,"
                    + " p.first_seen, p.last_seen"
                    + " FROM dmp.id_assignments a JOIN dmp.profiles p"
                    + " ON p.one_id = a.one_id AND p.dt = a.dt"
                    + " WHERE a.dt = '"
                    + D
                    + "' AND p.revenue_amount > 0 AND SIZE(p.identifiers) > 2"
                    + " ORDER BY a.id LIMIT 3")
            .collectAsList();
    assertThat(people).hasSize(3);
    for (Row person : people) {
      JsonNode served = JSON.readTree(run(new LookupTool(), "--id", person.getString(0), "--json"));
      assertThat(served.get("one_id").asText()).isEqualTo(person.getString(1));

      List<String> identifiers = new ArrayList<>();
      Map<String, scala.collection.Seq<String>> byType =
          CollectionConverters.asJava(person.<String, scala.collection.Seq<String>>getMap(2));
      byType.forEach(
          (type, values) ->
              CollectionConverters.asJava(values).forEach(v -> identifiers.add(type + ":" + v)));
      assertThat(texts(served.get("identifiers"))).containsExactlyInAnyOrderElementsOf(identifiers);

      Map<String, Long> events = new HashMap<>();
      CollectionConverters.asJava(person.<String, Long>getMap(3)).forEach(events::put);
      Map<String, Long> servedEvents = new HashMap<>();
      served
          .get("events")
          .fields()
          .forEachRemaining(e -> servedEvents.put(e.getKey(), e.getValue().asLong()));
      assertThat(servedEvents).isEqualTo(events);

      assertThat(new BigDecimal(served.get("revenue").asText()))
          .isEqualByComparingTo(person.getDecimal(4));
      assertThat(texts(served.get("segments")))
          .containsExactlyElementsOf(CollectionConverters.asJava(person.<String>getSeq(5)));
      assertThat(served.get("first_seen").asText())
          .isEqualTo(person.getTimestamp(6).toInstant().toString());
      assertThat(served.get("last_seen").asText())
          .isEqualTo(person.getTimestamp(7).toInstant().toString());
    }
  }

  @Test
  void theEngineDescribesEveryColumnWithItsSchemasDoc() {
    Map<String, String> comments = new HashMap<>();
    Map<String, String> types = new HashMap<>();
    for (Row r : spark.sql("DESCRIBE TABLE dmp.clean_events").collectAsList()) {
      comments.putIfAbsent(r.getString(0), r.getString(2));
      types.putIfAbsent(r.getString(0), r.getString(1));
    }
    // Times are timestamps and money decimals, as the tables' schemas declare them.
    assertThat(types)
        .containsEntry("event_time", "timestamp")
        .containsEntry("received_at", "timestamp")
        .containsEntry("revenue_converted", "decimal(18,2)");
    assertThat(
            spark
                .sql(
                    "SELECT COUNT(*) FROM dmp.clean_events WHERE dt = '"
                        + D
                        + "' AND event_time >= TIMESTAMP '"
                        + DAY.day().minusDays(2)
                        + " 00:00:00' AND event_time < TIMESTAMP '"
                        + DAY.day().plusDays(1)
                        + " 01:00:00'")
                .collectAsList()
                .get(0)
                .getLong(0))
        .as("every clean event's time falls in the day's window, read as a timestamp")
        .isEqualTo(single("SELECT COUNT(*) FROM dmp.clean_events WHERE dt = '" + D + "'"));
    for (org.apache.avro.Schema.Field f : CleanEvent.getClassSchema().getFields()) {
      assertThat(comments.get(f.name())).as(f.name()).isEqualTo(f.doc());
    }
    // The analysts' rejects have no column for the original bytes.
    assertThat(rows("SHOW COLUMNS IN dmp.rejects")).contains("reason").doesNotContain("body");
  }

  private static String sql(String... args) {
    try {
      commands.reset();
      assertThat(commands.run(new SqlTool(), args)).as(commands.err()).isZero();
      return commands.out();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String run(DmpTool tool, String... args) throws Exception {
    commands.reset();
    assertThat(commands.run(tool, args)).as(commands.err()).isZero();
    return commands.out();
  }

  /** The statements of a script: each ends with a semicolon at the end of a line. */
  private static List<String> statements(String script) {
    return Arrays.stream(script.split(";\\s*\\n"))
        .map(s -> s.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static List<String> rows(String query) {
    return spark.sql(query).collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static long single(String query) {
    return spark.sql(query).collectAsList().get(0).getLong(0);
  }

  private static Map<String, Long> longs(String query) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : spark.sql(query).collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
