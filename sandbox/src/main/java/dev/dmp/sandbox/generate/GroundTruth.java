package dev.dmp.sandbox.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dmp.core.clean.Fate;
import dev.dmp.core.clean.RejectReason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the generator planted, in the shape of the clean stage's report, so that a run can be
 * checked against it exactly: every record's fate, every reject reason, per source.
 */
public final class GroundTruth {

  @JsonProperty public long seed;
  @JsonProperty public String date;

  /** Records written (non-blank lines). */
  @JsonProperty public long records;

  @JsonProperty("blank_lines")
  public long blankLines;

  @JsonProperty public long people;

  @JsonProperty("suppressed_people")
  public long suppressedPeople;

  @JsonProperty public Map<String, Long> fates = new LinkedHashMap<>();
  @JsonProperty public Map<String, Long> rejected = new LinkedHashMap<>();

  @JsonProperty("dropped_ids")
  public long droppedIds;

  @JsonProperty("by_source")
  public Map<String, Map<String, Long>> bySource = new TreeMap<>();

  /**
   * Revenue of the clean events by currency as sent ({@code -} for events without one), rounded to
   * cents: what the day's clean events sum to.
   */
  @JsonProperty("revenue_by_currency")
  public Map<String, Double> revenueByCurrency = new TreeMap<>();

  /** Revenue of the clean events in CNY, each converted at its rate and rounded to the cent. */
  @JsonProperty("revenue_converted")
  public java.math.BigDecimal revenueConverted = java.math.BigDecimal.ZERO.setScale(2);

  /** Canonical id of the device shared by many people (the super-connector). */
  @JsonProperty("shared_device")
  public String sharedDevice;

  @JsonProperty("shared_device_people")
  public long sharedDevicePeople;

  GroundTruth() {
    for (Fate f : Fate.values()) {
      fates.put(f.key(), 0L);
    }
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r.name(), 0L);
    }
  }

  void count(Fate fate, RejectReason reason, String source) {
    records++;
    fates.merge(fate.key(), 1L, Long::sum);
    if (reason != null) {
      rejected.merge(reason.name(), 1L, Long::sum);
    }
    Map<String, Long> s =
        bySource.computeIfAbsent(
            source,
            k -> {
              Map<String, Long> m = new LinkedHashMap<>();
              m.put("read", 0L);
              for (Fate f : Fate.values()) {
                m.put(f.key(), 0L);
              }
              return m;
            });
    s.merge("read", 1L, Long::sum);
    s.merge(fate.key(), 1L, Long::sum);
  }

  public long fate(Fate f) {
    return fates.get(f.key());
  }
}
