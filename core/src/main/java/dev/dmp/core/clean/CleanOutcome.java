package dev.dmp.core.clean;

import dev.dmp.avro.CleanEvent;
import java.util.Map;

/**
 * What cleaning one record decided ({@link EventCleaner#clean}): one fate, with what the stage
 * counts and writes for it. Duplicates are not among them: only the reducer sees every copy.
 */
public sealed interface CleanOutcome
    permits CleanOutcome.Clean, CleanOutcome.Rejected, CleanOutcome.Bot, CleanOutcome.OptedOut {

  /** Lower-case source, or null when the record has none that can be read. */
  String source();

  /** Identifier values dropped as junk or of an unknown type. */
  int droppedIds();

  /** Valid, a person's, not suppressed: goes on to de-duplication. */
  record Clean(CleanEvent event, int droppedIds) implements CleanOutcome {
    @Override
    public String source() {
      return event.getSource();
    }
  }

  /** Quarantined, with the reason and a message for a person. */
  record Rejected(
      RejectReason reason, String message, String eventId, String source, int droppedIds)
      implements CleanOutcome {}

  /** Sent by a robot. */
  record Bot(String source, int droppedIds) implements CleanOutcome {}

  /** Carries a suppressed identifier; its identifiers still link the person (for erasure). */
  record OptedOut(String source, Map<String, String> ids, int droppedIds) implements CleanOutcome {}
}
