package dev.dmp.mapreduce.common;

import java.io.IOException;

/** One or more {@link DayLock}s, released together when closed. */
public interface HeldLocks extends AutoCloseable {
  @Override
  void close() throws IOException;
}
