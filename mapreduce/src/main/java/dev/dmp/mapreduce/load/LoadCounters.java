package dev.dmp.mapreduce.load;

/** Counters of a load job (one job per table). */
public enum LoadCounters {
  /** People of the day's snapshot. */
  PROFILES,
  /** People of the previous snapshot, whose rows get delete markers. */
  PREVIOUS_PROFILES,
  /** Retired OneIDs given a redirect. */
  REDIRECTS,
  /** Redirects left out because the survivor is suppressed (erased or opted out). */
  SUPPRESSED_REDIRECTS,
  /** Daily report rows. */
  REPORT_ROWS,
  /** Cells written (puts). */
  CELLS,
  /** Family-delete markers written. */
  DELETE_MARKERS
}
