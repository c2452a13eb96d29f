package dev.dmp.mapreduce.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.avro.ReportRow;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.core.report.ReportAggregate;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.attribute.AttributeReport;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.stage.StageContext;
import dev.dmp.mapreduce.stage.StageRunner;
import dev.dmp.mapreduce.stage.StageTool;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.datasketches.hll.HllSketch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Daily reports: {@code dmp report --date D} aggregates the day's attributed events by source x
 * event type x campaign into {@code reports/dt=D/} (events, revenue, unique people as an HLL
 * sketch), and fails unless its events add up to the attributed ones. {@code dmp report --from D1
 * --to D2 [--json]} rolls days up by merging their rows and sketches, without a job.
 */
public class ReportJob extends StageTool<ReportSummary> {

  public static final String NAME = "report";

  static final String DATE = "dmp.report.date";

  public static void main(String[] args) throws Exception {
    main(new ReportJob(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD [--json]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("date").hasArg().desc("build the day's report").build())
        .addOption(Option.builder().longOpt("from").hasArg().desc("first day of a roll-up").build())
        .addOption(Option.builder().longOpt("to").hasArg().desc("last day of a roll-up").build())
        .addOption(Option.builder().longOpt("json").desc("print JSON").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate from;
    RunDate to;
    if (cmd.hasOption("date")) {
      RunDate date = RunDate.parse(cmd.getOptionValue("date"));
      new StageRunner(getConf(), out).run(this, date);
      from = date;
      to = date;
    } else if (cmd.hasOption("from") && cmd.hasOption("to")) {
      from = RunDate.parse(cmd.getOptionValue("from"));
      to = RunDate.parse(cmd.getOptionValue("to"));
      if (to.day().isBefore(from.day())) {
        throw new UsageException("--to is before --from");
      }
    } else {
      throw new UsageException("give --date, or --from and --to");
    }
    Map<String, ReportAggregate> rollup = rollup(getConf(), from, to);
    print(rollup, from, to, cmd.hasOption("json"));
    return OK;
  }

  @Override
  public List<Path> outputs(DmpPaths paths, RunDate date) {
    return List.of(paths.reports(date));
  }

  @Override
  public List<Input> inputs(DmpPaths paths, RunDate date) {
    return List.of(new Input(paths.attributed(date), "attributed events", AttributeJob.NAME));
  }

  /** Aggregates the day's attributed events; checks them against attribute's report. */
  @Override
  public ReportSummary run(StageContext context)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    RunDate date = context.date();
    DmpPaths paths = context.paths();
    long attributed =
        StageRunner.read(context.conf(), AttributeJob.NAME, date, AttributeReport.class)
            .attributed();
    Path rows = context.staged("reports");
    Job job = Jobs.newAvroJob(context.conf(), "dmp-report " + date, ReportJob.class);
    job.getConfiguration().set(DATE, date.toString());
    job.setInputFormatClass(AvroInputs.AttributedEvents.class);
    FileInputFormat.addInputPath(job, paths.attributed(date));
    job.setMapperClass(Reports.AggregateMapper.class);
    job.setMapOutputKeyClass(Text.class);
    AvroJob.setMapOutputValueSchema(job, ReportRow.getClassSchema());
    job.setReducerClass(Reports.MergeReducer.class);
    job.setNumReduceTasks(1); // a few thousand rows
    Jobs.avroOutput(job, ReportRow.getClassSchema(), rows);
    Counters counters = context.run(null, job);
    long events = counters.findCounter(Reports.ReportCounters.EVENTS).getValue();
    if (events != attributed) {
      throw new DmpException(
          "counts do not reconcile: the report holds "
              + events
              + " events, attribute wrote "
              + attributed
              + "; nothing was published for "
              + date);
    }
    context.publish(rows, paths.reports(date));
    return new ReportSummary(events, counters.findCounter(Reports.ReportCounters.ROWS).getValue());
  }

  /** The rows of the days from..to merged by source, event type and campaign. */
  public static Map<String, ReportAggregate> rollup(Configuration conf, RunDate from, RunDate to)
      throws IOException, DmpException {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    Map<String, ReportAggregate> merged = new TreeMap<>();
    for (LocalDate d = from.day(); !d.isAfter(to.day()); d = d.plusDays(1)) {
      Path day = paths.reports(new RunDate(d));
      if (!fs.exists(day)) {
        throw new DmpException("no report for " + d + ": run report --date " + d);
      }
      for (ReportRow row : AvroFiles.read(conf, day, ReportRow.class)) {
        merged
            .computeIfAbsent(
                Reports.key(row.getSource(), row.getEventType(), row.getCampaign()),
                k -> new ReportAggregate())
            .add(row);
      }
    }
    return merged;
  }

  private void print(Map<String, ReportAggregate> rows, RunDate from, RunDate to, boolean json)
      throws IOException {
    String period = from.equals(to) ? from.toString() : from + ".." + to;
    if (json) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode doc = m.createObjectNode();
      doc.put("from", from.toString());
      doc.put("to", to.toString());
      ArrayNode array = doc.putArray("rows");
      rows.forEach(
          (key, agg) -> {
            String[] k = key.split("\t", -1);
            HllSketch s = agg.sketch();
            ObjectNode r = array.addObject();
            r.put("source", k[0]).put("event_type", k[1]).put("campaign", k[2]);
            JsonNode row =
                m.valueToTree(
                    Map.of(
                        "events", agg.row("", "", "", "").getEvents(),
                        "revenue", agg.row("", "", "", "").getRevenue(),
                        "people", Math.round(s.getEstimate()),
                        "people_low95", Math.round(s.getLowerBound(2)),
                        "people_high95", Math.round(s.getUpperBound(2))));
            r.setAll((ObjectNode) row);
          });
      out.println(m.writeValueAsString(doc));
      return;
    }
    out.printf(
        "report %s (all campaigns; people are HLL estimates, 95%% bounds in brackets)%n", period);
    out.printf(
        "  %-8s %-12s %12s %14s %24s%n", "source", "event_type", "events", "revenue", "people");
    rows.forEach(
        (key, agg) -> {
          String[] k = key.split("\t", -1);
          if (k[2].equals(Reports.ALL_CAMPAIGNS)) {
            HllSketch s = agg.sketch();
            ReportRow r = agg.row("", "", "", "");
            out.printf(
                "  %-8s %-12s %,12d %,14.2f %,9d [%,d..%,d]%n",
                k[0],
                k[1],
                r.getEvents(),
                r.getRevenue(),
                Math.round(s.getEstimate()),
                Math.round(s.getLowerBound(2)),
                Math.round(s.getUpperBound(2)));
          }
        });
  }
}
