package dev.dmp.mapreduce.monitor;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.core.alerts.Alert;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.stage.StageRunner;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code dmp alerts [--since D] [--json]}: the alerts raised since a day, each with whether the
 * webhook has it. {@code dmp alerts --date D --evaluate [--hour H]} evaluates the rules on a day
 * (or one hour of it), records the alerts and delivers every one not yet delivered: what the
 * workflows run after the daily chain and after each hour. It fails only when the rules do not
 * compile: a receiver that is down is reported and its alerts kept for the next run.
 */
public class AlertsTool extends DmpTool {

  public static final String NAME = "alerts";

  public static void main(String[] args) throws Exception {
    main(new AlertsTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "[--since YYYY-MM-DD] [--json] | --date YYYY-MM-DD --evaluate [--hour HH]"
        + " | --date YYYY-MM-DD --failed STAGE [--reason TEXT]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("since")
                .hasArg()
                .desc("first day to list (default: 7 days ago)")
                .build())
        .addOption(Option.builder().longOpt("json").desc("one JSON object per alert").build())
        .addOption(Option.builder().longOpt("date").hasArg().desc("day to evaluate").build())
        .addOption(
            Option.builder()
                .longOpt("evaluate")
                .desc("evaluate the rules on --date, record and deliver the alerts")
                .build())
        .addOption(
            Option.builder().longOpt("hour").hasArg().desc("evaluate this hour only").build())
        .addOption(
            Option.builder()
                .longOpt("failed")
                .hasArg()
                .argName("STAGE")
                .desc("record and deliver the alert of STAGE failing on --date (the workflows)")
                .build())
        .addOption(Option.builder().longOpt("reason").hasArg().desc("why --failed failed").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    if (cmd.hasOption("failed")) {
      RunDate date = RunDate.parse(required(cmd, "date"));
      out.println(
          Monitor.afterFailure(
              getConf(),
              date,
              cmd.getOptionValue("failed"),
              cmd.getOptionValue("reason", "unknown")));
      return OK;
    }
    if (cmd.hasOption("evaluate")) {
      RunDate date = RunDate.parse(required(cmd, "date"));
      out.println(
          cmd.hasOption("hour")
              ? Monitor.afterHour(getConf(), date, RunDate.parseHour(cmd.getOptionValue("hour")))
              : Monitor.afterDay(getConf(), date));
      return OK;
    }
    if (cmd.hasOption("date") || cmd.hasOption("hour")) {
      throw new UsageException("--date and --hour go with --evaluate; to list, give --since");
    }
    RunDate since =
        cmd.hasOption("since")
            ? RunDate.parse(cmd.getOptionValue("since"))
            : new RunDate(LocalDate.now(ZoneOffset.UTC).minusDays(7));
    boolean json = cmd.hasOption("json");
    int count = 0;
    for (RunDate day : Alerts.days(getConf(), since)) {
      for (Alert a : Alerts.read(getConf(), day)) {
        boolean delivered = Alerts.delivered(getConf(), day, a);
        if (json) {
          com.fasterxml.jackson.databind.node.ObjectNode doc = StageRunner.JSON.valueToTree(a);
          doc.put("delivered", delivered);
          out.println(
              StageRunner.JSON
                  .writer()
                  .without(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(doc));
        } else {
          out.printf(
              "%-16s %-8s %-18s %-10s %s%s%n",
              a.hour() == null ? a.date() : String.format("%sT%02d", a.date(), a.hour()),
              a.severity(),
              a.rule(),
              a.subject(),
              a.message(),
              delivered ? "" : "  [not delivered]");
        }
        count++;
      }
    }
    if (!json && count == 0) {
      out.println("no alerts since " + since);
    }
    return OK;
  }

  /** One line: what an evaluation raised and what the webhook took. */
  static String summary(String what, List<Alert> raised, Alerts.Delivery delivery) {
    long critical = raised.stream().filter(a -> a.severity().equals("critical")).count();
    return String.format(
        "alerts    %s: %d raised%s; %s",
        what,
        raised.size(),
        critical > 0 ? " (" + critical + " critical)" : "",
        delivery.summary());
  }
}
