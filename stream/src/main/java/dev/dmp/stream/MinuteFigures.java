package dev.dmp.stream;

import dev.dmp.core.clean.Fate;
import java.util.HashMap;
import java.util.Map;

/** One feed's minute: records by fate and the clean events' revenue. A Flink POJO. */
public final class MinuteFigures {
  public long[] fates = new long[Fate.values().length];
  public double revenue;

  public MinuteFigures() {}

  void add(Tally t) {
    fates[t.fate]++;
    revenue += t.revenue;
  }

  long read() {
    long n = 0;
    for (long f : fates) {
      n += f;
    }
    return n;
  }

  /** The figures as the alert variables name them ({@code read}, {@code clean}, ...). */
  Map<String, Long> asMap() {
    Map<String, Long> m = new HashMap<>();
    m.put("read", read());
    for (Fate f : Fate.values()) {
      m.put(f.key(), fates[f.ordinal()]);
    }
    return m;
  }
}
