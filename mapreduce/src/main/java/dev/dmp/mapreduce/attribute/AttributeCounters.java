package dev.dmp.mapreduce.attribute;

/**
 * Counters of attribution. They reconcile: {@code EVENTS = ATTRIBUTED + SUPPRESSED + UNATTRIBUTED}.
 */
public enum AttributeCounters {
  /** Clean events read. */
  EVENTS,
  /** Events joined to a person. */
  ATTRIBUTED,
  /** Events of a person whose component holds a suppressed identifier: attributed to no one. */
  SUPPRESSED,
  /** Events whose identifiers are all super-connectors, or have no assignment: no person. */
  UNATTRIBUTED,
  /** Super-connector identifiers left out of attributed events (not a fate: events keep going). */
  SUPER_CONNECTOR_IDS
}
