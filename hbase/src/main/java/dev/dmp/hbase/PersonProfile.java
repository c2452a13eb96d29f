package dev.dmp.hbase;

import java.util.List;
import java.util.Map;

/**
 * A person as served from {@code dmp:profile}: what {@link DmpClient} returns and {@code dmp
 * lookup} prints. Identifiers are canonical ({@code type:value}, hashed where PII); times are
 * ISO-8601 instants.
 *
 * @param oneId the live OneID
 * @param identifiers type to canonical values
 * @param firstSeen earliest event, ISO-8601
 * @param lastSeen latest event, ISO-8601
 * @param events event type to lifetime count
 * @param revenue lifetime revenue, in the reporting currency (dmp.report.currency)
 * @param segments segments whose rule holds, sorted
 * @param tags interest tag to weight
 * @param attributes the other attributes (as_of, device_class, os, browser, top_geo) and windowed
 *     metrics ({@code events_7d:TYPE}, {@code revenue_30d}, ...)
 * @param recent activity since {@code as_of}, from the hourly runs not yet replaced by a daily one
 * @param live today's figures from the stream job, until the day is loaded
 */
public record PersonProfile(
    String oneId,
    Map<String, List<String>> identifiers,
    String firstSeen,
    String lastSeen,
    Map<String, Long> events,
    double revenue,
    List<String> segments,
    Map<String, Double> tags,
    Map<String, String> attributes,
    Recent recent,
    Live live) {

  /**
   * What the stream job counted of a person on a day after the profile's last loaded day: the
   * newest such day's figures, each an absolute value the job rewrites as events arrive. The daily
   * run of that day replaces them.
   *
   * @param date the day, YYYY-MM-DD; null for {@link #NONE}
   * @param events event type to count
   * @param revenue revenue, in the reporting currency
   * @param segments the segments entered live that day (the daily run decides who leaves)
   */
  public record Live(String date, Map<String, Long> events, double revenue, List<String> segments) {
    public static final Live NONE = new Live(null, Map.of(), 0, List.of());

    public boolean isEmpty() {
      return date == null;
    }
  }

  /**
   * What the hourly runs saw of a person after the day of the profile's last daily run. The daily
   * run of a day replaces that day's hourly figures: they are counted in the lifetime metrics then.
   *
   * @param hours the hours counted, {@code YYYY-MM-DDTHH}, sorted
   * @param events event type to count
   * @param revenue revenue, in the reporting currency
   */
  public record Recent(List<String> hours, Map<String, Long> events, double revenue) {
    public static final Recent NONE = new Recent(List.of(), Map.of(), 0);

    public boolean isEmpty() {
      return hours.isEmpty();
    }
  }

  /** The identifiers as {@code type:value} strings, sorted by type then value. */
  public List<String> identifierStrings() {
    return identifiers.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + ":" + v))
        .toList();
  }
}
