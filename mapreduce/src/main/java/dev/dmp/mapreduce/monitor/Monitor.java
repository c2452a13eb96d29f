package dev.dmp.mapreduce.monitor;

import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.core.alerts.Alert;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * What runs after a day or an hour: the alert rules are evaluated and their alerts recorded, the
 * run's figures are written for Prometheus, and every alert not yet delivered goes to the webhook.
 * Nothing here fails for the receiver; only rules that do not compile stop it.
 */
public final class Monitor {

  private Monitor() {}

  /** After a day's chain (or its stop at a gate): one line saying what was raised and sent. */
  public static String afterDay(Configuration conf, RunDate date)
      throws IOException, UsageException, InterruptedException {
    List<Alert> raised = Alerts.evaluateDay(conf, date);
    PrometheusFile.writeDay(conf, DayFigures.read(conf, date), raised);
    return AlertsTool.summary(date.toString(), raised, Alerts.deliver(conf, date));
  }

  /** After one hour's run: one line saying what was raised and sent. */
  public static String afterHour(Configuration conf, RunDate date, int hour)
      throws IOException, UsageException, InterruptedException {
    List<Alert> raised = Alerts.evaluateHour(conf, date, hour);
    PrometheusFile.writeHour(conf, DayFigures.read(conf, date), hour, raised);
    return AlertsTool.summary(
        String.format("%s hour %02d", date, hour), raised, Alerts.deliver(conf, date));
  }

  /** After a stage failed: the alert is recorded and sent; one line saying so. */
  public static String afterFailure(Configuration conf, RunDate date, String stage, String reason)
      throws IOException, InterruptedException, UsageException {
    Alert a = Alerts.stageFailed(conf, date, stage, reason);
    return AlertsTool.summary(date.toString(), List.of(a), Alerts.deliver(conf, date));
  }
}
