package dev.dmp.core.clean;

/** Why a record was quarantined, checked in this order; the first failing check names it. */
public enum RejectReason {
  /** Longer than {@code dmp.clean.max.record.bytes}. */
  OVERSIZED,
  /** Not decodable: not JSON, not a JSON object, invalid UTF-8, an unreadable stretch of a file. */
  MALFORMED,
  /** A required field (event_id, event_time, source, event_type, ids) is absent or empty. */
  MISSING_FIELD,
  /** event_time unreadable, or outside the run's window allowing for late data and clock skew. */
  BAD_TIMESTAMP,
  /** A field of the wrong type or out of range: negative revenue, unknown currency, ... */
  BAD_VALUE,
  /** No usable identifier left once junk values are removed. */
  NO_IDENTIFIER
}
