package dev.dmp.sandbox.bench;

import dev.dmp.avro.CleanEvent;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.idgraph.ConnectedComponents;
import dev.dmp.mapreduce.idgraph.GraphReport;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A giant component: a path of N identifiers, the worst shape for label propagation and one
 * component that must not be held whole by any reduce call, put through the {@code idgraph} stage
 * as a day of clean events (each linking two neighbours of the path). The stage runs in a JVM of
 * its own whose heap is {@link #HEAP_MB} MB; in local mode the driver and every task share that
 * heap, so a run that completes kept every task within it. A path of 2,000,000 identifiers is too
 * large for the driver's memory at that heap ({@link ConnectedComponents#fitsInMemory}), so it
 * takes the jobs' path, as the graph of a large company does on a cluster.
 */
final class GiantComponent {

  /** The heap of the JVM that runs the stage: the limit for every task. */
  static final int HEAP_MB = 1024;

  private static final RunDate DAY = new RunDate(LocalDate.of(2026, 11, 20));

  private GiantComponent() {}

  /**
   * Runs the path of {@code identifiers} under {@code work} (deleted afterwards) and returns its
   * figures: whether the stage completed, its seconds, rounds, identifiers and components, and the
   * last lines the stage printed when it failed.
   */
  static Map<String, Object> run(Configuration conf, Path work, int identifiers, long seed)
      throws IOException, InterruptedException, DmpException {
    Configuration day = new Configuration(conf);
    day.set(DmpPaths.BASE_DIR, new Path(work, "data").toString());
    FileSystem fs = work.getFileSystem(day);
    DmpPaths paths = DmpPaths.of(day);
    writePath(fs, new Path(paths.clean(DAY), "part-m-00000.avro"), identifiers, seed);
    java.nio.file.Path local = Files.createTempDirectory("dmp-giant-component");
    File settings = local.resolve("settings.xml").toFile();
    try (OutputStream o = Files.newOutputStream(settings.toPath())) {
      day.writeXml(o);
    }
    File log = local.resolve("idgraph.log").toFile();
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-Xmx" + HEAP_MB + "m");
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-Xm") && !arg.startsWith("-XX:StartFlightRecording")) {
        command.add(arg); // the JDK's --add-opens and the logging set-up
      }
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.dmp.mapreduce.Driver",
            IdGraphJob.NAME,
            "-conf",
            settings.getPath(),
            "--date",
            DAY.toString()));
    long started = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    int exit = p.waitFor();
    double seconds = StageMeter.round((System.nanoTime() - started) / 1e9);

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("identifiers", identifiers);
    m.put("heap_mb", HEAP_MB);
    m.put("completed", exit == 0);
    m.put("seconds", seconds);
    if (exit == 0) {
      GraphReport report = StageRunner.read(day, IdGraphJob.NAME, DAY, GraphReport.class);
      m.put("rounds", report.rounds());
      m.put("nodes", report.nodes());
      m.put("components", report.components());
    } else {
      List<String> lines = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
      m.put("exit", exit);
      m.put(
          "failure", String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
    }
    fs.delete(work, true);
    Files.delete(log.toPath());
    Files.delete(settings.toPath());
    Files.delete(local);
    return m;
  }

  /**
   * A day of clean events that makes a path of {@code identifiers}: event i links the i-th and the
   * (i+1)-th identifier. Their values are scrambled, so the smallest one (the component's label)
   * sits anywhere on the path; their types alternate, as an event's identifiers differ in type.
   */
  private static void writePath(FileSystem fs, Path file, int identifiers, long seed)
      throws IOException {
    try (OutputStream out = fs.create(file, true);
        DataFileWriter<CleanEvent> w =
            new DataFileWriter<>(new SpecificDatumWriter<>(CleanEvent.class))) {
      w.create(CleanEvent.getClassSchema(), out);
      long time = DAY.startMillis();
      for (int i = 0; i + 1 < identifiers; i++) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(type(i), value(i, seed));
        ids.put(type(i + 1), value(i + 1, seed));
        w.append(
            CleanEvent.newBuilder()
                .setEventId("giant-" + i)
                .setEventTime(time)
                .setSource("web")
                .setEventType("page_view")
                .setIds(ids)
                .setReceivedAt(time)
                .setOriginFile(file.getName())
                .setOriginLine(i + 1)
                .build());
      }
    }
  }

  private static String type(int position) {
    return position % 2 == 0 ? "cookie" : "device";
  }

  /** A scrambled value, distinct per position (a bijective mix of it). */
  private static String value(int position, long seed) {
    long z = position + seed * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return String.format("%016x", z ^ (z >>> 33));
  }
}
