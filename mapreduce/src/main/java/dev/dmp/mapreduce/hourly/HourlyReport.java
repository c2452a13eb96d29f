package dev.dmp.mapreduce.hourly;

import dev.dmp.mapreduce.attribute.AttributeReport;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.stage.StageReport;
import java.util.Map;

/**
 * What one run of an hour counted and wrote ({@code quality/dt=D/hourly-HH.json}).
 *
 * @param hour the hour of the day, 0-23
 * @param read raw records of the hour
 * @param clean clean events
 * @param rejected rejected records (quarantined by the daily run, not here)
 * @param duplicate duplicates within the hour
 * @param bot events of robots
 * @param optedOut events of suppressed identifiers
 * @param graph the day of the graph the hour was attributed with
 * @param attributed events attributed to a person
 * @param suppressed events of suppressed people
 * @param unattributed events of identifiers the graph does not know yet
 * @param superConnectorIdsDropped super-connector identifiers ignored
 * @param people people whose cells were written
 * @param version the run's version of the hour (its cells' timestamp offset)
 * @param peopleCleared people whose cells of the previous run were deleted
 * @param bySource source to fate ({@code read}, {@code clean}, {@code rejected}, ...) to count, as
 *     in the clean stage's report; what the hourly alerts compare hour by hour
 * @param unrated currency to the clean events whose revenue has no exchange rate yet (counted 0 in
 *     the hour's activity until the rates are loaded)
 */
public record HourlyReport(
    int hour,
    long read,
    long clean,
    long rejected,
    long duplicate,
    long bot,
    long optedOut,
    String graph,
    long attributed,
    long suppressed,
    long unattributed,
    long superConnectorIdsDropped,
    long people,
    long version,
    long peopleCleared,
    Map<String, Map<String, Long>> bySource,
    Map<String, Long> unrated)
    implements StageReport {

  @Override
  public String summary() {
    return String.format(
        "read %,d, clean %,d, attributed %,d (graph %s), %,d unattributed; %,d people written,"
            + " %,d cleared",
        read, clean, attributed, graph, unattributed, people, peopleCleared);
  }

  @Override
  public long recordsIn() {
    return read;
  }

  @Override
  public long recordsOut() {
    return clean;
  }

  static HourlyReport of(
      int hour,
      CleanReport clean,
      String graph,
      AttributeReport attribute,
      long people,
      long version,
      long peopleCleared) {
    return new HourlyReport(
        hour,
        clean.read,
        clean.clean,
        clean.rejectedTotal,
        clean.duplicate,
        clean.bot,
        clean.optedOut,
        graph,
        attribute.attributed(),
        attribute.suppressed(),
        attribute.unattributed(),
        attribute.superConnectorIdsDropped(),
        people,
        version,
        peopleCleared,
        clean.bySource,
        clean.unrated);
  }
}
