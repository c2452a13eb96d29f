package dev.dmp.core.clean;

import dev.dmp.avro.RawRecord;
import java.io.IOException;

/**
 * What becomes of a record whose cleaning threw (a defect, or a value no check foresaw): it is
 * quarantined as a BAD_VALUE reject naming the exception, so that one record never stops a day.
 * Past a limit per task the task fails, with one line naming the first such record: that many is a
 * defect to fix, not bad data.
 */
public final class Quarantine {

  private final String limitKey;
  private final int limit;
  private int count;
  private String first;

  /**
   * @param limitKey the setting of the limit, named when it is passed
   * @param limit how many records a task may quarantine
   */
  public Quarantine(String limitKey, int limit) {
    this.limitKey = limitKey;
    this.limit = limit;
  }

  /**
   * What {@code cleaner} makes of a record; a reject if its cleaning threw.
   *
   * @throws IOException past the limit, naming the first record quarantined
   */
  public CleanOutcome clean(EventCleaner cleaner, RawRecord raw) throws IOException {
    try {
      return cleaner.clean(raw);
    } catch (RuntimeException e) {
      return admit(raw, e);
    }
  }

  /**
   * The reject of a record whose cleaning threw {@code e}.
   *
   * @throws IOException past the limit, naming the first record quarantined
   */
  public CleanOutcome.Rejected admit(RawRecord raw, RuntimeException e) throws IOException {
    String problem =
        "could not be processed: "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
    if (first == null) {
      String where = raw.getKafka() == null ? " line " : " offset ";
      first = raw.getOriginFile() + where + raw.getOriginLine() + " " + problem;
    }
    if (++count > limit) {
      throw new IOException(
          count
              + " records of this task could not be processed, over "
              + limitKey
              + " = "
              + limit
              + "; the first: "
              + first);
    }
    return new CleanOutcome.Rejected(RejectReason.BAD_VALUE, problem, null, null, 0);
  }
}
