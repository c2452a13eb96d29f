package dev.dmp.mapreduce.monitor;

import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.DmpTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code dmp dashboard --date D [--days N] [--out FILE]}: the daily page of a day and the N days up
 * to it, one self-contained HTML file. Without {@code --out} it goes beside the data, to {@code
 * reports/html/dt=D/index.html}, where the daily workflow writes it and {@code dmp serve --http}
 * serves it; with it, to a local file.
 */
public class DashboardTool extends DmpTool {

  public static final String NAME = "dashboard";

  /** Days the page {@code dmp run} and the daily workflow write shows. */
  public static final String DAYS = "dmp.dashboard.days";

  /** Days a page shows by default. */
  public static final int DEFAULT_DAYS = 30;

  public static void main(String[] args) throws Exception {
    main(new DashboardTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD [--days N] [--out FILE]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("date").hasArg().desc("day of the page").build())
        .addOption(
            Option.builder()
                .longOpt("days")
                .hasArg()
                .desc("days shown, up to --date (default " + DEFAULT_DAYS + ")")
                .build())
        .addOption(
            Option.builder()
                .longOpt("out")
                .hasArg()
                .desc("a local file (default: reports/html/dt=D/index.html beside the data)")
                .build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(required(cmd, "date"));
    int days = (int) wholeNumber(cmd, "days", getConf().getInt(DAYS, DEFAULT_DAYS), 1, 366);
    if (days < 1 || days > 366) { // the configured default
      throw new UsageException("--days must be between 1 and 366");
    }
    if (cmd.hasOption("out")) {
      java.nio.file.Path out = java.nio.file.Path.of(cmd.getOptionValue("out")).toAbsolutePath();
      Files.writeString(out, Dashboard.render(getConf(), date, days), StandardCharsets.UTF_8);
      this.out.println("dashboard " + date + ": " + out);
    } else {
      this.out.println("dashboard " + date + ": " + Dashboard.write(getConf(), date, days));
    }
    return OK;
  }
}
