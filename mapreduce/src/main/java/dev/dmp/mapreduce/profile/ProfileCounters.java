package dev.dmp.mapreduce.profile;

/** Counters of the profile stage. */
public enum ProfileCounters {
  /** Attributed events folded into profiles. */
  EVENTS,
  /** Previous snapshots read. */
  SNAPSHOTS,
  /** Snapshots of retired OneIDs, merged into their survivor's profile. */
  MERGED_SNAPSHOTS,
  /** Events and snapshots of people who are now suppressed: dropped. */
  SUPPRESSED_EVENTS,
  SUPPRESSED_SNAPSHOTS,
  /** Profiles written. */
  PROFILES,
  /** Cells of {@code dmp:profile} written into the day's HFiles. */
  HFILE_CELLS
}
