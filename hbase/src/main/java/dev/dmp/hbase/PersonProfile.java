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
 * @param revenue lifetime revenue, summed as sent
 * @param segments segments whose rule holds, sorted
 * @param tags interest tag to weight
 * @param attributes the other attributes (as_of, device_class, os, browser, top_geo) and windowed
 *     metrics ({@code events_7d:TYPE}, {@code revenue_30d}, ...)
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
    Map<String, String> attributes) {

  /** The identifiers as {@code type:value} strings, sorted by type then value. */
  public List<String> identifierStrings() {
    return identifiers.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + ":" + v))
        .toList();
  }
}
