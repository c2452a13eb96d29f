package dev.dmp.mapreduce.hourly;

import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpTables;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.monitor.Alerts;
import dev.dmp.mapreduce.monitor.Monitor;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The near-real-time path: {@code dmp hourly --date D --hour H}. Cleans the hour's raw partitions
 * ({@code raw/dt=D/hr=HH/}), attributes the clean events with the newest identity graph (the last
 * daily run's), sums each person's activity, and writes it into the person's profile row as the
 * hour's cells of the {@code h} family, so that lookups show today's activity within the hour.
 *
 * <p>Idempotent: the n-th run of an hour stamps its cells with the hour's first millisecond plus n
 * (derived from the run, not the wall clock), and deletes the cells of the previous run of the same
 * hour ({@code hourly/dt=D/hr=HH/}, read before it is replaced) up to the millisecond before. So a
 * re-run replaces the hour's figures, people who are no longer in the hour lose them, and nothing
 * is counted twice. The daily run stays the reference: its load masks the day's hourly cells (its
 * family-delete markers are stamped at the end of the day, see {@code CellVersion}), readers ignore
 * hourly cells of days up to the profile's {@code a:as_of}, and the family's time to live expires
 * them.
 *
 * <p>Within the hour, duplicates are removed as the daily clean does; a copy of an event re-sent in
 * a later hour is counted in both hours until the daily run replaces them. Events of people the
 * graph does not know yet (new identifiers) are counted as unattributed and shown once the daily
 * run has linked them. The hour's rejects are counted, not quarantined: the daily clean of the same
 * raw data quarantines them.
 *
 * <p>An hour that began more than the {@code h} family's time to live ago ({@link
 * DmpTables.Profile#HOURLY_TTL_SECONDS}) is not run: HBase would expire its cells as they are
 * written, and by then the daily run of its day is the reference. The command says so and succeeds,
 * so that a coordinator catching up after an outage moves past such hours at once.
 *
 * <p>After the hour, the alert rules of scope {@code source_hour} are evaluated on it and the
 * hour's figures written for Prometheus ({@link Monitor#afterHour}); their failure does not undo
 * the hour.
 */
public class HourlyJob extends DmpTool {

  public static final String NAME = "hourly";

  public static void main(String[] args) throws Exception {
    main(new HourlyJob(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD --hour HH";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("date").hasArg().desc("day").build())
        .addOption(Option.builder().longOpt("hour").hasArg().desc("hour of the day, 0-23").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(required(cmd, "date"));
    int hour = RunDate.parseHour(required(cmd, "hour"));
    if (expired(date, hour, System.currentTimeMillis())) {
      out.printf(
          "hourly %s hour %02d: nothing done: the hour began more than %d days ago, the time to"
              + " live of the profile's hourly family, so HBase would expire its cells as they are"
              + " written; the daily run of %s is the reference%n",
          date, hour, DmpTables.Profile.HOURLY_TTL_SECONDS / 86_400, date);
      return OK;
    }
    Alerts.rules(getConf()); // a rule that does not compile stops the hour before it runs
    new StageRunner(getConf(), out).run(new HourlyStage(hour), date);
    try {
      out.println(Monitor.afterHour(getConf(), date, hour));
    } catch (IOException e) {
      // The hour is written: its alerts are redone by the day's evaluation.
      err.println("dmp hourly: the hour's alerts could not be recorded: " + oneLine(e));
    }
    return OK;
  }

  /**
   * Whether the hour's cells would be expired by the {@code h} family's time to live at {@code
   * nowMillis}: they are stamped with the hour's first millisecond (plus the run's version).
   */
  public static boolean expired(RunDate date, int hour, long nowMillis) {
    return hourStart(date, hour) + DmpTables.Profile.HOURLY_TTL_SECONDS * 1000L <= nowMillis;
  }

  static long hourStart(RunDate date, int hour) {
    return date.startMillis() + hour * 3_600_000L;
  }
}
