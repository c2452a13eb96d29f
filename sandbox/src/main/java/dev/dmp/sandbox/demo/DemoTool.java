package dev.dmp.sandbox.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.gate.QualityTool;
import dev.dmp.mapreduce.idgraph.GraphReport;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.monitor.DashboardTool;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.profile.ProfileReport;
import dev.dmp.mapreduce.run.RunTool;
import dev.dmp.mapreduce.serving.LookupTool;
import dev.dmp.mapreduce.serving.SegmentTool;
import dev.dmp.mapreduce.stage.StageRunner;
import dev.dmp.sandbox.generate.GeneratedDay;
import dev.dmp.sandbox.generate.PlantedPeople;
import dev.dmp.sandbox.kafka.KafkaDay;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code dmp demo [--date D] [--events N]}: a day end to end, each step as the command a user would
 * type: generate, forget the people who opted out (before the day arrives), land every source
 * (through an embedded Kafka broker and the stream job, or {@code --via files} with ingest), run
 * the daily chain, print the quality report, look a few planted people up in HBase and list a
 * segment; then check the counts, and what HBase serves for every planted person, against the
 * planted truth.
 */
public class DemoTool extends DmpTool {

  public static final String NAME = "demo";

  public static void main(String[] args) throws Exception {
    main(new DemoTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "[--date YYYY-MM-DD] [--events N] [--seed S] [--via kafka|files]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(
            Option.builder().longOpt("date").hasArg().desc("day (default 2026-11-20)").build())
        .addOption(
            Option.builder().longOpt("events").hasArg().desc("records (default 200000)").build())
        .addOption(
            Option.builder().longOpt("seed").hasArg().desc("random seed (default 42)").build())
        .addOption(
            Option.builder()
                .longOpt("via")
                .hasArg()
                .desc(
                    "how the day arrives: kafka (default: an embedded broker, the stream job) or"
                        + " files (dmp ingest)")
                .build());
  }

  /** The demo's revenue comes in three currencies, converted into CNY with the day's rates. */
  static final String DEMO_CURRENCIES = "CNY,USD,EUR";

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(cmd.getOptionValue("date", "2026-11-20"));
    // Both become part of a directory's name below: checked before any file is touched.
    long events = wholeNumber(cmd, "events", 200_000, 1, Long.MAX_VALUE);
    long seed = wholeNumber(cmd, "seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
    String via = cmd.getOptionValue("via", "kafka");
    if (!via.equals("kafka") && !via.equals("files")) {
      throw new UsageException("--via must be kafka or files, not '" + via + "'");
    }
    if (via.equals("kafka")) {
      KafkaDay.requirePast(date);
    }
    DmpPaths paths = DmpPaths.of(getConf());
    FileSystem fs = paths.base().getFileSystem(getConf());
    GeneratedDay day =
        new GeneratedDay(
            new Path(
                paths.base(), "demo-input/" + date.partition() + "-seed" + seed + "-" + events),
            date);
    if (!fs.exists(day.truth()) || !fs.exists(day.rates())) {
      PathGuard.of(getConf()).delete(day.dir(), true);
      day.generate(this::step, events, seed, DEMO_CURRENCIES);
    } else {
      out.println("# reusing generated input in " + day.dir());
    }
    day.forget(this::step);
    if (via.equals("kafka")) {
      KafkaDay.land(getConf(), day, date, this::step, out);
    } else {
      day.ingest(this::step);
    }
    step(new RunTool(), "--date", date.toString(), "--full-profile");
    step(new QualityTool(), "--date", date.toString());
    out.println();
    List<String> countDifferences = compareWithTruth(getConf(), fs, day.truth(), paths, date);
    if (!countDifferences.isEmpty()) {
      err.println(
          "dmp demo: the counts differ from the planted truth in "
              + countDifferences
              + " (does this DMP_HOME hold other data for "
              + date
              + "?); truth: "
              + day.truth());
      return FAILED;
    }
    out.println(
        "# every count above, people included, equals the truth the generator planted ("
            + day.truth()
            + ")");

    List<PlantedPeople.Person> planted =
        PlantedPeople.read(fs, new Path(day.dir(), "_components.jsonl"));
    List<PlantedPeople.Person> shown = PlantedPeople.sample(planted, 3);
    List<String> lookup = new ArrayList<>();
    for (PlantedPeople.Person p : shown) {
      lookup.add("--id");
      lookup.add(p.ids().get(0));
    }
    step(new LookupTool(), lookup.toArray(String[]::new));
    String segment = firstSegment(date);
    if (segment != null) {
      step(new SegmentTool(), segment, "--limit", "5");
    }
    try (DmpClient client = DmpClient.connect(HBaseConnections.clientConf(getConf()))) {
      List<String> differences = PlantedPeople.check(client, planted);
      out.println();
      if (!differences.isEmpty()) {
        err.println(
            "dmp demo: HBase differs from the planted people in "
                + differences.size()
                + " cases, e.g. "
                + differences.subList(0, Math.min(3, differences.size())));
        return FAILED;
      }
      out.println(
          "# HBase serves all "
              + planted.size()
              + " planted people under every one of their identifiers, with the planted"
              + " events and revenue (suppressed people under none)");
    }
    out.println(
        "# datasets are under "
            + paths.base()
            + " (raw/, clean/, rejects/, links/, graph/, attributed/, profiles/, reports/, quality/)");
    step(new DashboardTool(), "--date", date.toString());
    out.println(
        "# the day's page: open "
            + paths.dashboard(date).toUri()
            + " in a browser, or serve it with dmp serve --http 8080");
    return OK;
  }

  /** A segment with members on the day, from the profile stage's report; null if none. */
  private String firstSegment(RunDate date) throws IOException, DmpException {
    return StageRunner.read(getConf(), ProfileJob.NAME, date, ProfileReport.class)
        .segments()
        .entrySet()
        .stream()
        .filter(e -> e.getValue() > 0)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  /** The counts of the day that differ from what the generator planted; empty when none do. */
  static List<String> compareWithTruth(
      Configuration conf, FileSystem fs, Path truthFile, DmpPaths paths, RunDate date)
      throws IOException, DmpException {
    ObjectMapper json = new ObjectMapper();
    JsonNode truth;
    JsonNode report;
    try (InputStream t = fs.open(truthFile);
        InputStream r = fs.open(paths.report(date, CleanJob.NAME))) {
      truth = json.readTree(t);
      report = json.readTree(r);
    }
    List<String> differences = new ArrayList<>();
    for (String fate : List.of("clean", "duplicate", "bot", "opted_out")) {
      if (truth.at("/fates/" + fate).asLong() != report.get(fate).asLong()) {
        differences.add(fate);
      }
    }
    truth
        .get("rejected")
        .fieldNames()
        .forEachRemaining(
            reason -> {
              if (truth.at("/rejected/" + reason).asLong()
                  != report.at("/rejected/" + reason).asLong()) {
                differences.add(reason);
              }
            });
    GraphReport graph = StageRunner.read(conf, IdGraphJob.NAME, date, GraphReport.class);
    long people;
    try (InputStream c = fs.open(new Path(truthFile.getParent(), "_components.jsonl"))) {
      people = new String(c.readAllBytes(), StandardCharsets.UTF_8).lines().count();
    }
    if (graph.components() != people) {
      differences.add("people");
    }
    return differences;
  }

  /** Runs one step, printed as the command a user would type. */
  private void step(DmpTool tool, String... args) throws Exception {
    out.println();
    out.println("$ dmp " + tool.name() + " " + String.join(" ", args));
    tool.redirect(out, err);
    int status = ToolRunner.run(getConf(), tool, args);
    if (status != OK) {
      throw new DmpException("step 'dmp " + tool.name() + "' failed (exit " + status + ")");
    }
  }
}
