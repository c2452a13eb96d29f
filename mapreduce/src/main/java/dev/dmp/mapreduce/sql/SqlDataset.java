package dev.dmp.mapreduce.sql;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.FateCount;
import dev.dmp.avro.HourlyActivity;
import dev.dmp.avro.IdAssignment;
import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.Profile;
import dev.dmp.avro.RejectRecord;
import dev.dmp.avro.ReportRow;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.hadoop.fs.Path;

/**
 * A dataset published to SQL engines: its table, the schema of its records, and where each of its
 * partitions is below the base directory.
 *
 * @param table the table's name
 * @param schema the columns: the records' schema as analysts read it
 * @param root the directory of every partition, below the base directory
 * @param partition where one partition is, below the base directory: {@code {dt}} and {@code {hr}}
 *     stand for the partition's values
 * @param holds what a row is, for people
 */
public record SqlDataset(String table, Schema schema, String root, String partition, String holds) {

  /**
   * The fields that hold a time as UTC epoch milliseconds. The tables' schemas declare them as Avro
   * {@code timestamp-millis}, so that every engine reads a timestamp: the files hold the same
   * longs, which Avro's schema resolution reads as such.
   */
  public static final Set<String> TIME_FIELDS =
      Set.of("event_time", "received_at", "first_seen", "last_seen", "device_seen_at");

  /** The dataset; its schema as the tables read it ({@link #TIME_FIELDS} as timestamps). */
  public SqlDataset {
    schema = withTimes(schema, new java.util.HashMap<>());
  }

  /** The day's partition column, {@code YYYY-MM-DD}. */
  public static final String DT = "dt";

  /** The hour's partition column, {@code HH}, of the hourly datasets. */
  public static final String HR = "hr";

  /** The fields of the quarantine that analysts do not read: the original bytes (clear PII). */
  private static final Set<String> REJECT_CLEAR_BYTES = Set.of("body");

  /** Every published dataset, in the order of the chain. */
  public static final List<SqlDataset> ALL =
      List.of(
          new SqlDataset(
              "fates",
              FateCount.getClassSchema(),
              "fates",
              "fates/dt={dt}",
              "the clean run's count of one source and fate"),
          new SqlDataset(
              "rejects",
              withoutFields(
                  RejectRecord.getClassSchema(),
                  REJECT_CLEAR_BYTES,
                  "A record quarantined by a stage, and why. Its original bytes (body) are not"
                      + " a column: they may hold PII in the clear. The files are readable by"
                      + " their owner only (docs/product.md section 2): analysts read them through"
                      + " an engine that runs as the platform's user, or with a grant."),
              "rejects",
              "rejects/dt={dt}",
              "a quarantined record and why, without its original bytes"),
          new SqlDataset(
              "clean_events",
              CleanEvent.getClassSchema(),
              "clean",
              "clean/dt={dt}",
              "a clean event: validated, normalised, de-duplicated, PII hashed"),
          new SqlDataset(
              "id_assignments",
              IdAssignment.getClassSchema(),
              "graph",
              "graph/dt={dt}/" + DmpPaths.ASSIGNMENTS,
              "an identifier and the OneID of its person"),
          new SqlDataset(
              "id_merges",
              OneIdMerge.getClassSchema(),
              "graph",
              "graph/dt={dt}/" + DmpPaths.MERGES,
              "a retired OneID and its survivor"),
          new SqlDataset(
              "attributed_events",
              AttributedEvent.getClassSchema(),
              "attributed",
              "attributed/dt={dt}",
              "a clean event with its person's OneID"),
          new SqlDataset(
              "profiles",
              Profile.getClassSchema(),
              "profiles",
              "profiles/dt={dt}",
              "a person as of the day"),
          new SqlDataset(
              "reports",
              ReportRow.getClassSchema(),
              "reports",
              "reports/dt={dt}",
              "a daily aggregate by source, event type and campaign"),
          new SqlDataset(
              "hourly_activity",
              HourlyActivity.getClassSchema(),
              "hourly",
              "hourly/dt={dt}/hr={hr}",
              "what a person did in one hour, as dmp hourly counted it"));

  /** Whether the dataset is partitioned by hour as well as by day. */
  public boolean hourly() {
    return partition.contains("{" + HR + "}");
  }

  /** The partition columns, in order. */
  public List<String> partitionColumns() {
    return hourly() ? List.of(DT, HR) : List.of(DT);
  }

  /**
   * Whether the partitions are the {@code dt=...} directories right below the root, which an
   * engine's repair command (MSCK REPAIR TABLE) finds by itself.
   */
  public boolean discoverable() {
    return partition.equals(root + "/dt={dt}") || partition.equals(root + "/dt={dt}/hr={hr}");
  }

  /** The directory of a day's partition ({@code hour < 0}) or of one hour of it. */
  public Path partition(Path base, RunDate date, int hour) {
    String relative =
        partition
            .replace("{" + DT + "}", date.toString())
            .replace("{" + HR + "}", String.format("%02d", Math.max(hour, 0)));
    return new Path(base, relative);
  }

  /** The file name of the schema the table reads its columns with. */
  public String schemaFile() {
    return table + ".avsc";
  }

  /** {@code schema} with {@link #TIME_FIELDS} of type long as {@code timestamp-millis}. */
  private static Schema withTimes(Schema schema, java.util.Map<String, Schema> copied) {
    switch (schema.getType()) {
      case RECORD -> {
        Schema done = copied.get(schema.getFullName());
        if (done != null) {
          return done;
        }
        Schema copy =
            Schema.createRecord(
                schema.getName(), schema.getDoc(), schema.getNamespace(), schema.isError());
        copied.put(schema.getFullName(), copy);
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
          Schema type = withTimes(f.schema(), copied);
          if (TIME_FIELDS.contains(f.name()) && type.getType() == Schema.Type.LONG) {
            type = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
          }
          fields.add(new Schema.Field(f, type));
        }
        copy.setFields(fields);
        return copy;
      }
      case UNION -> {
        return Schema.createUnion(
            schema.getTypes().stream().map(t -> withTimes(t, copied)).toList());
      }
      case ARRAY -> {
        return Schema.createArray(withTimes(schema.getElementType(), copied));
      }
      case MAP -> {
        return Schema.createMap(withTimes(schema.getValueType(), copied));
      }
      default -> {
        return schema;
      }
    }
  }

  /** {@code record} without the named fields: a reader schema that leaves them unread. */
  static Schema withoutFields(Schema record, Set<String> dropped, String doc) {
    List<Schema.Field> kept = new ArrayList<>();
    for (Schema.Field f : record.getFields()) {
      if (!dropped.contains(f.name())) {
        kept.add(new Schema.Field(f, f.schema()));
      }
    }
    return Schema.createRecord(record.getName(), doc, record.getNamespace(), false, kept);
  }
}
