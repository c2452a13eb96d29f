package dev.dmp.mapreduce.erasure;

import dev.dmp.avro.IdAssignment;
import dev.dmp.avro.OneIdMerge;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.JobRunner;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.common.Staging;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.idgraph.SuperConnectors;
import dev.dmp.mapreduce.ingest.WholeFileInputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.CounterGroup;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * The MapReduce purge of erased people from every dataset kept on the file system: the raw zone and
 * the rejects quarantine (their original bytes), and every derived dataset of every retained day
 * (clean and attributed events, links, the identity graph, profiles, hourly activity), and any
 * profile HFiles not loaded yet are deleted. One map task per file ({@link PurgeMapper}); the days'
 * locks are held meanwhile, so no run reads a file while it is replaced. The suppression list is
 * not touched: it is the one place their (hashed) identifiers stay, so that no later run brings
 * them back. Reports hold only aggregates and sketches, nothing that names a person, and are left
 * as they are.
 */
public final class Purge {

  /** The datasets purged, by their directory under the base. */
  static final List<String> DATASETS =
      List.of("raw", "rejects", "clean", "links", "graph", "attributed", "profiles", "hourly");

  /**
   * The file that lists the people's identifiers and OneIDs for the purge's tasks, one per line,
   * under the owner-only {@code tmp/}: never in the job's configuration, which the job history
   * keeps and shows.
   */
  static final String PEOPLE_FILE = "dmp.purge.people.path";

  static final String BASE = "dmp.purge.base";

  private static final Pattern DAY = Pattern.compile("/dt=(\\d{4}-\\d{2}-\\d{2})(/|$)");

  /**
   * What a purge removed: records and rewritten files by dataset, and what it read, over all its
   * rounds; and the people's identifiers and OneIDs as it found them.
   */
  public record Result(
      Set<String> identifiers,
      Set<String> oneIds,
      int rounds,
      long files,
      long records,
      Map<String, Long> removed,
      Map<String, Long> rewritten,
      Map<String, Long> scrubbed) {
    public long removedTotal() {
      return removed.values().stream().mapToLong(Long::longValue).sum();
    }

    Result plus(Counters c, int round) {
      return new Result(
          identifiers,
          oneIds,
          round,
          files + c.findCounter(PurgeMapper.Counter.FILES).getValue(),
          records + c.findCounter(PurgeMapper.Counter.RECORDS).getValue(),
          sum(removed, c.getGroup(PurgeMapper.REMOVED)),
          sum(rewritten, c.getGroup(PurgeMapper.REWRITTEN)),
          sum(scrubbed, c.getGroup(PurgeMapper.SCRUBBED)));
    }

    Result with(Set<String> finalIdentifiers) {
      return new Result(
          finalIdentifiers, oneIds, rounds, files, records, removed, rewritten, scrubbed);
    }

    private static Map<String, Long> sum(Map<String, Long> so, CounterGroup more) {
      Map<String, Long> out = new TreeMap<>(so);
      more.forEach(c -> out.merge(c.getName(), c.getValue(), Long::sum));
      return out;
    }
  }

  private Purge() {}

  /** The people's identifiers and OneIDs, grown to whole components by the newest graph. */
  public record People(Set<String> identifiers, Set<String> oneIds) {}

  /**
   * Grows {@code people} to the whole components the newest identity graph knows them in: every
   * identifier of their OneIDs, and every OneID retired into theirs.
   */
  public static People expand(Configuration conf, People people) throws IOException {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    Set<String> ids = new TreeSet<>(people.identifiers());
    Set<String> oneIds = new TreeSet<>(people.oneIds());
    Path graph = IdGraphJob.newestGraph(fs, paths, RunDate.endOfTime(), false);
    if (graph != null) {
      AvroFiles.forEach(
          conf,
          DmpPaths.assignments(graph),
          IdAssignment.class,
          a -> {
            if (ids.contains(a.getId().toString())) {
              oneIds.add(a.getOneId().toString());
            }
          });
      AvroFiles.forEach(
          conf,
          DmpPaths.assignments(graph),
          IdAssignment.class,
          a -> {
            if (oneIds.contains(a.getOneId().toString())) {
              ids.add(a.getId().toString());
            }
          });
      AvroFiles.forEach(
          conf,
          DmpPaths.merges(graph),
          OneIdMerge.class,
          m -> {
            if (oneIds.contains(m.getSurvivor().toString())) {
              oneIds.add(m.getRetired().toString());
            }
          });
    }
    return new People(ids, oneIds);
  }

  /** Rounds after which a purge that still finds more of the person stops, failing. */
  static final int MAX_ROUNDS = 10;

  /**
   * Purges {@code people} from every dataset; fails naming a day a live run holds. The raw zone and
   * the quarantine may hold days no identity graph has seen yet, whose records link the person to
   * identifiers no one knew were theirs: those join the people (but for the newest graph's
   * super-connectors, which link everyone), and the purge runs again until it finds no more.
   * Returns the identifiers and OneIDs it ended with, and what it removed.
   */
  public static Result run(Configuration conf, People people, JobRunner jobs)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    List<Path> roots = new ArrayList<>();
    Set<String> days = new TreeSet<>();
    for (String dataset : DATASETS) {
      Path root = new Path(paths.base(), dataset);
      if (fs.exists(root)) {
        roots.add(root);
        days.addAll(days(fs, root));
      }
    }
    Set<String> identifiers = new TreeSet<>(people.identifiers());
    Result total = new Result(identifiers, people.oneIds(), 0, 0, 0, Map.of(), Map.of(), Map.of());
    if (roots.isEmpty() || (identifiers.isEmpty() && people.oneIds().isEmpty())) {
      return total;
    }
    Set<String> superConnectors = SuperConnectors.newest(conf);
    Path scratch = new Path(paths.tmp(), "forget-" + System.currentTimeMillis());
    List<DayLock> locks = new ArrayList<>();
    try {
      for (String day : days) {
        locks.add(DayLock.acquire(conf, Staging.lockName(RunDate.parse(day), -1), "forget"));
      }
      // Profile cells not loaded yet: the load writes them from the purged profiles instead.
      new PathGuard(fs, paths.base()).delete(paths.profileHFilesRoot(), true);
      for (int round = 1; ; round++) {
        Path found = new Path(scratch, "round-" + round);
        Counters counters =
            jobs.run(job(conf, fs, paths, roots, days.size(), identifiers, people.oneIds(), found));
        total = total.plus(counters, round);
        Set<String> more = new TreeSet<>();
        for (String id : lines(fs, found)) {
          if (!identifiers.contains(id) && !superConnectors.contains(id)) {
            more.add(id);
          }
        }
        if (more.isEmpty()) {
          return total.with(identifiers);
        }
        if (round == MAX_ROUNDS) {
          throw new DmpException(
              "the purge still found more identifiers of the person after "
                  + MAX_ROUNDS
                  + " rounds; run dmp forget with the same identifiers again to go on");
        }
        identifiers.addAll(more);
      }
    } catch (UsageException notADay) {
      throw new DmpException("not a day partition: " + notADay.getMessage());
    } finally {
      new PathGuard(fs, paths.base()).delete(scratch, true);
      for (DayLock lock : locks) {
        lock.close();
      }
    }
  }

  private static Job job(
      Configuration conf,
      FileSystem fs,
      DmpPaths paths,
      List<Path> roots,
      int days,
      Set<String> identifiers,
      Set<String> oneIds,
      Path found)
      throws IOException {
    Job job = Job.getInstance(conf);
    Jobs.name(job, "forget", "purge", days + "-days");
    job.setJarByClass(Purge.class);
    Configuration c = job.getConfiguration();
    Path people = new Path(found.getParent(), found.getName() + ".people");
    try (java.io.Writer w =
        new java.io.OutputStreamWriter(fs.create(people, true), StandardCharsets.UTF_8)) {
      for (String id : identifiers) {
        w.write("id " + id + "\n");
      }
      for (String oneId : oneIds) {
        w.write("oneid " + oneId + "\n");
      }
    }
    c.set(PEOPLE_FILE, fs.makeQualified(people).toString());
    c.set(BASE, fs.makeQualified(paths.base()).toString());
    c.setBoolean("mapreduce.map.speculative", false);
    job.setInputFormatClass(WholeFileInputFormat.class);
    FileInputFormat.setInputDirRecursive(job, true);
    FileInputFormat.setInputPaths(job, roots.toArray(new Path[0]));
    FileInputFormat.setInputPathFilter(job, AvroOnly.class);
    job.setMapperClass(PurgeMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    job.setOutputFormatClass(TextOutputFormat.class);
    FileOutputFormat.setOutputPath(job, found);
    return job;
  }

  private static List<String> lines(FileSystem fs, Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    for (FileStatus f : fs.listStatus(dir, p -> p.getName().startsWith("part-"))) {
      try (var r =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  fs.open(f.getPath()), java.nio.charset.StandardCharsets.UTF_8))) {
        r.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(out::add);
      }
    }
    return out;
  }

  /** Directories pass (the listing is recursive); files pass when they are Avro. */
  public static final class AvroOnly implements org.apache.hadoop.fs.PathFilter {
    @Override
    public boolean accept(Path p) {
      String name = p.getName();
      return !name.startsWith(".")
          && !name.startsWith("_")
          && (!name.contains(".") || name.endsWith(".avro"));
    }
  }

  /** The dataset a file belongs to: its first directory below the base. */
  static String dataset(Path base, Path file) {
    String b = base.toUri().getPath();
    String f = file.toUri().getPath();
    String rest = f.startsWith(b) ? f.substring(b.length()) : f;
    rest = rest.startsWith("/") ? rest.substring(1) : rest;
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  static Set<String> days(FileSystem fs, Path root) throws IOException {
    Set<String> days = new TreeSet<>();
    for (FileStatus s : fs.listStatus(root)) {
      Matcher m = DAY.matcher("/" + s.getPath().getName());
      if (s.isDirectory() && m.find()) {
        days.add(m.group(1));
      }
    }
    return days;
  }
}
