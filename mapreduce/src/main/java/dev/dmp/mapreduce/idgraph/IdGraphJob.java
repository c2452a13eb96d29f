package dev.dmp.mapreduce.idgraph;

import dev.dmp.avro.OneIdMerge;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.stage.StageContext;
import dev.dmp.mapreduce.stage.StageTool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;

/**
 * The identity graph: {@code dmp idgraph --date D}. Adds the day's clean events and opted-out links
 * to the previous graph state, guards against super-connectors, finds connected components with
 * Hash-to-Min (logarithmic rounds, stopped by a counter), and gives each component a stable OneID.
 * Publishes {@code graph/dt=D/} with {@code nodes} (state), {@code super}, {@code assignments}
 * (identifier to OneID) and {@code merges} (every retired OneID to its survivor), replacing a
 * previous run of the same day.
 */
public class IdGraphJob extends StageTool<GraphReport> {

  public static final String NAME = "idgraph";

  /** An identifier linked to more than this many distinct identifiers is a super-connector. */
  public static final String MAX_DEGREE = "dmp.idgraph.max.degree";

  public static final int DEFAULT_MAX_DEGREE = 50;

  /** Hash-to-Min rounds after which the run fails rather than loop on. */
  public static final String MAX_ROUNDS = "dmp.idgraph.max.rounds";

  /** Reduce tasks of each graph job. */
  public static final String REDUCE_TASKS = "dmp.idgraph.reduce.tasks";

  static final String DATE = "dmp.idgraph.date";
  static final String SUPER_PATH = "dmp.idgraph.super.path";
  static final String SUPER_OUTPUT = DmpPaths.SUPER_CONNECTORS;
  static final String MERGES_OUTPUT = DmpPaths.MERGES;

  /** The OneIDs of suppressed components (SuppressedId records): few, loaded by later stages. */
  static final String SUPPRESSED_OUTPUT = DmpPaths.SUPPRESSED;

  static final String SUPPRESSED_IDS_OUTPUT = "suppressedids";

  public static int maxDegree(Configuration conf) {
    return conf.getInt(MAX_DEGREE, DEFAULT_MAX_DEGREE);
  }

  public static void main(String[] args) throws Exception {
    main(new IdGraphJob(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Path> outputs(DmpPaths paths, RunDate date) {
    return List.of(paths.graph(date));
  }

  @Override
  public List<Input> inputs(DmpPaths paths, RunDate date) {
    return List.of(new Input(paths.clean(date), "clean events", CleanJob.NAME));
  }

  /**
   * Builds the day's graph in the staging directory, laid out as it is published: {@code nodes},
   * {@code super}, {@code assignments}, {@code merges} and {@code suppressed}.
   */
  @Override
  public GraphReport run(StageContext context)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    RunDate date = context.date();
    DmpPaths paths = context.paths();
    FileSystem fs = context.fs();
    Path previous = previousGraph(fs, paths, date);
    // Every job of the stage has as many reducers as the day's events and the graph call for.
    Configuration conf = new Configuration(context.conf());
    conf.setInt(
        REDUCE_TASKS,
        Jobs.reduceTasks(
            conf,
            REDUCE_TASKS,
            paths.clean(date),
            paths.links(date),
            previous == null ? null : DmpPaths.nodes(previous)));
    Path out = context.staged("graph");
    Path nodesRaw = context.staged("nodes-raw");
    Counters adjacency =
        context.run(
            "adjacency", GraphJobs.configureAdjacency(conf, date, paths, previous, nodesRaw));
    context.collectNamed(nodesRaw, DmpPaths.nodes(out));
    context.collectNamed(
        DmpPaths.superConnectors(DmpPaths.nodes(out)), DmpPaths.superConnectors(out));
    long nodes = adjacency.findCounter(IdGraphCounters.NODES).getValue();
    Path previousAssignments = previous == null ? null : DmpPaths.assignments(previous);
    Path assignments = context.staged("assignments");
    int rounds = 0;
    InMemoryAssignment.Decided decided;
    if (ConnectedComponents.fitsInMemory(conf, nodes)) {
      UnionFind graph = UnionFind.read(conf, DmpPaths.nodes(out), DmpPaths.superConnectors(out));
      decided = InMemoryAssignment.assign(conf, date, graph, previousAssignments, assignments);
    } else {
      ConnectedComponents.Result cc =
          ConnectedComponents.hashToMin(
              context::run,
              conf,
              DmpPaths.nodes(out),
              DmpPaths.superConnectors(out),
              context.staged("cc"));
      rounds = cc.rounds();
      Path members = context.staged("members");
      context.run(
          "label-join",
          GraphJobs.configureLabelJoin(conf, cc.result(), previousAssignments, members));
      decided =
          InMemoryAssignment.Decided.of(
              context.run("oneids", GraphJobs.configureDecision(conf, date, members, assignments)));
    }
    context.collectNamed(assignments, DmpPaths.assignments(out));
    Path todaysMerges = DmpPaths.merges(DmpPaths.assignments(out));
    updateMerges(conf, previous, todaysMerges, DmpPaths.merges(out));
    if (fs.exists(todaysMerges) && !context.guard().delete(todaysMerges, true)) {
      throw new IOException("cannot delete " + todaysMerges);
    }
    context.collectNamed(DmpPaths.suppressed(DmpPaths.assignments(out)), DmpPaths.suppressed(out));
    context.collectNamed(
        new Path(DmpPaths.assignments(out), SUPPRESSED_IDS_OUTPUT), DmpPaths.suppressedIds(out));
    context.publish(out, paths.graph(date));

    return new GraphReport(
        previous == null ? null : previous.getName(),
        date.daysMissingSince(previous == null ? null : previous.getName()),
        rounds,
        nodes,
        adjacency.findCounter(IdGraphCounters.SUPER_CONNECTORS).getValue(),
        adjacency.findCounter(IdGraphCounters.EDGES).getValue(),
        decided.components(),
        decided.newOneids(),
        decided.mergedOneids(),
        decided.suppressedComponents(),
        decided.splitIds());
  }

  /** The newest graph partition before {@code date}, or null for the first day. */
  static Path previousGraph(FileSystem fs, DmpPaths paths, RunDate date) throws IOException {
    return newestGraph(fs, paths, date, false);
  }

  /**
   * The graph of the newest day before {@code date} (or on it, with {@code orOnDate}); null when
   * there is none.
   */
  public static Path newestGraph(FileSystem fs, DmpPaths paths, RunDate date, boolean orOnDate)
      throws IOException {
    Path root = paths.graphRoot();
    if (!fs.exists(root)) {
      return null;
    }
    Path best = null;
    for (FileStatus s : fs.listStatus(root)) {
      String name = s.getPath().getName();
      int order = name.compareTo(date.partition());
      if (s.isDirectory()
          && name.startsWith("dt=")
          && (order < 0 || (orOnDate && order == 0))
          && (best == null || name.compareTo(best.getName()) > 0)) {
        best = s.getPath();
      }
    }
    return best;
  }

  /**
   * The cumulative registry of retired OneIDs: yesterday's, with survivors that retired today
   * followed to today's survivor, plus today's merges. Small (one record per merge ever made), so
   * it is rewritten here rather than by a job.
   */
  static void updateMerges(Configuration conf, Path previous, Path today, Path output)
      throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    Map<String, OneIdMerge> registry = new LinkedHashMap<>();
    List<OneIdMerge> todays = read(fs, today);
    Map<String, String> survivorOf = new LinkedHashMap<>();
    todays.forEach(m -> survivorOf.put(m.getRetired(), m.getSurvivor()));
    if (previous != null) {
      for (OneIdMerge m : read(fs, new Path(previous, MERGES_OUTPUT))) {
        String survivor = survivorOf.getOrDefault(m.getSurvivor(), m.getSurvivor());
        registry.put(m.getRetired(), new OneIdMerge(m.getRetired(), survivor, m.getDate()));
      }
    }
    todays.forEach(m -> registry.put(m.getRetired(), m));
    fs.mkdirs(output);
    try (OutputStream o = fs.create(new Path(output, "part-00000.avro"), true);
        DataFileWriter<OneIdMerge> w =
            new DataFileWriter<>(new SpecificDatumWriter<>(OneIdMerge.class))) {
      w.create(OneIdMerge.getClassSchema(), o);
      for (OneIdMerge m : registry.values()) {
        w.append(m);
      }
    }
  }

  private static List<OneIdMerge> read(FileSystem fs, Path dir) throws IOException {
    List<OneIdMerge> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus f : fs.listStatus(dir)) {
      if (f.isFile() && f.getPath().getName().endsWith(".avro")) {
        try (InputStream in = fs.open(f.getPath());
            DataFileStream<OneIdMerge> s =
                new DataFileStream<>(in, new SpecificDatumReader<>(OneIdMerge.class))) {
          s.forEach(out::add);
        }
      }
    }
    return out;
  }
}
