package dev.dmp.core.profile;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.DayActivity;
import dev.dmp.avro.Profile;
import dev.dmp.core.money.Amounts;
import dev.dmp.core.money.ExchangeRates;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds one person's profile as of a day from previous snapshots and events, one at a time, so
 * that a reducer never holds a person's events. Everything is kept in a form that adds up the same
 * whatever the order and grouping (per-day activity buckets, tag weights decayed by each event's
 * day), so a profile built day by day equals one recomputed from all the days at once. Plain Java,
 * no Hadoop types.
 */
public final class ProfileBuilder {

  /** Days of per-day activity kept: the longest window. */
  static final int WINDOW_DAYS = 30;

  private final String oneId;
  private final LocalDate asOf;
  private final Taxonomy taxonomy;
  private final double halfLifeDays;
  private final String currency;

  private final Map<String, TreeSet<String>> identifiers = new TreeMap<>();
  private long firstSeen = Long.MAX_VALUE;
  private long lastSeen = Long.MIN_VALUE;
  private final Map<String, Long> events = new TreeMap<>();
  private BigDecimal revenue = Amounts.ZERO;
  private final Map<String, DayTotal> days = new TreeMap<>(); // "day|type"
  private String deviceClass;
  private String os;
  private String browser;
  private long deviceSeenAt = Long.MIN_VALUE;
  private String deviceEventId = "";
  private final Map<String, Long> geo = new TreeMap<>();
  private final Map<String, Double> tags = new TreeMap<>();

  /** Events and money of one day and event type. */
  private static final class DayTotal {
    long count;
    BigDecimal amount = Amounts.ZERO;
  }

  /**
   * @param currency the reporting currency: every amount added must be in it
   */
  public ProfileBuilder(
      String oneId, LocalDate asOf, Taxonomy taxonomy, double halfLifeDays, String currency) {
    this.oneId = oneId;
    this.asOf = asOf;
    this.taxonomy = taxonomy;
    this.halfLifeDays = halfLifeDays;
    this.currency = currency;
  }

  /** A builder in the default reporting currency. */
  public ProfileBuilder(String oneId, LocalDate asOf, Taxonomy taxonomy, double halfLifeDays) {
    this(oneId, asOf, taxonomy, halfLifeDays, ExchangeRates.DEFAULT_REPORT_CURRENCY);
  }

  /** Adds a previous snapshot (of this person, or of one merged into it). */
  public void add(Profile p) {
    p.getIdentifiers()
        .forEach(
            (type, values) ->
                identifiers.computeIfAbsent(type, t -> new TreeSet<>()).addAll(values));
    firstSeen = Math.min(firstSeen, p.getFirstSeen());
    lastSeen = Math.max(lastSeen, p.getLastSeen());
    p.getEvents().forEach((type, n) -> events.merge(type, n, Long::sum));
    // A profile written before amounts were converted (no currency) summed revenue as sent: its
    // doubles are taken as they are, in the reporting currency.
    boolean converted = p.getCurrency() != null;
    if (converted && !p.getCurrency().equals(currency)) {
      throw new IllegalStateException(
          "the profile of "
              + p.getOneId()
              + " of "
              + p.getAsOf()
              + " is in "
              + p.getCurrency()
              + ", not in the reporting currency "
              + currency
              + " ("
              + ExchangeRates.REPORT_CURRENCY
              + " changed): its amounts cannot be added to today's");
    }
    revenue = revenue.add(converted ? p.getRevenueAmount() : Amounts.cents(p.getRevenue()));
    for (DayActivity d : p.getDays()) {
      DayTotal a = days.computeIfAbsent(d.getDay() + "|" + d.getEventType(), k -> new DayTotal());
      a.count += d.getCount();
      a.amount =
          a.amount.add(d.getAmount() != null ? d.getAmount() : Amounts.cents(d.getRevenue()));
    }
    if (p.getDeviceSeenAt() > 0) {
      device(
          p.getDeviceSeenAt(), p.getDeviceEventId(), p.getDeviceClass(), p.getOs(), p.getBrowser());
    }
    p.getGeo().forEach((g, n) -> geo.merge(g, n, Long::sum));
    double decay = decay(ChronoUnit.DAYS.between(LocalDate.parse(p.getAsOf()), asOf));
    p.getTags().forEach((tag, w) -> tags.merge(tag, w * decay, Double::sum));
  }

  /** Adds one attributed event. */
  public void add(CleanEvent e) {
    e.getIds()
        .forEach(
            (type, value) -> identifiers.computeIfAbsent(type, t -> new TreeSet<>()).add(value));
    long t = e.getEventTime();
    firstSeen = Math.min(firstSeen, t);
    lastSeen = Math.max(lastSeen, t);
    events.merge(e.getEventType(), 1L, Long::sum);
    BigDecimal r = Amounts.of(e, currency);
    revenue = revenue.add(r);
    LocalDate day = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).toLocalDate();
    DayTotal a = days.computeIfAbsent(day + "|" + e.getEventType(), k -> new DayTotal());
    a.count++;
    a.amount = a.amount.add(r);
    if (e.getDeviceClass() != null) {
      device(t, e.getEventId(), e.getDeviceClass(), e.getOs(), e.getBrowser());
    }
    if (e.getGeo() != null && e.getGeo().getCountry() != null) {
      String g =
          e.getGeo().getCountry()
              + (e.getGeo().getCity() == null ? "" : "/" + e.getGeo().getCity());
      geo.merge(g, 1L, Long::sum);
    }
    String tag = taxonomy.tag(e.getUrl());
    if (tag != null) {
      tags.merge(tag, decay(ChronoUnit.DAYS.between(day, asOf)), Double::sum);
    }
  }

  private void device(long seenAt, String eventId, String deviceClass, String os, String browser) {
    if (seenAt > deviceSeenAt || (seenAt == deviceSeenAt && eventId.compareTo(deviceEventId) > 0)) {
      this.deviceSeenAt = seenAt;
      this.deviceEventId = eventId;
      this.deviceClass = deviceClass;
      this.os = os;
      this.browser = browser;
    }
  }

  private double decay(long ageDays) {
    return Math.pow(0.5, Math.max(0, ageDays) / halfLifeDays);
  }

  /** Whether anything was added. */
  public boolean isEmpty() {
    return firstSeen == Long.MAX_VALUE;
  }

  /** The profile as of the day, with its windows and segments. */
  public Profile build(SegmentRules rules) {
    LocalDate oldestKept = asOf.minusDays(WINDOW_DAYS - 1L);
    LocalDate weekStart = asOf.minusDays(6);
    List<DayActivity> kept = new ArrayList<>();
    Map<String, Long> events7 = new TreeMap<>();
    Map<String, Long> events30 = new TreeMap<>();
    BigDecimal revenue7 = Amounts.ZERO;
    BigDecimal revenue30 = Amounts.ZERO;
    for (Map.Entry<String, DayTotal> d : days.entrySet()) {
      int bar = d.getKey().indexOf('|');
      LocalDate day = LocalDate.parse(d.getKey().substring(0, bar));
      if (day.isBefore(oldestKept)) {
        continue;
      }
      String type = d.getKey().substring(bar + 1);
      long count = d.getValue().count;
      BigDecimal amount = d.getValue().amount;
      kept.add(
          DayActivity.newBuilder()
              .setDay(day.toString())
              .setEventType(type)
              .setCount(count)
              .setRevenue(amount.doubleValue())
              .setAmount(amount)
              .build());
      if (!day.isAfter(asOf)) {
        events30.merge(type, count, Long::sum);
        revenue30 = revenue30.add(amount);
        if (!day.isBefore(weekStart)) {
          events7.merge(type, count, Long::sum);
          revenue7 = revenue7.add(amount);
        }
      }
    }
    Map<String, List<String>> ids = new TreeMap<>();
    identifiers.forEach((type, values) -> ids.put(type, new ArrayList<>(values)));
    String topGeo = null;
    long topCount = 0;
    for (Map.Entry<String, Long> g : geo.entrySet()) { // sorted: ties go to the smallest
      if (g.getValue() > topCount) {
        topGeo = g.getKey();
        topCount = g.getValue();
      }
    }
    Profile p =
        Profile.newBuilder()
            .setOneId(oneId)
            .setAsOf(asOf.toString())
            .setIdentifiers(ids)
            .setFirstSeen(firstSeen)
            .setLastSeen(lastSeen)
            .setEvents(new TreeMap<>(events))
            .setEvents7d(events7)
            .setEvents30d(events30)
            .setRevenue(revenue.doubleValue())
            .setRevenue7d(revenue7.doubleValue())
            .setRevenue30d(revenue30.doubleValue())
            .setCurrency(currency)
            .setRevenueAmount(revenue)
            .setRevenue7dAmount(revenue7)
            .setRevenue30dAmount(revenue30)
            .setDays(kept)
            .setDeviceClass(deviceClass)
            .setOs(os)
            .setBrowser(browser)
            .setDeviceSeenAt(deviceSeenAt == Long.MIN_VALUE ? 0 : deviceSeenAt)
            .setDeviceEventId(deviceEventId)
            .setGeo(new TreeMap<>(geo))
            .setTopGeo(topGeo)
            .setTags(new TreeMap<>(tags))
            .setSegments(List.of())
            .build();
    p.setSegments(rules.evaluate(variables(p)));
    return p;
  }

  /** The variables segment rules see (documented in conf/segments.properties). */
  Map<String, Object> variables(Profile p) {
    return variables(p, asOf);
  }

  /** The variables segment rules see of profile {@code p} on day {@code asOf}. */
  static Map<String, Object> variables(Profile p, LocalDate asOf) {
    Map<String, Object> v = new HashMap<>();
    v.put("events", sum(p.getEvents()));
    v.put("events_7d", sum(p.getEvents7d()));
    v.put("events_30d", sum(p.getEvents30d()));
    v.put("count", zeroMap(p.getEvents(), 0L));
    v.put("count_7d", zeroMap(p.getEvents7d(), 0L));
    v.put("count_30d", zeroMap(p.getEvents30d(), 0L));
    v.put("revenue", p.getRevenue());
    v.put("revenue_7d", p.getRevenue7d());
    v.put("revenue_30d", p.getRevenue30d());
    v.put("tags", zeroMap(p.getTags(), 0.0));
    v.put("device_class", nonNull(p.getDeviceClass()));
    v.put("os", nonNull(p.getOs()));
    v.put("browser", nonNull(p.getBrowser()));
    String top = nonNull(p.getTopGeo());
    int slash = top.indexOf('/');
    v.put("country", slash < 0 ? top : top.substring(0, slash));
    v.put("city", slash < 0 ? "" : top.substring(slash + 1));
    v.put("days_since_last_seen", daysBefore(p.getLastSeen(), asOf));
    v.put("days_since_first_seen", daysBefore(p.getFirstSeen(), asOf));
    v.put("identifier_types", (long) p.getIdentifiers().size());
    return v;
  }

  private static long daysBefore(long millis, LocalDate asOf) {
    return ChronoUnit.DAYS.between(
        Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate(), asOf);
  }

  private static <V> SegmentRules.ZeroMap<V> zeroMap(Map<String, V> m, V zero) {
    SegmentRules.ZeroMap<V> z = new SegmentRules.ZeroMap<>(zero);
    z.putAll(m);
    return z;
  }

  private static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
