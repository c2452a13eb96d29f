package dev.dmp.mapreduce.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.Profile;
import dev.dmp.hbase.DmpTables;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code dmp sql} prints in each dialect, without an engine (SqlOverADayIT runs Spark SQL on
 * it), and the data dictionary that the build keeps in {@code docs/}.
 */
class SqlToolTest {

  @TempDir Path dir;

  @Test
  void hiveTakesTheColumnsFromTheSchemaFileWhichDdlPublishes() throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    assertThat(commands.run(new SqlTool(), "ddl")).as(commands.err()).isZero();
    String ddl = commands.out();

    assertThat(ddl)
        .contains("CREATE DATABASE IF NOT EXISTS `dmp`;")
        .contains("CREATE EXTERNAL TABLE IF NOT EXISTS `dmp`.`profiles`")
        .contains("PARTITIONED BY (`dt` STRING, `hr` STRING)")
        .contains("STORED AS AVRO")
        .contains(
            "TBLPROPERTIES ('avro.schema.url'='"
                + dir.resolve("base/schemas/profiles.avsc")
                    .toUri()
                    .toString()
                    .replace("file:///", "file:/")
                + "');");
    for (SqlDataset d : SqlDataset.ALL) {
      Path schema = dir.resolve("base/schemas/" + d.schemaFile());
      assertThat(new Schema.Parser().parse(schema.toFile())).as(d.table()).isEqualTo(d.schema());
    }
    // The analysts' rejects leave the original bytes unread.
    String rejects =
        Files.readString(dir.resolve("base/schemas/rejects.avsc"), StandardCharsets.UTF_8);
    assertThat(rejects).contains("\"reason\"").doesNotContain("\"body\"");
  }

  @Test
  void trinoDeclaresTheColumnsWithItsOwnTypesAndQuotes() throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    assertThat(commands.run(new SqlTool(), "ddl", "--dialect", "trino"))
        .as(commands.err())
        .isZero();
    String ddl = commands.out();

    assertThat(ddl)
        .contains("CREATE SCHEMA IF NOT EXISTS \"hive\".\"dmp\";")
        .contains("CREATE TABLE IF NOT EXISTS \"hive\".\"dmp\".\"reports\" (")
        .contains("  \"date\" varchar COMMENT 'The day the row aggregates, YYYY-MM-DD (UTC).',")
        .contains("\"geo\" row(\"country\" varchar, \"region\" varchar, \"city\" varchar)")
        .contains("\"identifiers\" map(varchar, array(varchar))")
        .contains("\"first_seen\" timestamp(3) COMMENT 'Earliest event time, UTC epoch millis")
        .contains("\"revenue_amount\" decimal(18,2)")
        .contains("partitioned_by = ARRAY['dt', 'hr']")
        // Trino doubles a quote inside a literal.
        .contains("'The sender''s event id;");
  }

  @Test
  void sparkTypesNestedValuesAsItsAvroReaderDoes() {
    Schema days = Profile.getClassSchema().getField("days").schema();
    assertThat(SqlDialect.SPARK.type(days))
        .isEqualTo(
            "ARRAY<STRUCT<`day`: STRING, `event_type`: STRING, `count`: BIGINT,"
                + " `revenue`: DOUBLE, `amount`: DECIMAL(18,2)>>");
    assertThat(SqlDialect.HIVE.literal("it's a\\b")).isEqualTo("'it\\'s a\\\\b'");
  }

  @Test
  void registerAddsOnlyThePartitionsThatExist() throws Exception {
    Path base = dir.resolve("base");
    Files.createDirectories(base.resolve("clean/dt=2026-03-04"));
    Files.createDirectories(base.resolve("graph/dt=2026-03-04/assignments"));
    Files.createDirectories(base.resolve("hourly/dt=2026-03-04/hr=07"));
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(base));

    assertThat(commands.run(new SqlTool(), "register", "--date", "2026-03-04"))
        .as(commands.err())
        .isZero();

    assertThat(commands.out().lines())
        .containsExactly(
            "ALTER TABLE `dmp`.`clean_events` ADD IF NOT EXISTS PARTITION (`dt`='2026-03-04')"
                + " LOCATION '"
                + uri(base.resolve("clean/dt=2026-03-04"))
                + "';",
            "ALTER TABLE `dmp`.`id_assignments` ADD IF NOT EXISTS PARTITION (`dt`='2026-03-04')"
                + " LOCATION '"
                + uri(base.resolve("graph/dt=2026-03-04/assignments"))
                + "';",
            "ALTER TABLE `dmp`.`hourly_activity` ADD IF NOT EXISTS PARTITION"
                + " (`dt`='2026-03-04', `hr`='07') LOCATION '"
                + uri(base.resolve("hourly/dt=2026-03-04/hr=07"))
                + "';");
    assertThat(commands.err())
        .contains("dmp sql: 3 partitions of 2026-03-04; none for fates, rejects,");

    commands.reset();
    assertThat(
            commands.run(new SqlTool(), "register", "--date", "2026-03-04", "--dialect", "trino"))
        .isZero();
    assertThat(commands.out())
        .contains(
            "CALL \"hive\".system.register_partition('dmp', 'hourly_activity', ARRAY['dt', 'hr'],"
                + " ARRAY['2026-03-04', '07'], '");
  }

  @Test
  void aWrongDialectOrCommandIsAUsageError() throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    assertThat(commands.run(new SqlTool(), "ddl", "--dialect", "mysql")).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("no SQL dialect mysql (hive, spark or trino)");
    commands.reset();
    assertThat(commands.run(new SqlTool(), "tables")).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("no sql command tables");
  }

  @Test
  void theDataDictionaryInDocsIsTheGeneratedOne() throws Exception {
    String generated = DataDictionary.markdown();
    assertThat(generated)
        .contains("### clean_events")
        .contains("| `geo.country` | STRING | ISO 3166-1 alpha-2 country code. |")
        .contains("| `days[].revenue` | DOUBLE |")
        .contains("### " + DmpTables.Profile.NAME.getNameAsString())
        .contains("| `dmp.sql.database` | `dmp` |");
    for (SqlDataset d : SqlDataset.ALL) {
      assertThat(generated).contains("### " + d.table() + "\n");
    }
    Path committed = Path.of("..", "docs", "data-dictionary.md");
    assertThat(Files.exists(committed) ? Files.readString(committed) : "")
        .as(
            "docs/data-dictionary.md is stale: scripts/dmp sql dictionary > docs/data-dictionary.md")
        .isEqualTo(generated);
  }

  private static String uri(Path p) {
    return p.toUri().toString().replace("file:///", "file:/").replaceAll("/$", "");
  }
}
