package dev.dmp.mapreduce.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.attribute.AttributeReport;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.DmpException;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.JobRunner;
import dev.dmp.mapreduce.common.RunDate;
import dev.dmp.mapreduce.common.UsageException;
import dev.dmp.mapreduce.generate.GeneratedDay;
import dev.dmp.mapreduce.idgraph.GraphReport;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.profile.ProfileReport;
import dev.dmp.mapreduce.report.ReportJob;
import dev.dmp.mapreduce.report.ReportSummary;
import dev.dmp.mapreduce.serving.EmbeddedHBase;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code dmp bench --events N [--out DIR]}: on a generated day of N events, the floor pass ({@link
 * FloorPass}), every stage of the chain ({@link StageMeter}), the HBase load both ways and the
 * lookups ({@link HBaseBench}), and unless {@code --scale-only} the incremental-vs-full profile run
 * ({@link IncrementalBench}) and the graph's rounds on paths ({@link IdGraphRounds}); writes the
 * figures as JSON ({@code bench.json}) and Markdown ({@code bench.md}). {@code --compare} merges
 * the runs of several sizes ({@link Scaling}). Figures only: nothing here asserts a time.
 */
public class BenchTool extends DmpTool {

  public static final String NAME = "bench";

  public static void main(String[] args) throws Exception {
    main(new BenchTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "[--events N] [--seed S] [--out DIR] [--days D] [--day-events N] [--scale-only]"
        + " | --compare DIR...";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(
            Option.builder().longOpt("events").hasArg().desc("records (default 1000000)").build())
        .addOption(
            Option.builder().longOpt("seed").hasArg().desc("random seed (default 42)").build())
        .addOption(
            Option.builder().longOpt("out").hasArg().desc("where to write bench.json/.md").build())
        .addOption(
            Option.builder()
                .longOpt("days")
                .hasArg()
                .desc("history of the incremental-vs-full comparison (default 30)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("day-events")
                .hasArg()
                .desc("records per day of that history (default 100000)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("scale-only")
                .desc("only the figures that grow with --events: no incremental run, no paths")
                .build())
        .addOption(
            Option.builder()
                .longOpt("compare")
                .hasArgs()
                .desc("merge the bench.json of earlier runs (their directories) into --out")
                .build());
  }

  /** The meter of the stage being measured: it hears of the stage's jobs. */
  private StageMeter meter;

  private StageMeter meter() {
    meter = StageMeter.start();
    return meter;
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    Path outDir = Path.of(cmd.getOptionValue("out", "bench-out"));
    if (cmd.hasOption("compare")) {
      String md = Scaling.compare(cmd.getOptionValues("compare"), outDir);
      out.print(md);
      out.println("written to " + outDir.resolve("bench.json") + " and bench.md");
      return OK;
    }
    long events = positive(cmd, "events", 1_000_000);
    long seed = positive(cmd, "seed", 42);
    int days = (int) positive(cmd, "days", 30);
    long dayEvents = positive(cmd, "day-events", 100_000);
    RunDate day = new RunDate(LocalDate.of(2026, 11, 20));
    DmpPaths paths = DmpPaths.of(getConf());
    FileSystem fs = paths.base().getFileSystem(getConf());
    if (fs.exists(paths.rawDay(day))) {
      throw new UsageException(
          "the base directory " + paths.base() + " already holds data: bench needs an empty one");
    }
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path(paths.base(), "bench-input");

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("events", events);
    doc.put("seed", seed);
    doc.put("cores", Runtime.getRuntime().availableProcessors());
    doc.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    doc.put("local_tasks_at_once", getConf().getInt("mapreduce.local.map.tasks.maximum", 1));
    Map<String, Map<String, Object>> figures = new LinkedHashMap<>();

    GeneratedDay generated = new GeneratedDay(input, day);
    JobRunner.Listener toMeter =
        (job, seconds, counters) -> meter.completed(job, seconds, counters);
    StageRunner stages = StageRunner.quiet(getConf()).listen(toMeter);
    try (StageMeter m = meter()) {
      generated.generate(quiet(getConf()), events, seed);
      figures.put("generate", m.figures(events, events));
    }
    try (StageMeter m = meter()) {
      generated.ingest(quiet(getConf()));
      Map<String, Object> ingest = m.figures(events, events);
      ingest.put("bytes_read", size(fs, input));
      ingest.put("bytes_written", size(fs, paths.rawDay(day)));
      figures.put("ingest", ingest);
    }
    generated.forget(quiet(getConf()));

    org.apache.hadoop.fs.Path floorOut = new org.apache.hadoop.fs.Path(paths.tmp(), "bench-floor");
    try (StageMeter m = meter()) {
      Counters c =
          FloorPass.run(getConf(), paths.rawDay(day), floorOut, JobRunner.quiet().listen(toMeter));
      long records = c.findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue();
      Map<String, Object> floor = m.figures(records, records);
      floor.put("bytes_read", size(fs, paths.rawDay(day)));
      floor.put("bytes_written", size(fs, floorOut));
      figures.put("floor", floor);
    }
    fs.delete(floorOut, true);

    try (StageMeter m = meter()) {
      CleanReport clean = stages.run(new CleanJob(), day);
      Map<String, Object> c = m.figures(clean.read, clean.clean);
      c.put("bytes_read", size(fs, paths.rawDay(day)));
      c.put(
          "bytes_written",
          size(fs, paths.clean(day)) + size(fs, paths.rejects(day)) + size(fs, paths.links(day)));
      figures.put("clean", c);
    }
    long cleanEvents = (Long) figures.get("clean").get("records_out");
    try (StageMeter m = meter()) {
      GraphReport graph = stages.run(new IdGraphJob(), day);
      Map<String, Object> g = m.figures(cleanEvents, graph.components());
      g.put("identifiers", graph.nodes());
      g.put("rounds", graph.rounds());
      g.put("bytes_read", size(fs, paths.clean(day)) + size(fs, paths.links(day)));
      g.put("bytes_written", size(fs, paths.graph(day)));
      figures.put("idgraph", g);
    }
    long attributed;
    try (StageMeter m = meter()) {
      AttributeReport report = stages.run(new AttributeJob(), day);
      attributed = report.attributed();
      Map<String, Object> a = m.figures(cleanEvents, attributed);
      a.put(
          "bytes_read",
          size(fs, paths.clean(day)) + size(fs, DmpPaths.assignments(paths.graph(day))));
      a.put("bytes_written", size(fs, paths.attributed(day)));
      figures.put("attribute", a);
    }
    try (StageMeter m = meter()) {
      ProfileReport profiles = stages.run(new ProfileJob(false), day);
      Map<String, Object> p = m.figures(attributed, profiles.profiles());
      p.put("bytes_read", size(fs, paths.attributed(day)));
      p.put("bytes_written", size(fs, paths.profiles(day)));
      figures.put("profile", p);
    }
    try (StageMeter m = meter()) {
      ReportSummary report = stages.run(new ReportJob(), day);
      Map<String, Object> r = m.figures(attributed, report.rows());
      r.put("bytes_read", size(fs, paths.attributed(day)));
      r.put("bytes_written", size(fs, paths.reports(day)));
      figures.put("report", r);
    }
    addRatios(doc, figures, events);
    doc.put("stages", figures);

    if (EmbeddedHBase.isConfigured(getConf())) {
      doc.put("hbase", hbase(day));
    }
    if (!cmd.hasOption("scale-only")) {
      Configuration history = new Configuration(getConf());
      history.set(
          DmpPaths.BASE_DIR,
          new org.apache.hadoop.fs.Path(paths.tmp(), "bench-history").toString());
      doc.put(
          "incremental", IncrementalBench.run(history, quiet(history), days, dayEvents, seed, day));
      doc.put(
          "idgraph_paths",
          IdGraphRounds.run(
              getConf(),
              new org.apache.hadoop.fs.Path(paths.tmp(), "bench-paths"),
              pathDiameters(events),
              seed));
    }
    doc.put("peak_rss_mb", peakRssMb());
    Files.createDirectories(outDir);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(outDir.resolve("bench.json").toFile(), doc);
    String md = BenchTables.markdown(doc);
    Files.writeString(outDir.resolve("bench.md"), md);
    out.print(md);
    out.println("written to " + outDir.resolve("bench.json") + " and bench.md");
    return OK;
  }

  /** Paths of diameter 10, 100, ... up to a tenth of the events, 100,000 at most. */
  static int[] pathDiameters(long events) {
    return IntStream.iterate(
            10, d -> d <= Math.min(100_000, Math.max(10, events / 10)), d -> d * 10)
        .toArray();
  }

  /** The stages of the daily chain after ingest, whose sum is compared with the floor pass. */
  static final List<String> CHAIN = List.of("clean", "idgraph", "attribute", "profile", "report");

  /** The work Spark's reference figure covers: clean, graph, per-person aggregation. */
  static final List<String> SPARK_SCOPE = List.of("clean", "idgraph", "attribute", "profile");

  private static void addRatios(
      Map<String, Object> doc, Map<String, Map<String, Object>> stages, long events) {
    double floor = (Double) stages.get("floor").get("seconds");
    for (Map.Entry<String, Map<String, Object>> e : stages.entrySet()) {
      if (!e.getKey().equals("generate") && !e.getKey().equals("ingest")) {
        e.getValue().put("floor_ratio", ratio((Double) e.getValue().get("seconds"), floor));
      }
    }
    double chain = sum(stages, CHAIN);
    doc.put("chain_seconds", StageMeter.round(chain));
    doc.put("chain_floor_ratio", ratio(chain, floor));
    doc.put("chain_microseconds_per_event", Math.round(chain * 1e7 / events) / 10.0);
    doc.put("spark_scope_seconds", StageMeter.round(sum(stages, SPARK_SCOPE)));
    doc.put("spark_reference_seconds", 43.0);
  }

  private static double sum(Map<String, Map<String, Object>> stages, List<String> names) {
    return names.stream().mapToDouble(n -> (Double) stages.get(n).get("seconds")).sum();
  }

  static double ratio(double a, double b) {
    return Math.round(100.0 * a / b) / 100.0;
  }

  private static long positive(CommandLine cmd, String option, long byDefault)
      throws UsageException {
    String v = cmd.getOptionValue(option);
    if (v == null) {
      return byDefault;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--" + option + " '" + v + "' is not a positive whole number");
  }

  private static long size(FileSystem fs, org.apache.hadoop.fs.Path p) throws IOException {
    return fs.exists(p) ? fs.getContentSummary(p).getLength() : 0;
  }

  /** The load both ways on the same profiles, then lookups; see {@link HBaseBench}. */
  private Map<String, Object> hbase(RunDate day) throws Exception {
    Map<String, Object> h = new LinkedHashMap<>();
    Map<String, Object> bulk = HBaseBench.bulkLoad(getConf(), day);
    Map<String, Object> puts = HBaseBench.puts(getConf(), day);
    h.put("bulk_load", bulk);
    h.put("puts", puts);
    h.put(
        "bulk_vs_put_ratio",
        ratio((Long) bulk.get("rows_per_second"), (Long) puts.get("rows_per_second")));
    h.put("lookups", HBaseBench.lookups(getConf(), day));
    return h;
  }

  /** Runs commands with {@code conf}, their output discarded; a failing command fails the bench. */
  private GeneratedDay.Steps quiet(Configuration conf) {
    return (tool, args) -> {
      tool.redirect(
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), err);
      if (ToolRunner.run(conf, tool, args) != OK) {
        throw new DmpException("dmp " + tool.name() + " failed");
      }
    };
  }

  /** Peak resident set of this JVM (Linux), which hosts every task in local mode. */
  private static long peakRssMb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
      }
    }
    return -1;
  }
}
