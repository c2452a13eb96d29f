package dev.dmp.stream;

import dev.dmp.core.UsageException;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The settings of the stream's speed layer (cleaning, the person now, today's figures, live
 * segments, the minute monitor), read once from the command's configuration.
 *
 * @param enabled whether the job runs the speed layer besides the landing
 * @param dedupWindowMillis how long an event id is remembered to drop its copies
 * @param flushMillis the longest a written cell waits in the HBase client's buffer
 * @param cacheSize identifiers (and as many people) the resolver keeps in memory, per subtask
 * @param cacheMillis how long a cached identifier or profile is trusted before it is read again
 * @param reloadMillis how often the suppression list is checked for a change
 */
public record LiveSettings(
    boolean enabled,
    long dedupWindowMillis,
    long flushMillis,
    int cacheSize,
    long cacheMillis,
    long reloadMillis)
    implements Serializable {

  /**
   * Whether the stream job cleans, attributes and counts as well as landing (default true: when an
   * HBase is configured).
   */
  public static final String ENABLED = "dmp.stream.live.enabled";

  /** How long an event id is remembered to drop its copies (default 1d). */
  public static final String DEDUP_WINDOW = "dmp.stream.dedup.window";

  /** The longest a live cell waits in the HBase client's write buffer (default 200ms). */
  public static final String FLUSH_INTERVAL = "dmp.stream.hbase.flush.interval";

  /** Identifiers the resolver caches per subtask (default 200000). */
  public static final String CACHE_SIZE = "dmp.stream.resolve.cache.size";

  /** How long a cached identifier or loaded profile is trusted (default 10m). */
  public static final String CACHE_TTL = "dmp.stream.resolve.cache.ttl";

  /** How often the suppression list is checked for a change (default 1m). */
  public static final String SUPPRESSION_RELOAD = "dmp.stream.suppression.reload";

  public static LiveSettings from(Configuration conf) throws UsageException {
    int cache = conf.getInt(CACHE_SIZE, 200_000);
    if (cache < 1) {
      throw new UsageException(CACHE_SIZE + " = " + cache + " must be at least 1");
    }
    return new LiveSettings(
        conf.getBoolean(ENABLED, true),
        positive(conf, DEDUP_WINDOW, "1d"),
        positive(conf, FLUSH_INTERVAL, "200ms"),
        cache,
        positive(conf, CACHE_TTL, "10m"),
        positive(conf, SUPPRESSION_RELOAD, "1m"));
  }

  private static long positive(Configuration conf, String key, String fallback)
      throws UsageException {
    return dev.dmp.stream.StreamSettings.positive(conf, key, fallback);
  }
}
