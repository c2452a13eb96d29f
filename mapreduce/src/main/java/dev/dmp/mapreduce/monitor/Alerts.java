package dev.dmp.mapreduce.monitor;

import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.core.alerts.Alert;
import dev.dmp.core.alerts.AlertFigures;
import dev.dmp.core.alerts.AlertRules;
import dev.dmp.core.alerts.AlertRules.Firing;
import dev.dmp.core.alerts.AlertRules.Scope;
import dev.dmp.mapreduce.common.ConfigException;
import dev.dmp.mapreduce.common.ConfigFiles;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform watching its own data: evaluates the alert rules ({@link AlertRules}) over a day or
 * an hour and its history ({@link DayFigures}), records what they raise ({@link AlertLog}), and
 * delivers every alert not yet delivered to the webhook ({@link Webhook}).
 */
public final class Alerts {

  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

  /** The alert rules; unset for the defaults, {@code conf/alerts.properties}. */
  public static final String RULES_FILE = "dmp.alerts.rules.file";

  /** The rule name of the alert a failed stage raises. */
  public static final String STAGE_FAILED = "stage_failed";

  /** Days back from the evaluated one whose undelivered alerts are sent again. */
  static final int REDELIVERY_DAYS = 7;

  /** What one delivery round did. */
  public record Delivery(int delivered, int kept, String problem, String url) {
    /** One line for the run's output. */
    public String summary() {
      if (url == null) {
        return "no webhook configured (" + Webhook.URL + ")";
      }
      if (kept == 0) {
        return delivered + " delivered to " + url;
      }
      return String.format(
          "%d delivered, %d kept for the next run (%s: %s)", delivered, kept, url, problem);
    }
  }

  private Alerts() {}

  /** The configured rules, checked; fails naming the rule that does not compile. */
  public static AlertRules rules(Configuration conf) throws IOException, UsageException {
    ConfigFiles.Text rules =
        ConfigFiles.read(
            conf, RULES_FILE, Alerts.class, "alerts.properties", "the default alert rules");
    Webhook.check(conf);
    try {
      return AlertRules.parse(rules.text());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(rules.name() + ": " + e.getMessage());
    }
  }

  /**
   * Evaluates every rule on a day: the day's and each source's figures, and each hour that ran;
   * records what they raise (replacing the day's earlier evaluation) and returns it.
   */
  public static List<Alert> evaluateDay(Configuration conf, RunDate date)
      throws IOException, UsageException {
    AlertRules rules = rules(conf);
    DayFigures today = DayFigures.read(conf, date);
    List<DayFigures> history = history(conf, date);
    List<Alert> alerts = new ArrayList<>();
    for (Firing f : rules.evaluate(Scope.DAY, AlertVariables.day(today, history))) {
      alerts.add(alert(f, "day", date, null));
    }
    AlertVariables.sourceDays(today, history)
        .forEach(
            (source, v) ->
                rules
                    .evaluate(Scope.SOURCE_DAY, v)
                    .forEach(f -> alerts.add(alert(f, source, date, null))));
    for (int hour : today.hours().keySet()) {
      alerts.addAll(hourAlerts(rules, today, history, hour));
    }
    return new AlertLog(conf).replace(date, "day", alerts);
  }

  /** Evaluates the rules of scope {@code source_hour} on one hour; records and returns them. */
  public static List<Alert> evaluateHour(Configuration conf, RunDate date, int hour)
      throws IOException, UsageException {
    AlertRules rules = rules(conf);
    List<Alert> alerts = hourAlerts(rules, DayFigures.read(conf, date), history(conf, date), hour);
    return new AlertLog(conf).replace(date, String.format("hour-%02d", hour), alerts);
  }

  private static List<Alert> hourAlerts(
      AlertRules rules, DayFigures today, List<DayFigures> history, int hour) {
    List<Alert> alerts = new ArrayList<>();
    AlertVariables.sourceHours(today, history, hour)
        .forEach(
            (source, v) ->
                rules
                    .evaluate(Scope.SOURCE_HOUR, v)
                    .forEach(f -> alerts.add(alert(f, source, today.date(), hour))));
    return alerts;
  }

  /** Records the alert of a stage that failed on a day. */
  public static Alert stageFailed(Configuration conf, RunDate date, String stage, String reason)
      throws IOException {
    Alert a =
        new Alert(
            STAGE_FAILED + "/" + stage + "/" + date,
            STAGE_FAILED,
            "critical",
            "run",
            stage,
            date.toString(),
            null,
            time(date, null),
            null,
            null,
            "stage " + stage + " failed for " + date + ": " + reason,
            now());
    AlertLog log = new AlertLog(conf);
    List<Alert> kept = new ArrayList<>();
    for (Alert old : log.read(date)) {
      if (old.scope().equals("run") && !old.id().equals(a.id())) {
        kept.add(old);
      }
    }
    kept.add(a);
    log.replace(date, "run", kept);
    return a;
  }

  /**
   * Records an alert that {@code origin} (e.g. the stream job) raised on a day, next to what it
   * raised before; an alert of the same id is kept once, with the time it was first raised.
   */
  public static Alert raise(Configuration conf, RunDate date, String origin, Alert alert)
      throws IOException {
    AlertLog log = new AlertLog(conf);
    List<Alert> kept = new ArrayList<>();
    for (Alert old : log.raisedBy(date, origin)) {
      if (!old.id().equals(alert.id())) {
        kept.add(old);
      }
    }
    kept.add(alert);
    List<Alert> written = log.replace(date, origin, kept);
    return written.get(written.size() - 1);
  }

  /**
   * Evaluates the rules of scope {@code minute} on one feed's minute (the stream job's monitor),
   * records what they raise under {@code origin} (an alert of the same rule, feed and minute once)
   * and posts it to the webhook at once; returns what was raised. Each writer of minutes needs an
   * origin of its own: two never write one file.
   */
  public static List<Alert> evaluateMinute(
      Configuration conf,
      String origin,
      AlertRules rules,
      String feed,
      Instant minute,
      Map<String, Object> v)
      throws IOException {
    List<Firing> firings = rules.evaluate(Scope.MINUTE, v);
    if (firings.isEmpty()) {
      return List.of();
    }
    java.time.ZonedDateTime t = minute.atZone(ZoneOffset.UTC);
    RunDate date = new RunDate(t.toLocalDate());
    String hhmm = String.format("%02d:%02d", t.getHour(), t.getMinute());
    List<Alert> raised = new ArrayList<>();
    for (Firing f : firings) {
      Alert a = alert(f, feed, date, t.getHour());
      a =
          new Alert(
              a.id().substring(0, a.id().length() - 3) + "T" + hhmm,
              a.rule(),
              a.severity(),
              a.scope(),
              a.subject(),
              a.date(),
              a.hour(),
              minute.toString(),
              a.value(),
              a.threshold(),
              a.message(),
              a.raisedAt());
      raised.add(raise(conf, date, origin, a));
    }
    try {
      deliver(conf, date);
    } catch (UsageException e) {
      throw new IOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return raised;
  }

  /** Now, as alerts give their times: ISO-8601 UTC to the second. */
  public static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Every alert recorded for a day, each once. */
  public static List<Alert> read(Configuration conf, RunDate date) throws IOException {
    return new AlertLog(conf).read(date);
  }

  /** The days from {@code since} on that have alerts, oldest first. */
  public static List<RunDate> days(Configuration conf, RunDate since) throws IOException {
    return new AlertLog(conf).days(since.day());
  }

  /** Whether the webhook has taken an alert of a day. */
  public static boolean delivered(Configuration conf, RunDate date, Alert alert)
      throws IOException {
    return new AlertLog(conf).delivered(date, alert);
  }

  /**
   * Posts every alert of {@code upTo} and the {@value #REDELIVERY_DAYS} days before it that the
   * webhook has not taken yet, oldest first; stops at the first that cannot be delivered (the
   * receiver is down: the rest wait for the next run too). Never throws for the receiver.
   */
  public static Delivery deliver(Configuration conf, RunDate upTo)
      throws IOException, InterruptedException, UsageException {
    Webhook hook = Webhook.of(conf);
    if (hook == null) {
      return new Delivery(0, 0, null, null);
    }
    AlertLog log = new AlertLog(conf);
    List<Map.Entry<RunDate, Alert>> pending = new ArrayList<>();
    for (RunDate day : log.days(upTo.day().minusDays(REDELIVERY_DAYS))) {
      if (day.day().isAfter(upTo.day())) {
        continue;
      }
      for (Alert a : log.read(day)) {
        if (!log.delivered(day, a)) {
          pending.add(Map.entry(day, a));
        }
      }
    }
    int delivered = 0;
    for (Map.Entry<RunDate, Alert> p : pending) {
      Webhook.Outcome outcome = hook.post(p.getValue());
      if (!outcome.delivered()) {
        LOG.warn(
            "alert {} not delivered to {}: {}; {} kept for the next run",
            p.getValue().id(),
            hook.url(),
            outcome.problem(),
            pending.size() - delivered);
        return new Delivery(
            delivered, pending.size() - delivered, outcome.problem(), hook.url().toString());
      }
      log.markDelivered(p.getKey(), p.getValue());
      delivered++;
    }
    return new Delivery(delivered, 0, null, hook.url().toString());
  }

  private static List<DayFigures> history(Configuration conf, RunDate date) throws IOException {
    return DayFigures.readDays(
        conf, new RunDate(date.day().minusDays(1)), AlertFigures.HISTORY_DAYS);
  }

  private static Alert alert(Firing f, String subject, RunDate date, Integer hour) {
    String rule = f.failed() ? AlertRules.RULE_FAILED : f.rule().name();
    return new Alert(
        rule
            + "/"
            + (f.failed() ? f.rule().name() + "/" : "")
            + subject
            + "/"
            + date
            + (hour == null ? "" : String.format("T%02d", hour)),
        rule,
        f.failed() ? "warning" : f.rule().severity(),
        f.rule().scope().name().toLowerCase(java.util.Locale.ROOT),
        subject,
        date.toString(),
        hour,
        time(date, hour),
        Double.isNaN(f.value()) ? null : f.value(),
        Double.isNaN(f.threshold()) ? null : f.threshold(),
        f.message(),
        now());
  }

  private static String time(RunDate date, Integer hour) {
    return date.day()
        .atStartOfDay(ZoneOffset.UTC)
        .plusHours(hour == null ? 0 : hour)
        .toInstant()
        .toString();
  }
}
