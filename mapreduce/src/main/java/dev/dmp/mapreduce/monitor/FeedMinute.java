package dev.dmp.mapreduce.monitor;

import java.util.Map;

/**
 * One feed's minute as the stream job's minute monitor closed it (a line of {@code
 * quality/stream/minutes/dt=D/minutes-*.jsonl}), as the daily page reads it: the file is the
 * contract between the stream job and monitoring.
 *
 * @param feed the feed
 * @param minute the minute's start, ISO-8601 UTC (Kafka time)
 * @param fates {@code read} and each fate ({@code clean}, {@code rejected}, {@code duplicate},
 *     {@code bot}, {@code opted_out}) to its records
 * @param revenue the clean events' revenue, in the reporting currency
 */
public record FeedMinute(String feed, String minute, Map<String, Long> fates, double revenue) {

  /** The records of one fate, or read ({@code "read"}); 0 when none. */
  public long count(String fate) {
    return fates == null ? 0 : fates.getOrDefault(fate, 0L);
  }
}
