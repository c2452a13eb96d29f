package dev.dmp.core.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quality gate's rules (docs/product.md section 5), as plain logic: what a day's counts must
 * meet before anything of it is loaded. Each failure is a sentence naming the measured value, the
 * limit and the key that sets it.
 */
public final class QualityGate {

  /** The highest share of rejected records a day may have. */
  public static final String MAX_REJECT_RATE = "dmp.gate.max.reject.rate";

  /** The largest drop in records read against the median of the previous days (0.5 = 50 %). */
  public static final String MAX_VOLUME_DROP = "dmp.gate.max.volume.drop";

  /**
   * Rejected records a day needs before the reject-rate check applies: on a small day one bad
   * record is not a rate, and one record never stops a day.
   */
  public static final String MIN_REJECTED = "dmp.gate.min.rejected";

  /** Days of history needed before the volume check applies. */
  public static final String MIN_HISTORY_DAYS = "dmp.gate.min.history.days";

  /** Limits of the gate. */
  public record Limits(
      double maxRejectRate, double maxVolumeDrop, int minHistoryDays, long minRejected) {}

  private QualityGate() {}

  /**
   * Checks a day's clean counts.
   *
   * @param previousReads records read on up to seven previous days (most recent first)
   */
  public static List<String> checkClean(
      long read, long rejected, List<Long> previousReads, Limits limits) {
    List<String> failures = new ArrayList<>();
    if (read == 0) {
      failures.add("no records were read");
      return failures;
    }
    double rejectRate = (double) rejected / read;
    if (rejectRate > limits.maxRejectRate() && rejected >= limits.minRejected()) {
      failures.add(
          String.format(
              "reject rate %.2f %% (%d of %d records) is above the limit of %.2f %% (%s)",
              100 * rejectRate, rejected, read, 100 * limits.maxRejectRate(), MAX_REJECT_RATE));
    }
    if (previousReads.size() >= limits.minHistoryDays()) {
      double median = median(previousReads);
      double floor = median * (1 - limits.maxVolumeDrop());
      if (read < floor) {
        failures.add(
            String.format(
                "volume %d records is %.1f %% below the median of the previous %d days (%.0f);"
                    + " the limit is a drop of %.0f %% (%s)",
                read,
                100 * (1 - read / median),
                previousReads.size(),
                median,
                100 * limits.maxVolumeDrop(),
                MAX_VOLUME_DROP));
      }
    }
    return failures;
  }

  /**
   * Checks that every clean event's revenue converted into the reporting currency: a currency
   * without a rate that day stops the day, as nothing may be summed across currencies.
   *
   * @param unrated currency to the events whose revenue is in it and has no rate
   */
  public static List<String> checkRates(String date, Map<String, Long> unrated) {
    List<String> failures = new ArrayList<>();
    unrated.forEach(
        (currency, events) ->
            failures.add(
                String.format(
                    "%s revenue in %s, which has no exchange rate on %s: load the day's rates"
                        + " (dmp rates --date %s --load FILE) and run the day again",
                    events == 1 ? "1 event has" : events + " events have", currency, date, date)));
    return failures;
  }

  /** The median of some values. */
  public static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
