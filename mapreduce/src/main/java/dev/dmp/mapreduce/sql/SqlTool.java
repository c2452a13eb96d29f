package dev.dmp.mapreduce.sql;

import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code dmp sql ddl|register|dictionary}: the datasets as tables of an SQL engine.
 *
 * <ul>
 *   <li>{@code ddl [--dialect hive|spark|trino]} prints the statements that declare every published
 *       dataset ({@link SqlDataset#ALL}) as an external Avro table partitioned by day (and hour),
 *       reading its columns from a schema file under {@code schemas/}, which it writes first.
 *   <li>{@code register --date D [--dialect ...]} prints the statements that add the day's
 *       partitions which exist.
 *   <li>{@code dictionary} prints the data dictionary (Markdown): every dataset's columns, the
 *       HBase tables, every setting.
 * </ul>
 *
 * The statements go to stdout, for beeline, spark-sql or the Trino CLI: {@code dmp sql ddl
 * --dialect hive | beeline -u URL -f /dev/stdin}.
 */
public class SqlTool extends DmpTool {

  public static final String NAME = "sql";

  /** The database (Trino: schema) of the tables. */
  public static final String DATABASE = "dmp.sql.database";

  public static final String DEFAULT_DATABASE = "dmp";

  /** The Trino catalog of the tables: a Hive connector's. */
  public static final String TRINO_CATALOG = "dmp.sql.trino.catalog";

  public static final String DEFAULT_TRINO_CATALOG = "hive";

  public static void main(String[] args) throws Exception {
    main(new SqlTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "ddl [--dialect hive|spark|trino] | register --date YYYY-MM-DD [--dialect ...]"
        + " | dictionary";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("dialect")
                .hasArg()
                .argName("ENGINE")
                .desc("hive (the default), spark or trino")
                .build())
        .addOption(Option.builder().longOpt("date").hasArg().desc("the day to register").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    List<String> args = Arrays.asList(cmd.getArgs());
    if (args.size() != 1) {
      throw new UsageException("say what to print: ddl, register or dictionary");
    }
    switch (args.get(0)) {
      case "ddl" -> ddl(dialect(cmd));
      case "register" -> register(dialect(cmd), RunDate.parse(required(cmd, "date")));
      case "dictionary" -> out.print(DataDictionary.markdown());
      default ->
          throw new UsageException(
              "no sql command " + args.get(0) + " (ddl, register or dictionary)");
    }
    return OK;
  }

  private static SqlDialect dialect(CommandLine cmd) throws UsageException {
    try {
      return SqlDialect.of(cmd.getOptionValue("dialect", SqlDialect.HIVE.key()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private void ddl(SqlDialect dialect) throws IOException {
    Configuration conf = getConf();
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    Map<SqlDataset, String> schemaUrls = publishSchemas(conf);
    err.println("dmp sql: the tables' schemas are in " + fs.makeQualified(paths.schemas()));
    String catalog = conf.get(TRINO_CATALOG, DEFAULT_TRINO_CATALOG);
    String database = conf.get(DATABASE, DEFAULT_DATABASE);
    out.println(
        "-- The DMP's datasets as external Avro tables (dmp sql ddl --dialect "
            + dialect.key()
            + ").");
    out.println(
        "-- Add each day's partitions with: dmp sql register --date YYYY-MM-DD --dialect "
            + dialect.key());
    out.println(dialect.createDatabase(catalog, database));
    for (SqlDataset dataset : SqlDataset.ALL) {
      Path root = fs.makeQualified(new Path(paths.base(), dataset.root()));
      out.println();
      out.println("-- " + dataset.table() + ": each row is " + dataset.holds() + ".");
      out.println(
          dialect.createTable(
              dataset, catalog, database, root.toString(), schemaUrls.get(dataset)));
    }
  }

  private void register(SqlDialect dialect, RunDate date) throws IOException {
    Configuration conf = getConf();
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    publishSchemas(conf);
    String catalog = conf.get(TRINO_CATALOG, DEFAULT_TRINO_CATALOG);
    String database = conf.get(DATABASE, DEFAULT_DATABASE);
    int added = 0;
    List<String> absent = new ArrayList<>();
    for (SqlDataset dataset : SqlDataset.ALL) {
      List<List<String>> partitions = new ArrayList<>();
      List<Path> locations = new ArrayList<>();
      if (dataset.hourly()) {
        for (int hour = 0; hour < 24; hour++) {
          Path p = dataset.partition(paths.base(), date, hour);
          if (fs.exists(p)) {
            partitions.add(List.of(date.toString(), String.format("%02d", hour)));
            locations.add(p);
          }
        }
      } else {
        Path p = dataset.partition(paths.base(), date, -1);
        if (fs.exists(p)) {
          partitions.add(List.of(date.toString()));
          locations.add(p);
        }
      }
      if (partitions.isEmpty()) {
        absent.add(dataset.table());
      }
      for (int i = 0; i < partitions.size(); i++) {
        out.println(
            dialect.addPartition(
                dataset,
                catalog,
                database,
                partitions.get(i),
                fs.makeQualified(locations.get(i)).toString()));
        added++;
      }
    }
    err.println(
        "dmp sql: "
            + added
            + " partitions of "
            + date
            + (absent.isEmpty() ? "" : "; none for " + String.join(", ", absent)));
  }

  /**
   * Writes each table's schema to {@code schemas/<table>.avsc} where it is absent or differs, and
   * returns the qualified URL of each. The tables read their columns from these files, so a new
   * release's schema reaches them without a new DDL.
   */
  static Map<SqlDataset, String> publishSchemas(Configuration conf) throws IOException {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    Map<SqlDataset, String> urls = new LinkedHashMap<>();
    for (SqlDataset dataset : SqlDataset.ALL) {
      Path file = new Path(paths.schemas(), dataset.schemaFile());
      byte[] text = (dataset.schema().toString(true) + "\n").getBytes(StandardCharsets.UTF_8);
      if (!Arrays.equals(text, contents(fs, file))) {
        try (OutputStream o = fs.create(file, true)) {
          o.write(text);
        }
      }
      urls.put(dataset, fs.makeQualified(file).toString());
    }
    return urls;
  }

  private static byte[] contents(FileSystem fs, Path file) throws IOException {
    if (!fs.exists(file)) {
      return null;
    }
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
    }
  }
}
