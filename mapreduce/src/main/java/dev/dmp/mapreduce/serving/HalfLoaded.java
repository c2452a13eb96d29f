package dev.dmp.mapreduce.serving;

import dev.dmp.hbase.DmpClient;
import java.io.IOException;
import java.io.PrintStream;

/** What the reading commands say when the newest day's load has not finished. */
final class HalfLoaded {

  private HalfLoaded() {}

  /** Prints one warning line when the newest load is not complete; returns whether it printed. */
  static boolean warn(DmpClient client, PrintStream err) throws IOException {
    var state = client.newestLoad().filter(s -> !s.complete());
    state.ifPresent(
        s ->
            err.println(
                "warning: the load of "
                    + s.day()
                    + " began at "
                    + s.started()
                    + " and has not finished: answers may mix "
                    + s.day()
                    + " with the day before (if no load is running, run dmp load --date "
                    + s.day()
                    + " again)"));
    return state.isPresent();
  }
}
