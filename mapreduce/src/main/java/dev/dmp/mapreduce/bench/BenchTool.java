package dev.dmp.mapreduce.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.RunDate;
import dev.dmp.mapreduce.common.UsageException;
import dev.dmp.mapreduce.generate.GeneratedDay;
import dev.dmp.mapreduce.hbase.EmbeddedHBase;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.report.ReportJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code dmp bench --events N [--out DIR]}: measures the stages on generated data of a given size
 * and writes the figures as JSON ({@code bench.json}) and Markdown ({@code bench.md}). Figures
 * only: nothing here asserts a time.
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
  protected String synopsis() {
    return "[--events N] [--seed S] [--out DIR]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(
            Option.builder().longOpt("events").hasArg().desc("records (default 1000000)").build())
        .addOption(
            Option.builder().longOpt("seed").hasArg().desc("random seed (default 42)").build())
        .addOption(
            Option.builder().longOpt("out").hasArg().desc("where to write bench.json/.md").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    String events = cmd.getOptionValue("events", "1000000");
    String seed = cmd.getOptionValue("seed", "42");
    Path outDir = Path.of(cmd.getOptionValue("out", "bench-out"));
    String day = "2026-11-20";
    DmpPaths paths = DmpPaths.of(getConf());
    FileSystem fs = paths.base().getFileSystem(getConf());
    if (fs.exists(paths.rawDay(RunDate.parse(day)))) {
      throw new UsageException(
          "the base directory " + paths.base() + " already holds data: bench needs an empty one");
    }
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path(paths.base(), "bench-input");

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("events", Long.parseLong(events));
    doc.put("seed", Long.parseLong(seed));
    doc.put("cores", Runtime.getRuntime().availableProcessors());
    doc.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    Map<String, Map<String, Object>> stages = new LinkedHashMap<>();

    GeneratedDay generated = new GeneratedDay(input, RunDate.parse(day));
    long t = System.nanoTime();
    generated.generate(this::quiet, Long.parseLong(events), Long.parseLong(seed));
    stages.put("generate", figures(seconds(t), Long.parseLong(events), Long.parseLong(events)));
    long inputBytes = fs.getContentSummary(input).getLength();

    t = System.nanoTime();
    generated.ingest(this::quiet);
    Map<String, Object> ingest =
        figures(seconds(t), Long.parseLong(events), Long.parseLong(events));
    ingest.put("bytes_read", inputBytes);
    ingest.put("bytes_written", fs.getContentSummary(paths.rawDay(RunDate.parse(day))).getLength());
    stages.put("ingest", ingest);

    generated.forget(this::quiet);
    CleanReport clean = CleanJob.run(getConf(), RunDate.parse(day));
    Map<String, Object> c = figures(clean.seconds, clean.read, clean.clean);
    // Bytes from the datasets themselves: in local mode the FILE_BYTES_* counters also hold what
    // earlier work in the same JVM (generate, ingest) read and wrote.
    c.put("bytes_read", fs.getContentSummary(paths.rawDay(RunDate.parse(day))).getLength());
    c.put("bytes_written", outputBytes(fs, paths, RunDate.parse(day)));
    c.putAll(jobFigures(clean.jobCounters));
    stages.put("clean", c);

    t = System.nanoTime();
    Map<String, Object> graph = IdGraphJob.run(getConf(), RunDate.parse(day));
    Map<String, Object> g = figures(seconds(t), clean.clean, (Long) graph.get("components"));
    g.put("identifiers", graph.get("nodes"));
    g.put("rounds", graph.get("rounds"));
    g.put(
        "bytes_written",
        fs.getContentSummary(IdGraphJob.graph(paths, RunDate.parse(day))).getLength());
    stages.put("idgraph", g);

    t = System.nanoTime();
    Map<String, Object> attributed = AttributeJob.run(getConf(), RunDate.parse(day));
    Map<String, Object> a = figures(seconds(t), clean.clean, (Long) attributed.get("attributed"));
    a.put("bytes_written", fs.getContentSummary(paths.attributed(RunDate.parse(day))).getLength());
    stages.put("attribute", a);

    t = System.nanoTime();
    Map<String, Object> profiles = ProfileJob.run(getConf(), RunDate.parse(day), false);
    Map<String, Object> pr =
        figures(seconds(t), (Long) attributed.get("attributed"), (Long) profiles.get("profiles"));
    pr.put(
        "bytes_written",
        fs.getContentSummary(ProfileJob.profiles(paths, RunDate.parse(day))).getLength());
    stages.put("profile", pr);

    t = System.nanoTime();
    Map<String, Object> report = ReportJob.run(getConf(), RunDate.parse(day));
    Map<String, Object> rr =
        figures(seconds(t), (Long) attributed.get("attributed"), (Long) report.get("rows"));
    rr.put(
        "bytes_written",
        fs.getContentSummary(ReportJob.reports(paths, RunDate.parse(day))).getLength());
    stages.put("report", rr);

    doc.put("stages", stages);
    if (EmbeddedHBase.isConfigured(getConf())) {
      doc.put("hbase", hbase(RunDate.parse(day)));
    }
    doc.put("peak_heap_mb", peakHeapMb());
    doc.put("peak_rss_mb", peakRssMb());
    Files.createDirectories(outDir);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(outDir.resolve("bench.json").toFile(), doc);
    String md = markdown(doc, stages);
    Files.writeString(outDir.resolve("bench.md"), md);
    out.print(md);
    out.println("written to " + outDir.resolve("bench.json") + " and bench.md");
    return OK;
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
        Math.round(100.0 * (Long) bulk.get("rows_per_second") / (Long) puts.get("rows_per_second"))
            / 100.0);
    h.put("lookups", HBaseBench.lookups(getConf(), day));
    return h;
  }

  private void quiet(DmpTool tool, String... args) throws Exception {
    tool.redirect(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), err);
    if (ToolRunner.run(getConf(), tool, args) != OK) {
      throw new dev.dmp.mapreduce.common.DmpException("dmp " + tool.name() + " failed");
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static Map<String, Object> figures(double seconds, long in, long out) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", Math.round(seconds * 100) / 100.0);
    m.put("records_in", in);
    m.put("records_out", out);
    m.put("records_per_second", Math.round(in / Math.max(seconds, 1e-3)));
    return m;
  }

  private static Map<String, Object> jobFigures(Counters c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bytes_shuffled", c.findCounter(TaskCounter.MAP_OUTPUT_MATERIALIZED_BYTES).getValue());
    m.put("spilled_records", c.findCounter(TaskCounter.SPILLED_RECORDS).getValue());
    m.put("gc_ms", c.findCounter(TaskCounter.GC_TIME_MILLIS).getValue());
    m.put(
        "map_tasks",
        c.findCounter(org.apache.hadoop.mapreduce.JobCounter.TOTAL_LAUNCHED_MAPS).getValue());
    m.put(
        "reduce_tasks",
        c.findCounter(org.apache.hadoop.mapreduce.JobCounter.TOTAL_LAUNCHED_REDUCES).getValue());
    Map<String, Map<String, Long>> all = new LinkedHashMap<>();
    for (org.apache.hadoop.mapreduce.CounterGroup g : c) {
      Map<String, Long> group = new LinkedHashMap<>();
      g.forEach(counter -> group.put(counter.getName(), counter.getValue()));
      all.put(g.getName(), group);
    }
    m.put("counters", all);
    return m;
  }

  private static long outputBytes(FileSystem fs, DmpPaths paths, RunDate day) throws IOException {
    return fs.getContentSummary(paths.clean(day)).getLength()
        + fs.getContentSummary(paths.rejects(day)).getLength()
        + fs.getContentSummary(paths.links(day)).getLength();
  }

  private static long peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
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

  @SuppressWarnings("unchecked")
  private static String markdown(Map<String, Object> doc, Map<String, Map<String, Object>> stages) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%n%,d events, %d cores, max heap %d MB, peak heap %d MB, peak RSS %d MB%n%n",
            doc.get("events"),
            doc.get("cores"),
            doc.get("max_heap_mb"),
            doc.get("peak_heap_mb"),
            doc.get("peak_rss_mb")));
    b.append(
        "| stage | seconds | records in | records out | records/s | bytes read | bytes written | bytes shuffled | spilled | GC ms |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, Map<String, Object>> e : stages.entrySet()) {
      Map<String, Object> s = e.getValue();
      b.append(
          String.format(
              "| %s | %s | %,d | %,d | %,d | %s | %s | %s | %s | %s |%n",
              e.getKey(),
              s.get("seconds"),
              (Long) s.get("records_in"),
              (Long) s.get("records_out"),
              (Long) s.get("records_per_second"),
              cell(s, "bytes_read"),
              cell(s, "bytes_written"),
              cell(s, "bytes_shuffled"),
              cell(s, "spilled_records"),
              cell(s, "gc_ms")));
    }
    if (doc.get("hbase") instanceof Map<?, ?> h) {
      Map<?, ?> bulk = (Map<?, ?>) h.get("bulk_load");
      Map<?, ?> puts = (Map<?, ?>) h.get("puts");
      Map<?, ?> l = (Map<?, ?>) h.get("lookups");
      b.append("\n| HBase (embedded) | figure |\n|---|---:|\n");
      b.append(
          String.format(
              "| bulk load of dmp:profile (HFile job + bulk load) | %,d rows in %s s: %,d rows/s |%n",
              (Long) bulk.get("rows"), bulk.get("seconds"), (Long) bulk.get("rows_per_second")));
      b.append(
          String.format(
              "| Puts through a BufferedMutator, same profiles | %,d rows in %s s: %,d rows/s |%n",
              (Long) puts.get("rows"), puts.get("seconds"), (Long) puts.get("rows_per_second")));
      b.append(String.format("| bulk load / Puts | %s × |%n", h.get("bulk_vs_put_ratio")));
      b.append(
          String.format(
              "| single lookup by identifier, warm (%,d): p50 / p99 / p999 | %s / %s / %s ms |%n",
              (Integer) l.get("single_lookups"),
              l.get("single_p50_ms"),
              l.get("single_p99_ms"),
              l.get("single_p999_ms")));
      b.append(
          String.format(
              "| batched lookups (%,d a call, %,d people), cold / warm / warm from %d threads"
                  + " | %,d / %,d / %,d profiles/s |%n",
              (Integer) l.get("batch_size"),
              (Integer) l.get("people"),
              (Integer) l.get("batched_warm_threads"),
              (Long) l.get("batched_cold_per_second"),
              (Long) l.get("batched_warm_per_second"),
              (Long) l.get("batched_warm_threads_per_second")));
      b.append(String.format("| lookups not found | %,d |%n", (Long) l.get("not_found")));
    }
    return b.toString();
  }

  private static String cell(Map<String, Object> s, String key) {
    Object v = s.get(key);
    return v == null ? "" : String.format("%,d", (Long) v);
  }
}
