package dev.dmp.mapreduce.clean;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dmp.avro.FateCount;
import dev.dmp.core.clean.Fate;
import dev.dmp.core.clean.RejectReason;
import dev.dmp.mapreduce.stage.StageReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.CounterGroup;
import org.apache.hadoop.mapreduce.Counters;

/**
 * The fates of one clean run, overall and per source: what the quality report prints, built from
 * the job's counters and stored as JSON beside the day's data.
 */
@JsonPropertyOrder({
  "date",
  "stage",
  "read",
  "clean",
  "rejected_total",
  "rejected",
  "duplicate",
  "bot",
  "opted_out",
  "dropped_ids",
  "unrated",
  "by_source"
})
public final class CleanReport implements StageReport {

  @JsonProperty public String date;
  @JsonProperty public String stage = CleanJob.NAME;
  @JsonProperty public long read;
  @JsonProperty public long clean;

  @JsonProperty("rejected_total")
  public long rejectedTotal;

  /** Reject reason to count; every reason is present. */
  @JsonProperty public Map<String, Long> rejected = new LinkedHashMap<>();

  @JsonProperty public long duplicate;
  @JsonProperty public long bot;

  @JsonProperty("opted_out")
  public long optedOut;

  @JsonProperty("dropped_ids")
  public long droppedIds;

  /** URL parameters and properties removed as personal data outside {@code ids}. */
  @JsonProperty("scrubbed_values")
  public long scrubbedValues;

  /**
   * Currency to the clean events whose revenue is in it and has no exchange rate that day: the
   * clean gate stops a day that has any.
   */
  @JsonProperty public Map<String, Long> unrated = new TreeMap<>();

  /** The job's counters, for benchmarks; not part of the stored report. */
  @com.fasterxml.jackson.annotation.JsonIgnore public Counters jobCounters;

  /** Source to fate ({@code read}, {@code clean}, ...) to count. */
  @JsonProperty("by_source")
  public Map<String, Map<String, Long>> bySource = new TreeMap<>();

  @Override
  public String summary() {
    return String.format(
        "read %,d, clean %,d, rejected %,d, duplicate %,d, bot %,d, opted out %,d",
        read, clean, rejectedTotal, duplicate, bot, optedOut);
  }

  @Override
  public long recordsIn() {
    return read;
  }

  @Override
  public long recordsOut() {
    return clean;
  }

  /** The report of a finished job. */
  public static CleanReport fromCounters(String date, Counters counters) {
    CleanReport r = new CleanReport();
    r.date = date;
    r.read = counters.findCounter(CleanCounters.READ).getValue();
    r.clean = counters.findCounter(CleanCounters.CLEAN).getValue();
    r.rejectedTotal = counters.findCounter(CleanCounters.REJECTED).getValue();
    for (RejectReason reason : RejectReason.values()) {
      r.rejected.put(reason.name(), counters.findCounter(CleanCounters.of(reason)).getValue());
    }
    r.duplicate = counters.findCounter(CleanCounters.DUPLICATE).getValue();
    r.bot = counters.findCounter(CleanCounters.BOT).getValue();
    r.optedOut = counters.findCounter(CleanCounters.OPTED_OUT).getValue();
    r.droppedIds = counters.findCounter(CleanCounters.DROPPED_IDS).getValue();
    r.scrubbedValues = counters.findCounter(CleanCounters.SCRUBBED_VALUES).getValue();
    for (Counter c : counters.getGroup(CleanJob.UNRATED)) {
      r.unrated.put(c.getName(), c.getValue());
    }
    CounterGroup group = counters.getGroup(SourceCounters.GROUP);
    for (Counter c : group) {
      String name = c.getName();
      int slash = name.indexOf('/');
      String fate = name.substring(0, slash);
      String source = name.substring(slash + 1);
      Map<String, Long> fates = r.bySource.computeIfAbsent(source, s -> emptyFates());
      fates.merge(fate, c.getValue(), Long::sum);
      fates.merge("read", c.getValue(), Long::sum);
    }
    return r;
  }

  /** The counts by source and fate, one record each, as the {@code fates} dataset holds them. */
  public List<FateCount> fateCounts() {
    List<FateCount> counts = new ArrayList<>();
    bySource.forEach(
        (source, fates) -> {
          for (Fate f : Fate.values()) {
            counts.add(
                FateCount.newBuilder()
                    .setDate(date)
                    .setStage(stage)
                    .setSource(source)
                    .setFate(f.key())
                    .setRecords(fates.getOrDefault(f.key(), 0L))
                    .build());
          }
        });
    return counts;
  }

  private static Map<String, Long> emptyFates() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("read", 0L);
    for (Fate f : Fate.values()) {
      m.put(f.key(), 0L);
    }
    return m;
  }

  /**
   * Why the counts do not reconcile, or null when they do: every record read must have exactly one
   * fate, the reasons must add up to the rejects, and the per-source counts to the totals.
   */
  public String reconciliationError(long mapInputRecords) {
    long fates = clean + rejectedTotal + duplicate + bot + optedOut;
    if (read != fates) {
      return String.format(
          "counts do not reconcile: read %d != clean %d + rejected %d + duplicate %d + bot %d"
              + " + opted_out %d (= %d)",
          read, clean, rejectedTotal, duplicate, bot, optedOut, fates);
    }
    if (read != mapInputRecords) {
      return "counts do not reconcile: read " + read + " != map input records " + mapInputRecords;
    }
    long reasons = rejected.values().stream().mapToLong(Long::longValue).sum();
    if (reasons != rejectedTotal) {
      return "reject reasons add up to " + reasons + ", not to rejected " + rejectedTotal;
    }
    long perSource = bySource.values().stream().mapToLong(m -> m.get("read")).sum();
    if (perSource != read) {
      return "per-source counts add up to " + perSource + ", not to read " + read;
    }
    return null;
  }
}
