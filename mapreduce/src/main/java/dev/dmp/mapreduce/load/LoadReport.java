package dev.dmp.mapreduce.load;

import dev.dmp.mapreduce.stage.StageReport;
import java.util.Map;

/**
 * What the load put into HBase: people counted once, cells and markers summed over the tables.
 *
 * @param previousSnapshot the profile partition whose rows got delete markers ({@code dt=...}),
 *     null on the first day
 * @param profiles people of the day's snapshot
 * @param previousProfiles people of the previous snapshot
 * @param redirects retired OneIDs given a redirect in {@code dmp:id_index}
 * @param suppressedRedirects redirects left out because the survivor is suppressed
 * @param reportRows daily report rows
 * @param cells cells written, all tables
 * @param deleteMarkers family-delete markers written, all tables
 * @param hfileJobSeconds the time of the load's job that wrote the tables' HFiles
 * @param profileHFiles whether {@code dmp:profile}'s cells came as HFiles from the profile stage
 *     (else the load's job wrote them from the profiles)
 * @param tables each table's own figures, by table name
 */
public record LoadReport(
    String previousSnapshot,
    long profiles,
    long previousProfiles,
    long redirects,
    long suppressedRedirects,
    long reportRows,
    long cells,
    long deleteMarkers,
    double hfileJobSeconds,
    boolean profileHFiles,
    Map<String, TableLoad> tables)
    implements StageReport {

  /**
   * One table's load.
   *
   * @param cells cells written
   * @param deleteMarkers family-delete markers written
   * @param hfileBytes bytes of the HFiles handed to the region servers
   * @param bulkLoadSeconds the hand-over's time
   */
  public record TableLoad(
      long cells, long deleteMarkers, long hfileBytes, double bulkLoadSeconds) {}

  @Override
  public String summary() {
    return String.format(
        "%,d profiles (%,d previous), %,d redirects, %,d report rows; %,d cells and %,d delete"
            + " markers bulk-loaded into %s",
        profiles,
        previousProfiles,
        redirects,
        reportRows,
        cells,
        deleteMarkers,
        String.join(", ", tables.keySet()));
  }

  @Override
  public long recordsIn() {
    return profiles + reportRows;
  }

  @Override
  public long recordsOut() {
    return cells;
  }
}
