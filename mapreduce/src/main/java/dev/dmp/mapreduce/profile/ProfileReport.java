package dev.dmp.mapreduce.profile;

import dev.dmp.mapreduce.stage.StageReport;
import java.util.Map;

/**
 * What the profile stage built.
 *
 * @param mode {@code incremental} (yesterday's snapshot plus the day) or {@code full}
 * @param builtOn the snapshot partition the day built on ({@code dt=...}), null for none
 * @param daysWithoutProfiles days between {@code builtOn} and this one without profiles (a gap:
 *     their events are missing here until {@code dmp rerun --from} the first of them)
 * @param daysRead attributed days read
 * @param profiles profiles written
 * @param events attributed events folded in
 * @param snapshots previous profiles folded in
 * @param mergedSnapshots previous profiles of retired OneIDs, merged into their survivor's
 * @param suppressedEvents events of suppressed people, dropped
 * @param suppressedSnapshots previous profiles of suppressed people, dropped
 * @param segments each segment rule's members, every rule present
 * @param ruleErrors each segment rule that failed on some profiles (a division by zero on their
 *     figures), with how many: those profiles are kept, outside that segment
 */
public record ProfileReport(
    String mode,
    String builtOn,
    long daysWithoutProfiles,
    int daysRead,
    long profiles,
    long events,
    long snapshots,
    long mergedSnapshots,
    long suppressedEvents,
    long suppressedSnapshots,
    Map<String, Long> segments,
    Map<String, Long> ruleErrors)
    implements StageReport {

  public ProfileReport {
    ruleErrors = ruleErrors == null ? Map.of() : ruleErrors;
  }

  @Override
  public String summary() {
    long memberships = segments.values().stream().mapToLong(Long::longValue).sum();
    return String.format(
            "%,d profiles (%s) from %,d events and %,d previous profiles (%,d merged);"
                + " %,d segments, %,d memberships",
            profiles, mode, events, snapshots, mergedSnapshots, segments.size(), memberships)
        + (daysWithoutProfiles > 0
            ? String.format(
                "; built on the profiles of %s: the %d day(s) after it have none",
                builtOn.substring(3), daysWithoutProfiles)
            : "")
        + (ruleErrors.isEmpty() ? "" : "; segment rules failed on some profiles: " + ruleErrors);
  }

  @Override
  public long recordsIn() {
    return events + snapshots;
  }

  @Override
  public long recordsOut() {
    return profiles;
  }
}
