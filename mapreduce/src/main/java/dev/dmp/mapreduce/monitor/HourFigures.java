package dev.dmp.mapreduce.monitor;

import java.util.Map;

/**
 * What a run of one hour recorded ({@code quality/dt=D/hourly-HH.json}, written by {@code dmp
 * hourly}), as monitoring reads it: the file is the contract, so that the hourly stage can watch
 * itself without the two packages depending on each other.
 *
 * @param hour the hour of the day, 0-23
 * @param read raw records of the hour
 * @param clean clean events
 * @param rejected rejected records
 * @param duplicate duplicates within the hour
 * @param bot events of robots
 * @param optedOut events of suppressed identifiers
 * @param attributed events attributed to a person
 * @param people people whose activity of the hour was written
 * @param bySource source to fate ({@code read}, {@code clean}, ...) to count; null in the files of
 *     runs from before it was recorded
 */
public record HourFigures(
    int hour,
    long read,
    long clean,
    long rejected,
    long duplicate,
    long bot,
    long optedOut,
    long attributed,
    long people,
    Map<String, Map<String, Long>> bySource) {

  /** Each source's fates, empty when the run did not record them. */
  Map<String, Map<String, Long>> sources() {
    return bySource == null ? Map.of() : bySource;
  }
}
