package dev.dmp.mapreduce.stage;

import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpTool;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The command of a stage: {@code dmp <stage> --date YYYY-MM-DD}, run by a {@link StageRunner} that
 * prints each job as it is submitted and the stage's line at the end.
 */
public abstract class StageTool<R extends StageReport> extends DmpTool implements Stage<R> {

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD";
  }

  @Override
  protected Options options() {
    return new Options().addOption(Option.builder().longOpt("date").hasArg().desc("day").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(required(cmd, "date"));
    readOptions(cmd);
    new StageRunner(getConf(), out).run(this, date);
    return OK;
  }

  /** Takes the stage's own options, if it has any beyond {@code --date}. */
  protected void readOptions(CommandLine cmd) {}
}
