package dev.dmp.mapreduce.clean;

import dev.dmp.core.clean.RejectReason;

/**
 * Counters of the clean stage. The fates reconcile: {@code READ = CLEAN + REJECTED + DUPLICATE +
 * BOT + OPTED_OUT}, and the {@code REJECTED_*} counters add up to {@code REJECTED}.
 */
public enum CleanCounters {
  READ,
  CLEAN,
  REJECTED,
  DUPLICATE,
  BOT,
  OPTED_OUT,
  REJECTED_OVERSIZED,
  REJECTED_MALFORMED,
  REJECTED_MISSING_FIELD,
  REJECTED_BAD_TIMESTAMP,
  REJECTED_BAD_VALUE,
  REJECTED_NO_IDENTIFIER,
  /** Identifier values dropped from events as junk or of an unknown type. */
  DROPPED_IDS,
  /**
   * URL parameters and properties removed as personal data outside {@code ids} (an e-mail address
   * or phone number; dmp.clean.keep.params keeps named ones).
   */
  SCRUBBED_VALUES;

  /** The counter of one reject reason. */
  public static CleanCounters of(RejectReason reason) {
    return valueOf("REJECTED_" + reason.name());
  }
}
