package dev.dmp.mapreduce.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.core.quality.QualityGate;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.attribute.AttributeReport;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.report.ReportJob;
import dev.dmp.mapreduce.report.ReportSummary;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * {@code dmp gate --date D [--stage clean|report]}: the quality gate. After clean it checks the
 * reject rate and the volume against the trailing median; after report, that every stage's counts
 * reconcile with the next. Exit 0 when the day passes; 1 with the failing checks on one line
 * otherwise, and the chain stops before anything is loaded. The verdict is also written to {@code
 * quality/dt=D/gate-<stage>.json} for the scheduler.
 */
public class GateTool extends DmpTool {

  public static final String NAME = "gate";

  public static void main(String[] args) throws Exception {
    main(new GateTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD [--stage clean|report]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("date").hasArg().desc("day").build())
        .addOption(
            Option.builder().longOpt("stage").hasArg().desc("clean (default) or report").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(required(cmd, "date"));
    String stage = cmd.getOptionValue("stage", "clean");
    requirePass(getConf(), date, stage, "");
    out.println("quality gate passed for " + date + " after " + stage);
    return OK;
  }

  /** Fails with the gate's reasons, and {@code consequence} after them, unless the day passes. */
  public static void requirePass(Configuration conf, RunDate date, String stage, String consequence)
      throws IOException, DmpException, UsageException {
    List<String> failures = check(conf, date, stage);
    if (!failures.isEmpty()) {
      throw stopped(date, stage, failures, consequence);
    }
  }

  /** The failure of a day the gate stopped after {@code stage}, naming every failing check. */
  public static DmpException stopped(
      RunDate date, String stage, List<String> failures, String consequence) {
    return new DmpException(
        "quality gate failed for "
            + date
            + " after "
            + stage
            + ": "
            + String.join("; ", failures)
            + consequence);
  }

  /** The failing checks of a day after a stage (empty when it passes); records the verdict. */
  public static List<String> check(Configuration conf, RunDate date, String stage)
      throws IOException, DmpException, UsageException {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    List<String> failures;
    switch (stage) {
      case "clean" -> failures = checkClean(conf, fs, date);
      case "report" -> failures = checkReport(conf, date);
      default -> throw new UsageException("--stage must be clean or report, not '" + stage + "'");
    }
    Map<String, Object> verdict = new LinkedHashMap<>();
    verdict.put("date", date.toString());
    verdict.put("stage", stage);
    verdict.put("passed", failures.isEmpty());
    verdict.put("failures", failures);
    try (OutputStream o = fs.create(paths.report(date, "gate-" + stage), true)) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(o, verdict);
    }
    return failures;
  }

  private static List<String> checkClean(Configuration conf, FileSystem fs, RunDate date)
      throws IOException, DmpException {
    CleanReport today = StageRunner.read(conf, CleanJob.NAME, date, CleanReport.class);
    List<Long> previous = new ArrayList<>();
    for (int back = 1; back <= 7; back++) {
      RunDate day = new RunDate(date.day().minusDays(back));
      if (fs.exists(DmpPaths.of(conf).report(day, CleanJob.NAME))) {
        previous.add(StageRunner.read(conf, CleanJob.NAME, day, CleanReport.class).read);
      }
    }
    QualityGate.Limits limits =
        new QualityGate.Limits(
            conf.getDouble(QualityGate.MAX_REJECT_RATE, 0.05),
            conf.getDouble(QualityGate.MAX_VOLUME_DROP, 0.5),
            conf.getInt(QualityGate.MIN_HISTORY_DAYS, 3),
            conf.getLong(QualityGate.MIN_REJECTED, 10));
    List<String> failures =
        new ArrayList<>(QualityGate.checkClean(today.read, today.rejectedTotal, previous, limits));
    failures.addAll(QualityGate.checkRates(date.toString(), today.unrated));
    return failures;
  }

  private static List<String> checkReport(Configuration conf, RunDate date)
      throws IOException, DmpException {
    CleanReport clean = StageRunner.read(conf, CleanJob.NAME, date, CleanReport.class);
    AttributeReport attribute =
        StageRunner.read(conf, AttributeJob.NAME, date, AttributeReport.class);
    ReportSummary report = StageRunner.read(conf, ReportJob.NAME, date, ReportSummary.class);
    List<String> failures = new ArrayList<>();
    if (attribute.events() != clean.clean) {
      failures.add("attribute read " + attribute.events() + " events, clean wrote " + clean.clean);
    }
    if (report.events() != attribute.attributed()) {
      failures.add(
          "the report holds "
              + report.events()
              + " events, attribute wrote "
              + attribute.attributed());
    }
    return failures;
  }
}
