package dev.dmp.hbase;

import dev.dmp.avro.Profile;
import dev.dmp.avro.ReportRow;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The cells each table holds for a person or a report row: what the load jobs write into HFiles. A
 * day's snapshot is {@link #puts} of every live person; the previous snapshot's rows get {@link
 * #deletes} (family-delete markers just below the day's timestamp), so that a person merged away,
 * erased, or gone from a segment leaves nothing behind, while every row the day rewrites shows the
 * day's cells.
 */
public final class TableCells {

  private TableCells() {}

  /** The cells of person {@code p} in {@code table}, stamped {@code ts}. */
  public static void puts(
      TableName table, Profile p, int saltBuckets, long ts, Consumer<KeyValue> sink) {
    if (table.equals(DmpTables.Profile.NAME)) {
      ProfileCells.encode(
          p, Bytes.toBytes(DmpTables.Profile.rowKey(p.getOneId(), saltBuckets)), ts, sink);
    } else if (table.equals(DmpTables.IdIndex.NAME)) {
      byte[] oneId = Bytes.toBytes(p.getOneId());
      forEachIdentifier(
          p,
          row ->
              sink.accept(
                  new KeyValue(
                      row,
                      DmpTables.IdIndex.ONE_ID,
                      DmpTables.IdIndex.ONE_ID_QUALIFIER,
                      ts,
                      oneId)));
    } else if (table.equals(DmpTables.Segment.NAME)) {
      byte[] oneId = Bytes.toBytes(p.getOneId());
      for (String s : p.getSegments()) {
        byte[] row = Bytes.toBytes(DmpTables.Segment.rowKey(s, p.getOneId(), saltBuckets));
        sink.accept(
            new KeyValue(
                row, DmpTables.Segment.MEMBER, DmpTables.Segment.ONE_ID_QUALIFIER, ts, oneId));
      }
    }
  }

  /**
   * Family-delete markers at {@code ts} for every row person {@code p} occupies in {@code table}.
   */
  public static void deletes(
      TableName table, Profile p, int saltBuckets, long ts, Consumer<KeyValue> sink) {
    if (table.equals(DmpTables.Profile.NAME)) {
      byte[] row = Bytes.toBytes(DmpTables.Profile.rowKey(p.getOneId(), saltBuckets));
      for (byte[] family : DmpTables.Profile.FAMILIES) {
        sink.accept(deleteFamily(row, family, ts));
      }
    } else if (table.equals(DmpTables.IdIndex.NAME)) {
      forEachIdentifier(p, row -> sink.accept(deleteFamily(row, DmpTables.IdIndex.ONE_ID, ts)));
    } else if (table.equals(DmpTables.Segment.NAME)) {
      for (String s : p.getSegments()) {
        byte[] row = Bytes.toBytes(DmpTables.Segment.rowKey(s, p.getOneId(), saltBuckets));
        sink.accept(deleteFamily(row, DmpTables.Segment.MEMBER, ts));
      }
    }
  }

  /** The id-index row sending a retired OneID to the person it was merged into. */
  public static void redirect(
      String retired, String survivor, String mergedOn, long ts, Consumer<KeyValue> sink) {
    byte[] row = Bytes.toBytes(DmpTables.IdIndex.rowKey(DmpTables.IdIndex.ONE_ID_TYPE, retired));
    sink.accept(
        new KeyValue(
            row,
            DmpTables.IdIndex.ONE_ID,
            DmpTables.IdIndex.ONE_ID_QUALIFIER,
            ts,
            Bytes.toBytes(survivor)));
    sink.accept(
        new KeyValue(
            row,
            DmpTables.IdIndex.ONE_ID,
            DmpTables.IdIndex.MERGED_ON_QUALIFIER,
            ts,
            Bytes.toBytes(mergedOn)));
  }

  /** A delete marker at {@code ts} for a retired OneID's redirect. */
  public static void deleteRedirect(String retired, long ts, Consumer<KeyValue> sink) {
    sink.accept(
        deleteFamily(
            Bytes.toBytes(DmpTables.IdIndex.rowKey(DmpTables.IdIndex.ONE_ID_TYPE, retired)),
            DmpTables.IdIndex.ONE_ID,
            ts));
  }

  /** A daily report row: {@code r:events}, {@code r:revenue}, {@code r:people}. */
  public static void report(ReportRow r, long ts, Consumer<KeyValue> sink) {
    byte[] row =
        Bytes.toBytes(
            DmpTables.Report.rowKey(r.getDate(), r.getSource(), r.getEventType(), r.getCampaign()));
    byte[] f = DmpTables.Report.AGGREGATES;
    sink.accept(
        new KeyValue(
            row, f, DmpTables.Report.EVENTS, ts, Bytes.toBytes(Long.toString(r.getEvents()))));
    sink.accept(
        new KeyValue(
            row,
            f,
            DmpTables.Report.REVENUE,
            ts,
            Bytes.toBytes(ProfileCells.decimal(r.getRevenue()))));
    sink.accept(
        new KeyValue(
            row,
            f,
            DmpTables.Report.PEOPLE,
            ts,
            Bytes.toBytes(Long.toString(Math.round(r.getPeople())))));
  }

  private static void forEachIdentifier(Profile p, Consumer<byte[]> rows) {
    for (Map.Entry<String, List<String>> e : p.getIdentifiers().entrySet()) {
      for (String v : e.getValue()) {
        rows.accept(Bytes.toBytes(DmpTables.IdIndex.rowKey(e.getKey(), v)));
      }
    }
  }

  private static KeyValue deleteFamily(byte[] row, byte[] family, long ts) {
    return new KeyValue(row, family, null, ts, KeyValue.Type.DeleteFamily);
  }
}
