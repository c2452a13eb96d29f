package dev.dmp.core.profile;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.DayActivity;
import dev.dmp.avro.Profile;
import dev.dmp.core.money.Amounts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A person's day as the stream sees it, event by event: today's profile (the day's events alone,
 * folded by {@link ProfileBuilder}, so that at the day's end it is what the daily run builds from
 * the same events), and the segments of the last loaded profile plus today. Plain Java, no Flink or
 * HBase types; not thread-safe (segment rules count their errors).
 */
public final class LiveProfiles {

  private static final SegmentRules NO_RULES = SegmentRules.parse("");

  private final Taxonomy taxonomy;
  private final double halfLifeDays;
  private final String currency;
  private final SegmentRules rules;

  /**
   * @param currency the reporting currency: every converted amount is in it
   */
  public LiveProfiles(Taxonomy taxonomy, double halfLifeDays, String currency, SegmentRules rules) {
    this.taxonomy = taxonomy;
    this.halfLifeDays = halfLifeDays;
    this.currency = currency;
    this.rules = rules;
  }

  /**
   * Today's profile with one more event.
   *
   * @param today the day's profile so far, or null for the person's first event of the day
   */
  public Profile add(String oneId, LocalDate day, Profile today, CleanEvent event) {
    ProfileBuilder b = new ProfileBuilder(oneId, day, taxonomy, halfLifeDays, currency);
    if (today != null) {
      b.add(today);
    }
    b.add(event);
    return b.build(NO_RULES);
  }

  /**
   * The segments whose rule holds for the person's last loaded profile plus today's, sorted: what
   * the daily run would decide if the day ended now, but for what a window loses today (see {@link
   * #snapshotOf}).
   *
   * @param loaded the person's profile as last loaded, or null for a person without one
   */
  public List<String> segments(String oneId, LocalDate day, Profile loaded, Profile today) {
    ProfileBuilder b = new ProfileBuilder(oneId, day, taxonomy, halfLifeDays, currency);
    if (loaded != null) {
      b.add(loaded);
    }
    b.add(today);
    return b.build(rules).getSegments();
  }

  /** The segments entered live: those of {@code now} not in {@code loaded}, sorted. */
  public static List<String> entered(List<String> loaded, List<String> now) {
    List<String> out = new ArrayList<>(now);
    out.removeAll(loaded);
    return out;
  }

  /** The evaluation errors of the segment rules so far, by rule. */
  public java.util.Map<String, Long> ruleErrors() {
    return rules.errors();
  }

  /**
   * A person's profile as served (the cells of the last load), which hold totals and windows but
   * not the per-day activity the windows are made of.
   *
   * @param asOf the day it was built for, YYYY-MM-DD
   * @param events7d event counts of the 7 days up to {@code asOf}
   * @param events30d event counts of the 30 days up to {@code asOf}
   */
  public record Loaded(
      String oneId,
      String asOf,
      Map<String, List<String>> identifiers,
      long firstSeen,
      long lastSeen,
      Map<String, Long> events,
      Map<String, Long> events7d,
      Map<String, Long> events30d,
      BigDecimal revenue,
      BigDecimal revenue7d,
      BigDecimal revenue30d,
      Map<String, Double> tags,
      String deviceClass,
      String os,
      String browser,
      String topGeo,
      List<String> segments) {}

  /**
   * A served profile as a snapshot {@link ProfileBuilder} can add to today's: its 7-day figures
   * stand as activity of its own day, and the rest of its 30-day figures as activity of the day
   * eight days before, so that as of a later day they stay in the same windows. What leaves a
   * window between the loaded day and today is still counted (the daily run, which has the days,
   * drops it): a live segment can be entered on a window that has just lost a day, never left.
   */
  public static Profile snapshotOf(Loaded l, String currency) {
    LocalDate asOf = LocalDate.parse(l.asOf());
    List<DayActivity> days = new ArrayList<>();
    days(days, asOf, l.events7d(), scaled(l.revenue7d()));
    Map<String, Long> older = new TreeMap<>();
    l.events30d().forEach((type, n) -> older.put(type, n - l.events7d().getOrDefault(type, 0L)));
    days(days, asOf.minusDays(7), older, scaled(l.revenue30d().subtract(l.revenue7d())));
    long total = l.events().values().stream().mapToLong(Long::longValue).sum();
    return Profile.newBuilder()
        .setOneId(l.oneId())
        .setAsOf(l.asOf())
        .setIdentifiers(new TreeMap<>(l.identifiers()))
        .setFirstSeen(l.firstSeen())
        .setLastSeen(l.lastSeen())
        .setEvents(new TreeMap<>(l.events()))
        .setEvents7d(new TreeMap<>(l.events7d()))
        .setEvents30d(new TreeMap<>(l.events30d()))
        .setRevenue(l.revenue().doubleValue())
        .setRevenue7d(l.revenue7d().doubleValue())
        .setRevenue30d(l.revenue30d().doubleValue())
        .setCurrency(currency)
        .setRevenueAmount(scaled(l.revenue()))
        .setRevenue7dAmount(scaled(l.revenue7d()))
        .setRevenue30dAmount(scaled(l.revenue30d()))
        .setDays(days)
        .setDeviceClass(l.deviceClass())
        .setOs(l.os())
        .setBrowser(l.browser())
        .setDeviceSeenAt(l.deviceClass() == null ? 0 : l.lastSeen())
        .setDeviceEventId("")
        .setGeo(l.topGeo() == null ? new TreeMap<>() : new TreeMap<>(Map.of(l.topGeo(), total)))
        .setTopGeo(l.topGeo())
        .setTags(new TreeMap<>(l.tags()))
        .setSegments(new ArrayList<>(l.segments()))
        .build();
  }

  private static BigDecimal scaled(BigDecimal amount) {
    return amount.setScale(Amounts.ZERO.scale(), java.math.RoundingMode.HALF_EVEN);
  }

  /** One day's activity per event type; the amount goes with the first type (windows sum it). */
  private static void days(
      List<DayActivity> out, LocalDate day, Map<String, Long> counts, BigDecimal amount) {
    boolean first = true;
    for (Map.Entry<String, Long> c : new TreeMap<>(counts).entrySet()) {
      if (c.getValue() <= 0 && !(first && amount.signum() > 0)) {
        continue;
      }
      BigDecimal a = first ? amount : Amounts.ZERO;
      first = false;
      out.add(
          DayActivity.newBuilder()
              .setDay(day.toString())
              .setEventType(c.getKey())
              .setCount(Math.max(0, c.getValue()))
              .setRevenue(a.doubleValue())
              .setAmount(a)
              .build());
    }
  }
}
