package dev.dmp.mapreduce.testing;

import dev.dmp.core.RunDate;

/** Hand-made events in the collector format (docs/product.md section 1), one JSON line each. */
public final class JsonEvents {

  private JsonEvents() {}

  /**
   * An event at minute 15 of {@code hour} of {@code date}, UTC.
   *
   * @param identifier the one identifier, {@code TYPE:VALUE}
   * @param revenue revenue in CNY as a JSON number, or null for none
   */
  public static String event(
      String id,
      RunDate date,
      int hour,
      String source,
      String type,
      String identifier,
      String revenue) {
    String[] typeValue = identifier.split(":", 2);
    return String.format(
        "{\"event_id\":\"%s\",\"event_time\":\"%sT%02d:15:00+00:00\",\"source\":\"%s\","
            + "\"event_type\":\"%s\",\"ids\":{\"%s\":\"%s\"}%s}",
        id,
        date,
        hour,
        source,
        type,
        typeValue[0],
        typeValue[1],
        revenue == null ? "" : ",\"revenue\":" + revenue + ",\"currency\":\"CNY\"");
  }
}
