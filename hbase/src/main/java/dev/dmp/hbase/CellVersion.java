package dev.dmp.hbase;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Cell timestamps derived from the run's day, never from the wall clock, so that a rerun of a day
 * writes the very same cells (docs/product.md section 6).
 *
 * <p>A day's cells are stamped with the last millisecond of that day. Each load also writes
 * family-delete markers one millisecond earlier for the rows of the previous snapshot: they mask
 * every older cell (yesterday's, and hourly cells written during the day) but none of the day's
 * own, whatever order the files reach the region server in.
 */
public final class CellVersion {

  private CellVersion() {}

  /** The timestamp of the cells loaded for {@code day}: its last millisecond, UTC. */
  public static long of(LocalDate day) {
    return day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - 1;
  }

  /** The timestamp of the delete markers written with {@code day}'s cells. */
  public static long deleteBefore(LocalDate day) {
    return of(day) - 1;
  }
}
