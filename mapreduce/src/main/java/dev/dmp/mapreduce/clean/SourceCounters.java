package dev.dmp.mapreduce.clean;

import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;

/**
 * Fates per source, as counters of the group {@value #GROUP} named {@code <fate>/<source>}. Sources
 * are data, so their number is capped per task ({@value #MAX_SOURCES}); the rest count as {@value
 * #OTHER}, and a record without a readable source as {@value #UNKNOWN}.
 */
public final class SourceCounters {

  public static final String GROUP = "dmp.clean.by_source";
  public static final String UNKNOWN = "(unknown)";
  public static final String OTHER = "(other)";
  static final int MAX_SOURCES = 40;

  private final Set<String> seen = new HashSet<>();

  public void increment(
      TaskInputOutputContext<?, ?, ?, ?> context, Fate fate, String source, long n) {
    context.getCounter(GROUP, fate.key() + "/" + bucket(source)).increment(n);
  }

  private String bucket(String source) {
    if (source == null) {
      return UNKNOWN;
    }
    String s = source.length() > 40 ? source.substring(0, 40) : source;
    if (seen.contains(s)) {
      return s;
    }
    if (seen.size() >= MAX_SOURCES) {
      return OTHER;
    }
    seen.add(s);
    return s;
  }
}
