package dev.dmp.mapreduce.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The SQL of one engine: how it names the types of an Avro schema, declares an external Avro table
 * over a dataset, and adds a partition. Hive and Spark SQL read the schema from its URL ({@code
 * avro.schema.url}, {@code avroSchemaUrl}) and Trino from {@code avro_schema_url}, so the table
 * reads what the files hold even where a column list cannot say it.
 */
public enum SqlDialect {
  HIVE,
  SPARK,
  TRINO;

  /** The dialect called {@code name} (any case). */
  public static SqlDialect of(String name) {
    for (SqlDialect d : values()) {
      if (d.name().equalsIgnoreCase(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException("no SQL dialect " + name + " (hive, spark or trino)");
  }

  /** The dialect's name, as {@code --dialect} takes it. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The statement that creates the database (Trino: the schema) of the tables. */
  public String createDatabase(String catalog, String database) {
    return this == TRINO
        ? "CREATE SCHEMA IF NOT EXISTS " + qualified(catalog, database) + ";"
        : "CREATE DATABASE IF NOT EXISTS " + quote(database) + ";";
  }

  /** The statement that declares {@code dataset} as an external table over {@code location}. */
  public String createTable(
      SqlDataset dataset, String catalog, String database, String location, String schemaUrl) {
    String table = qualified(catalog, database) + "." + quote(dataset.table());
    StringBuilder sql = new StringBuilder();
    switch (this) {
      case HIVE -> {
        // Hive takes the columns from the schema; only the partition columns are declared.
        sql.append("CREATE EXTERNAL TABLE IF NOT EXISTS ").append(table).append('\n');
        sql.append("COMMENT ").append(literal(dataset.schema().getDoc())).append('\n');
        sql.append("PARTITIONED BY (")
            .append(
                dataset.partitionColumns().stream()
                    .map(c -> quote(c) + " STRING")
                    .collect(Collectors.joining(", ")))
            .append(")\n");
        sql.append("STORED AS AVRO\n");
        sql.append("LOCATION ").append(literal(location)).append('\n');
        sql.append("TBLPROPERTIES ('avro.schema.url'=").append(literal(schemaUrl)).append(");");
      }
      case SPARK -> {
        sql.append("CREATE TABLE IF NOT EXISTS ").append(table).append(" (\n");
        sql.append(columns(dataset)).append('\n');
        sql.append(")\nUSING avro\n");
        sql.append("OPTIONS (avroSchemaUrl ").append(literal(schemaUrl)).append(")\n");
        sql.append("PARTITIONED BY (")
            .append(
                dataset.partitionColumns().stream()
                    .map(this::quote)
                    .collect(Collectors.joining(", ")))
            .append(")\n");
        sql.append("LOCATION ").append(literal(location)).append('\n');
        sql.append("COMMENT ").append(literal(dataset.schema().getDoc())).append(';');
      }
      case TRINO -> {
        sql.append("CREATE TABLE IF NOT EXISTS ").append(table).append(" (\n");
        sql.append(columns(dataset)).append('\n');
        sql.append(")\nCOMMENT ").append(literal(dataset.schema().getDoc())).append('\n');
        sql.append("WITH (\n  format = 'AVRO',\n  avro_schema_url = ")
            .append(literal(schemaUrl))
            .append(",\n  external_location = ")
            .append(literal(location))
            .append(",\n  partitioned_by = ARRAY[")
            .append(
                dataset.partitionColumns().stream()
                    .map(this::literal)
                    .collect(Collectors.joining(", ")))
            .append("]\n);");
      }
      default -> throw new IllegalStateException(name());
    }
    return sql.toString();
  }

  /**
   * The statement that adds one partition of {@code dataset} at {@code location}: {@code values}
   * are the partition columns' values, in order. Hive and Spark skip a partition they have; Trino's
   * {@code register_partition} refuses it, which leaves it as it was.
   */
  public String addPartition(
      SqlDataset dataset, String catalog, String database, List<String> values, String location) {
    List<String> columns = dataset.partitionColumns();
    if (this == TRINO) {
      return "CALL "
          + quote(catalog)
          + ".system.register_partition("
          + literal(database)
          + ", "
          + literal(dataset.table())
          + ", ARRAY["
          + columns.stream().map(this::literal).collect(Collectors.joining(", "))
          + "], ARRAY["
          + values.stream().map(this::literal).collect(Collectors.joining(", "))
          + "], "
          + literal(location)
          + ");";
    }
    List<String> spec = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      spec.add(quote(columns.get(i)) + "=" + literal(values.get(i)));
    }
    return "ALTER TABLE "
        + qualified(catalog, database)
        + "."
        + quote(dataset.table())
        + " ADD IF NOT EXISTS PARTITION ("
        + String.join(", ", spec)
        + ") LOCATION "
        + literal(location)
        + ";";
  }

  /** The column list of a table: the schema's fields with their docs, then the partitions. */
  private String columns(SqlDataset dataset) {
    List<String> lines = new ArrayList<>();
    for (Schema.Field f : dataset.schema().getFields()) {
      String line = "  " + quote(f.name()) + " " + type(f.schema());
      if (f.doc() != null) {
        line += " COMMENT " + literal(f.doc());
      }
      lines.add(line);
    }
    for (String c : dataset.partitionColumns()) {
      lines.add(
          "  "
              + quote(c)
              + " "
              + type(Schema.create(Schema.Type.STRING))
              + " COMMENT "
              + literal(
                  c.equals(SqlDataset.DT)
                      ? "The day of the partition, YYYY-MM-DD (UTC)."
                      : "The hour of the partition, 00 to 23 (UTC)."));
    }
    return String.join(",\n", lines);
  }

  /** The engine's type of the values of {@code schema}, as its Avro reader maps them. */
  public String type(Schema schema) {
    if (schema.getLogicalType() instanceof LogicalTypes.Decimal d) {
      return (this == TRINO ? "decimal(" : "DECIMAL(")
          + d.getPrecision()
          + ","
          + d.getScale()
          + ")";
    }
    if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
      return this == TRINO ? "timestamp(3)" : "TIMESTAMP";
    }
    boolean trino = this == TRINO;
    return switch (schema.getType()) {
      case STRING, ENUM -> trino ? "varchar" : "STRING";
      case LONG -> trino ? "bigint" : "BIGINT";
      case INT -> trino ? "integer" : "INT";
      case DOUBLE -> trino ? "double" : "DOUBLE";
      case FLOAT -> trino ? "real" : "FLOAT";
      case BOOLEAN -> trino ? "boolean" : "BOOLEAN";
      case BYTES, FIXED -> trino ? "varbinary" : "BINARY";
      case ARRAY ->
          (trino ? "array(" : "ARRAY<") + type(schema.getElementType()) + (trino ? ")" : ">");
      case MAP ->
          trino
              ? "map(varchar, " + type(schema.getValueType()) + ")"
              : "MAP<STRING, " + type(schema.getValueType()) + ">";
      case RECORD -> {
        List<String> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
          fields.add(quote(f.name()) + (trino ? " " : ": ") + type(f.schema()));
        }
        yield trino
            ? "row(" + String.join(", ", fields) + ")"
            : "STRUCT<" + String.join(", ", fields) + ">";
      }
      case UNION -> type(nonNull(schema));
      default -> throw new IllegalArgumentException("no SQL type for Avro " + schema.getType());
    };
  }

  /** The one branch of an optional value ({@code ["null", T]}) that is not null. */
  private static Schema nonNull(Schema union) {
    List<Schema> branches =
        union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    if (branches.size() != 1) {
      throw new IllegalArgumentException("no SQL type for the union " + union);
    }
    return branches.get(0);
  }

  /** An identifier, quoted so that names such as {@code date} stay names. */
  public String quote(String name) {
    return this == TRINO ? "\"" + name + "\"" : "`" + name + "`";
  }

  private String qualified(String catalog, String database) {
    return this == TRINO ? quote(catalog) + "." + quote(database) : quote(database);
  }

  /** A string literal: Trino doubles a quote, Hive and Spark escape it with a backslash. */
  public String literal(String text) {
    if (this == TRINO) {
      return "'" + text.replace("'", "''") + "'";
    }
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
