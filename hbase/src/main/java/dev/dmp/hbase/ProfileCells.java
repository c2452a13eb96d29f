package dev.dmp.hbase;

import static dev.dmp.hbase.DmpTables.Profile.HOURLY;
import static dev.dmp.hbase.DmpTables.Profile.IDENTIFIERS;
import static dev.dmp.hbase.DmpTables.Profile.LIVE;
import static dev.dmp.hbase.DmpTables.Profile.PROFILE;

import dev.dmp.avro.Profile;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The codec of a {@code dmp:profile} row: an Avro {@link Profile} to cells, a {@link Result} back
 * to a {@link PersonProfile}. Every value is a printable string (numbers in plain decimal, times in
 * ISO-8601), so that {@code get 'dmp:profile', ROW} in the HBase shell reads as it is.
 *
 * <ul>
 *   <li>{@code i:<type>}: the canonical values of that type, comma-separated;
 *   <li>{@code p:first_seen, p:last_seen, p:as_of, p:device_class, p:os, p:browser, p:top_geo};
 *   <li>{@code p:events:<type>, p:events_7d:<type>, p:events_30d:<type>, p:revenue, p:revenue_7d,
 *       p:revenue_30d};
 *   <li>{@code p:tag:<tag>}: the tag's weight;
 *   <li>{@code p:segment:<segment>}: "1";
 *   <li>{@code h:<date>:<hour>:events:<type>, h:<date>:<hour>:revenue}: one hour's activity,
 *       written by the hourly runs (see {@link #hourCells});
 *   <li>{@code l:<date>:events:<type>, l:<date>:revenue, l:<date>:segments}: today's figures of the
 *       stream job (see {@link #liveCells}).
 * </ul>
 */
public final class ProfileCells {

  public static final String FIRST_SEEN = "first_seen";
  public static final String LAST_SEEN = "last_seen";
  public static final String AS_OF = "as_of";
  public static final String EVENTS = "events:";
  public static final String EVENTS_7D = "events_7d:";
  public static final String EVENTS_30D = "events_30d:";
  public static final String REVENUE = "revenue";
  public static final String TAG = "tag:";
  public static final String SEGMENT = "segment:";

  private static final byte[] MEMBER = Bytes.toBytes("1");

  private ProfileCells() {}

  /** The cells of {@code p}'s row, all stamped {@code ts}, in no particular order. */
  public static void encode(Profile p, byte[] row, long ts, Consumer<KeyValue> sink) {
    Cells c = new Cells(row, ts, sink);
    for (Map.Entry<String, List<String>> e : p.getIdentifiers().entrySet()) {
      c.put(IDENTIFIERS, e.getKey(), String.join(",", e.getValue()));
    }
    c.put(PROFILE, FIRST_SEEN, Instant.ofEpochMilli(p.getFirstSeen()).toString());
    c.put(PROFILE, LAST_SEEN, Instant.ofEpochMilli(p.getLastSeen()).toString());
    c.put(PROFILE, AS_OF, p.getAsOf());
    c.putIfSet(PROFILE, "device_class", p.getDeviceClass());
    c.putIfSet(PROFILE, "os", p.getOs());
    c.putIfSet(PROFILE, "browser", p.getBrowser());
    c.putIfSet(PROFILE, "top_geo", p.getTopGeo());
    counts(c, EVENTS, p.getEvents());
    counts(c, EVENTS_7D, p.getEvents7d());
    counts(c, EVENTS_30D, p.getEvents30d());
    c.put(PROFILE, REVENUE, decimal(p.getRevenue()));
    c.put(PROFILE, "revenue_7d", decimal(p.getRevenue7d()));
    c.put(PROFILE, "revenue_30d", decimal(p.getRevenue30d()));
    for (Map.Entry<String, Double> t : p.getTags().entrySet()) {
      c.put(PROFILE, TAG + t.getKey(), decimal(t.getValue()));
    }
    for (String s : p.getSegments()) {
      sink.accept(new KeyValue(row, PROFILE, Bytes.toBytes(SEGMENT + s), ts, MEMBER));
    }
  }

  /**
   * The cells of one person's activity in one hour, stamped {@code ts}: {@code
   * h:<date>:<hour>:events:<type>} with each count and {@code h:<date>:<hour>:revenue}.
   *
   * @param date the day, YYYY-MM-DD
   * @param hour 0-23
   */
  public static void hourCells(
      byte[] row,
      String date,
      int hour,
      Map<String, Long> events,
      double revenue,
      long ts,
      Consumer<KeyValue> sink) {
    Cells c = new Cells(row, ts, sink);
    String prefix = hourPrefix(date, hour);
    for (Map.Entry<String, Long> e : events.entrySet()) {
      c.put(HOURLY, prefix + EVENTS + e.getKey(), Long.toString(e.getValue()));
    }
    c.put(HOURLY, prefix + REVENUE, decimal(revenue));
  }

  /** {@code l:<date>:segments}: the segments entered live, comma-separated. */
  public static final String SEGMENTS_LIVE = "segments";

  /**
   * The cells of one person's figures of one day as the stream job counts them, stamped {@code ts}:
   * {@code l:<date>:events:<type>}, {@code l:<date>:revenue} and {@code l:<date>:segments}. Every
   * value is the day's total so far, so writing them again changes nothing.
   */
  public static void liveCells(
      byte[] row,
      String date,
      Map<String, Long> events,
      double revenue,
      List<String> segments,
      long ts,
      Consumer<KeyValue> sink) {
    Cells c = new Cells(row, ts, sink);
    String prefix = date + ":";
    for (Map.Entry<String, Long> e : events.entrySet()) {
      c.put(LIVE, prefix + EVENTS + e.getKey(), Long.toString(e.getValue()));
    }
    c.put(LIVE, prefix + REVENUE, decimal(revenue));
    c.put(LIVE, prefix + SEGMENTS_LIVE, String.join(",", segments));
  }

  /** The qualifiers of {@link #hourCells} for the given event types. */
  public static List<byte[]> hourQualifiers(String date, int hour, Iterable<String> eventTypes) {
    String prefix = hourPrefix(date, hour);
    List<byte[]> out = new ArrayList<>();
    for (String type : eventTypes) {
      out.add(Bytes.toBytes(prefix + EVENTS + type));
    }
    out.add(Bytes.toBytes(prefix + REVENUE));
    return out;
  }

  /** {@code 2026-11-21:09:} */
  private static String hourPrefix(String date, int hour) {
    return String.format("%s:%02d:", date, hour);
  }

  private static void counts(Cells c, String prefix, Map<String, Long> counts) {
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      c.put(PROFILE, prefix + e.getKey(), Long.toString(e.getValue()));
    }
  }

  /** Plain decimal, at most six decimal places, no exponent: {@code 12.5}, {@code 0.000123}. */
  public static String decimal(double d) {
    return BigDecimal.valueOf(d)
        .setScale(6, java.math.RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** The person of a profile row; the row must not be empty. */
  public static PersonProfile decode(Result r) {
    String oneId = DmpTables.Profile.oneId(Bytes.toString(r.getRow()));
    Map<String, Map<String, String>> cells = byFamily(r);
    Map<String, List<String>> ids = new TreeMap<>();
    family(cells, IDENTIFIERS).forEach((q, v) -> ids.put(q, Arrays.asList(v.split(","))));
    Map<String, String> attributes = new TreeMap<>();
    Map<String, Long> events = new TreeMap<>();
    double revenue = 0;
    Map<String, Double> tags = new TreeMap<>();
    List<String> segments = new ArrayList<>();
    for (Map.Entry<String, String> m : family(cells, PROFILE).entrySet()) {
      String q = m.getKey();
      if (q.startsWith(EVENTS)) {
        events.put(q.substring(EVENTS.length()), Long.parseLong(m.getValue()));
      } else if (q.equals(REVENUE)) {
        revenue = Double.parseDouble(m.getValue());
      } else if (q.startsWith(TAG)) {
        tags.put(q.substring(TAG.length()), Double.parseDouble(m.getValue()));
      } else if (q.startsWith(SEGMENT)) {
        segments.add(q.substring(SEGMENT.length()));
      } else {
        attributes.put(q, m.getValue());
      }
    }
    PersonProfile.Recent recent = recent(family(cells, HOURLY), attributes.get(AS_OF));
    PersonProfile.Live live = live(family(cells, LIVE), attributes.get(AS_OF));
    return new PersonProfile(
        oneId,
        ids,
        attributes.remove(FIRST_SEEN),
        attributes.remove(LAST_SEEN),
        events,
        revenue,
        segments,
        tags,
        attributes,
        recent,
        live);
  }

  /**
   * The live cells of the newest day after {@code asOf} (of any day when the person has no daily
   * profile yet): a day that is loaded is in the lifetime metrics.
   */
  private static PersonProfile.Live live(Map<String, String> cells, String asOf) {
    String newest = null;
    for (String q : cells.keySet()) { // <date>:<metric>; dates compare as strings (ISO-8601)
      String date = q.substring(0, Math.min(10, q.length()));
      if ((asOf == null || date.compareTo(asOf) > 0)
          && (newest == null || date.compareTo(newest) > 0)) {
        newest = date;
      }
    }
    if (newest == null) {
      return PersonProfile.Live.NONE;
    }
    Map<String, Long> events = new TreeMap<>();
    double revenue = 0;
    List<String> segments = List.of();
    String prefix = newest + ":";
    for (Map.Entry<String, String> cell : cells.entrySet()) {
      if (!cell.getKey().startsWith(prefix)) {
        continue;
      }
      String metric = cell.getKey().substring(prefix.length());
      if (metric.startsWith(EVENTS)) {
        events.put(metric.substring(EVENTS.length()), Long.parseLong(cell.getValue()));
      } else if (metric.equals(REVENUE)) {
        revenue = Double.parseDouble(cell.getValue());
      } else if (metric.equals(SEGMENTS_LIVE) && !cell.getValue().isEmpty()) {
        segments = List.of(cell.getValue().split(","));
      }
    }
    return new PersonProfile.Live(newest, events, revenue, segments);
  }

  /**
   * The hourly cells of the days after {@code asOf} (all of them when the person has no daily
   * profile yet), summed. Cells of {@code asOf} and earlier are already in the lifetime metrics.
   */
  private static PersonProfile.Recent recent(Map<String, String> hourly, String asOf) {
    if (hourly.isEmpty()) {
      return PersonProfile.Recent.NONE;
    }
    SortedSet<String> hours = new TreeSet<>();
    Map<String, Long> events = new TreeMap<>();
    double revenue = 0;
    for (Map.Entry<String, String> cell : hourly.entrySet()) {
      // <date>:<hour>:<metric>; dates compare as strings (ISO-8601).
      String q = cell.getKey();
      String date = q.substring(0, 10);
      if (asOf != null && date.compareTo(asOf) <= 0) {
        continue;
      }
      hours.add(date + "T" + q.substring(11, 13));
      String metric = q.substring(14);
      if (metric.startsWith(EVENTS)) {
        events.merge(metric.substring(EVENTS.length()), Long.parseLong(cell.getValue()), Long::sum);
      } else if (metric.equals(REVENUE)) {
        revenue += Double.parseDouble(cell.getValue());
      }
    }
    return hours.isEmpty()
        ? PersonProfile.Recent.NONE
        : new PersonProfile.Recent(List.copyOf(hours), events, revenue);
  }

  /**
   * The cells of a row by family, each qualifier to its newest value, in one pass over the cells:
   * the nested maps {@code Result.getFamilyMap} builds cost more than the decoding itself.
   */
  private static Map<String, Map<String, String>> byFamily(Result r) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (Cell c : r.rawCells()) {
      out.computeIfAbsent(
              Bytes.toString(c.getFamilyArray(), c.getFamilyOffset(), c.getFamilyLength()),
              f -> new TreeMap<>())
          .putIfAbsent(
              Bytes.toString(c.getQualifierArray(), c.getQualifierOffset(), c.getQualifierLength()),
              Bytes.toString(c.getValueArray(), c.getValueOffset(), c.getValueLength()));
    }
    return out;
  }

  private static Map<String, String> family(Map<String, Map<String, String>> cells, byte[] family) {
    return cells.getOrDefault(Bytes.toString(family), Map.of());
  }

  /** Puts of one row and timestamp. */
  private record Cells(byte[] row, long ts, Consumer<KeyValue> sink) {
    void put(byte[] family, String qualifier, String value) {
      sink.accept(new KeyValue(row, family, Bytes.toBytes(qualifier), ts, Bytes.toBytes(value)));
    }

    void putIfSet(byte[] family, String qualifier, CharSequence value) {
      if (value != null) {
        put(family, qualifier, value.toString());
      }
    }
  }
}
