package dev.dmp.mapreduce.common;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** A stage that runs one day and takes nothing but {@code --date YYYY-MM-DD}. */
public abstract class DailyTool extends DmpTool {

  @Override
  protected final String synopsis() {
    return "--date YYYY-MM-DD";
  }

  @Override
  protected final Options options() {
    return new Options().addOption(Option.builder().longOpt("date").hasArg().desc("day").build());
  }

  @Override
  protected final int execute(CommandLine cmd) throws Exception {
    return execute(RunDate.parse(required(cmd, "date")));
  }

  /** Runs the day and prints its one-line summary; returns the exit status. */
  protected abstract int execute(RunDate date) throws Exception;
}
