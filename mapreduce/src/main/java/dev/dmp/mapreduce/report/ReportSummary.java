package dev.dmp.mapreduce.report;

import dev.dmp.mapreduce.stage.StageReport;

/**
 * What the report stage aggregated.
 *
 * @param events attributed events counted, equal to attribute's
 * @param rows report rows written (source x event type x campaign, and the all-campaigns rows)
 */
public record ReportSummary(long events, long rows) implements StageReport {

  @Override
  public String summary() {
    return String.format("%,d rows over %,d events", rows, events);
  }

  @Override
  public long recordsIn() {
    return events;
  }

  @Override
  public long recordsOut() {
    return rows;
  }
}
