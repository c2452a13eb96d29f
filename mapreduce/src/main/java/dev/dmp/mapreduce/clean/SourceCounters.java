package dev.dmp.mapreduce.clean;

import dev.dmp.core.clean.Fate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;

/**
 * Fates per source, as counters of the group {@value #GROUP} named {@code <fate>/<source>}. Sources
 * are data, so their number is capped per task ({@value #MAX_SOURCES}); the rest count as {@value
 * #OTHER}, and a record without a readable source as {@value #UNKNOWN}. Counters are looked up once
 * per fate and source, not once per record.
 */
public final class SourceCounters {

  public static final String GROUP = "dmp.clean.by_source";
  public static final String UNKNOWN = "(unknown)";
  public static final String OTHER = "(other)";
  static final int MAX_SOURCES = 40;

  private final Map<Fate, Map<String, Counter>> counters = new EnumMap<>(Fate.class);
  private final Map<String, String> buckets = new HashMap<>();

  public void increment(
      TaskInputOutputContext<?, ?, ?, ?> context, Fate fate, String source, long n) {
    String bucket = bucket(source);
    counters
        .computeIfAbsent(fate, f -> new HashMap<>())
        .computeIfAbsent(bucket, b -> context.getCounter(GROUP, fate.key() + "/" + b))
        .increment(n);
  }

  private String bucket(String source) {
    if (source == null) {
      return UNKNOWN;
    }
    String known = buckets.get(source);
    if (known != null) {
      return known;
    }
    String bucket =
        buckets.size() >= MAX_SOURCES
            ? OTHER
            : source.length() > 40 ? source.substring(0, 40) : source;
    if (!bucket.equals(OTHER)) {
      buckets.put(source, bucket);
    }
    return bucket;
  }
}
