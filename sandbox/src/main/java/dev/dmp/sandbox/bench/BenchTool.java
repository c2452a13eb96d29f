package dev.dmp.sandbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.JobRunner;
import dev.dmp.mapreduce.idgraph.GraphReport;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.report.ReportJob;
import dev.dmp.mapreduce.stage.Stage;
import dev.dmp.mapreduce.stage.StageReport;
import dev.dmp.mapreduce.stage.StageRunner;
import dev.dmp.sandbox.generate.GeneratedDay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 * ({@link IncrementalBench}), the graph's rounds on paths ({@link IdGraphRounds}), a hot key
 * ({@link HotKey}) and a giant component in a 1 GiB heap ({@link GiantComponent}); writes the
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
    return "[--events N] [--seed S] [--out DIR] [--days D] [--day-events N]"
        + " [--giant-component N] [--scale-only]"
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
                .longOpt("giant-component")
                .hasArg()
                .desc(
                    "identifiers of the path run through idgraph with a 1 GiB heap"
                        + " (default twice the events, at most 2000000)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("scale-only")
                .desc(
                    "only the figures that grow with --events: no incremental run, no paths,"
                        + " no hot key, no giant component")
                .build())
        .addOption(
            Option.builder()
                .longOpt("landing")
                .desc(
                    "measure only the stream job's landing from Kafka (throughput, produce to"
                        + " committed file, restart) into --out/landing.json")
                .build())
        .addOption(
            Option.builder()
                .longOpt("stream")
                .desc(
                    "measure only the stream job with its speed layer (throughput, produce to"
                        + " DmpClient at 5,000 events/s, memory) into --out/stream.json")
                .build())
        .addOption(
            Option.builder()
                .longOpt("compare")
                .hasArgs()
                .desc("merge the bench.json of earlier runs (their directories) into --out")
                .build());
  }

  /** MapReduce jobs run since the count was last reset. */
  private final AtomicInteger jobs = new AtomicInteger();

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
    long events = wholeNumber(cmd, "events", 1_000_000, 1, Long.MAX_VALUE);
    long seed = wholeNumber(cmd, "seed", 42, 1, Long.MAX_VALUE);
    int days = (int) wholeNumber(cmd, "days", 30, 1, Integer.MAX_VALUE);
    long dayEvents = wholeNumber(cmd, "day-events", 100_000, 1, Long.MAX_VALUE);
    int giant =
        (int)
            Math.min(
                Integer.MAX_VALUE,
                wholeNumber(
                    cmd, "giant-component", Math.min(2_000_000, 2 * events), 1, Long.MAX_VALUE));
    RunDate day = new RunDate(LocalDate.of(2026, 11, 20));
    DmpPaths paths = DmpPaths.of(getConf());
    FileSystem fs = paths.base().getFileSystem(getConf());
    if (fs.exists(paths.rawDay(day))) {
      throw new UsageException(
          "the base directory " + paths.base() + " already holds data: bench needs an empty one");
    }
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path(paths.base(), "bench-input");

    if (cmd.hasOption("stream")) {
      GeneratedDay generated = new GeneratedDay(input, day);
      generated.generate(quiet(getConf()), events, seed);
      ObjectNode stream = new ObjectMapper().createObjectNode();
      stream.put("events", events);
      stream.put("cores", Runtime.getRuntime().availableProcessors());
      new StreamBench(getConf(), out).run(generated, day, stream);
      Files.createDirectories(outDir);
      new ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(outDir.resolve("stream.json").toFile(), stream);
      out.println("written to " + outDir.resolve("stream.json"));
      return OK;
    }
    if (cmd.hasOption("landing")) {
      GeneratedDay generated = new GeneratedDay(input, day);
      generated.generate(quiet(getConf()), events, seed);
      ObjectNode landing = new ObjectMapper().createObjectNode();
      landing.put("events", events);
      landing.put("cores", Runtime.getRuntime().availableProcessors());
      new LandingBench(getConf(), out).run(generated, day, landing);
      Files.createDirectories(outDir);
      new ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(outDir.resolve("landing.json").toFile(), landing);
      out.println("written to " + outDir.resolve("landing.json"));
      return OK;
    }

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("events", events);
    doc.put("seed", seed);
    doc.put("cores", Runtime.getRuntime().availableProcessors());
    doc.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    doc.put("local_tasks_at_once", getConf().getInt("mapreduce.local.map.tasks.maximum", 1));
    Map<String, Map<String, Object>> figures = new LinkedHashMap<>();

    GeneratedDay generated = new GeneratedDay(input, day);
    JobRunner.Listener toMeter =
        (job, seconds, counters) -> {
          meter.completed(job, seconds, counters);
          jobs.incrementAndGet();
        };
    StageRunner stages = StageRunner.quiet(getConf()).listen(toMeter);
    try (StageMeter m = meter()) {
      generated.generate(quiet(getConf()), events, seed);
      figures.put("generate", m.figures(events, events));
    }
    generated.forget(quiet(getConf()));
    try (StageMeter m = meter()) {
      generated.ingest(quiet(getConf()));
      Map<String, Object> ingest = m.figures(events, events);
      ingest.put("bytes_read", size(fs, input));
      ingest.put("bytes_written", size(fs, paths.rawDay(day)));
      figures.put("ingest", ingest);
    }

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

    jobs.set(0); // the day's MapReduce jobs, clean to load
    CleanReport clean =
        measure(figures, stages, new CleanJob(), day, events, size(fs, paths.rawDay(day)));
    GraphReport graph =
        measure(
            figures,
            stages,
            new IdGraphJob(),
            day,
            clean.clean,
            size(fs, paths.clean(day)) + size(fs, paths.links(day)));
    figures.get(IdGraphJob.NAME).put("identifiers", graph.nodes());
    figures.get(IdGraphJob.NAME).put("rounds", graph.rounds());
    long attributed =
        measure(
                figures,
                stages,
                new AttributeJob(),
                day,
                clean.clean,
                size(fs, paths.clean(day)) + size(fs, DmpPaths.assignments(paths.graph(day))))
            .attributed();
    measure(
        figures, stages, new ProfileJob(false), day, attributed, size(fs, paths.attributed(day)));
    measure(figures, stages, new ReportJob(), day, attributed, size(fs, paths.attributed(day)));
    Scaling.addRatios(doc, figures, events);
    doc.put("stages", figures);

    if (HBaseConnections.enabled(getConf())) {
      Map<String, Object> h = hbase(day, stages);
      doc.put("hbase", h);
      double load = (Double) BenchTables.map(h, "bulk_load").get("stage_seconds");
      doc.put("run_seconds", StageMeter.round((Double) doc.get("chain_seconds") + load));
    }
    doc.put("jobs_per_day", jobs.get());
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
      doc.put(
          "hot_key",
          HotKey.run(getConf(), day, new org.apache.hadoop.fs.Path(paths.tmp(), "bench-hot-key")));
      doc.put(
          "giant_component",
          GiantComponent.run(
              getConf(), new org.apache.hadoop.fs.Path(paths.tmp(), "bench-giant"), giant, seed));
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

  private static long size(FileSystem fs, org.apache.hadoop.fs.Path p) throws IOException {
    return fs.exists(p) ? fs.getContentSummary(p).getLength() : 0;
  }

  /**
   * Runs one stage of the day under a meter and adds its figures to {@code figures}: records in
   * (given: what the chain handed the stage) and out (the report's), bytes read (given) and written
   * (the stage's outputs).
   */
  private <R extends StageReport> R measure(
      Map<String, Map<String, Object>> figures,
      StageRunner stages,
      Stage<R> stage,
      RunDate day,
      long recordsIn,
      long bytesRead)
      throws Exception {
    DmpPaths paths = DmpPaths.of(getConf());
    FileSystem fs = paths.base().getFileSystem(getConf());
    try (StageMeter m = meter()) {
      R report = stages.run(stage, day);
      Map<String, Object> f = m.figures(recordsIn, report.recordsOut());
      f.put("bytes_read", bytesRead);
      long written = 0;
      for (org.apache.hadoop.fs.Path output : stage.outputs(paths, day)) {
        written += size(fs, output);
      }
      f.put("bytes_written", written);
      figures.put(stage.name(), f);
      return report;
    }
  }

  /** The load both ways on the same profiles, then lookups; see {@link HBaseBench}. */
  private Map<String, Object> hbase(RunDate day, StageRunner stages) throws Exception {
    Map<String, Object> h = new LinkedHashMap<>();
    Map<String, Object> bulk;
    try (StageMeter m = meter()) { // the load's job, and no other stage's, goes to its meter
      bulk = HBaseBench.bulkLoad(getConf(), day, stages);
      Map<String, Object> job = m.figures(0, 0);
      bulk.put("shuffled_bytes", job.get("bytes_shuffled"));
      bulk.put("spilled_records", job.get("spilled_records"));
      bulk.put("map_output_records", job.get("map_output_records"));
      bulk.put("gc_ms", job.get("gc_ms"));
      bulk.put("jobs", job.get("jobs"));
    }
    Map<String, Object> puts = HBaseBench.puts(getConf(), day);
    h.put("bulk_load", bulk);
    h.put("puts", puts);
    h.put(
        "bulk_vs_put_ratio",
        Scaling.ratio((Long) bulk.get("rows_per_second"), (Long) puts.get("rows_per_second")));
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
