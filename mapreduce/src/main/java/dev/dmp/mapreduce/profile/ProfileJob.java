package dev.dmp.mapreduce.profile;

import dev.dmp.avro.Profile;
import dev.dmp.avro.ProfileInput;
import dev.dmp.avro.SegmentSize;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.core.profile.SegmentRules;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.stage.StageContext;
import dev.dmp.mapreduce.stage.StageTool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;

/**
 * Profiles: {@code dmp profile --date D [--full]}. One profile per OneID as of the day, built from
 * the previous day's snapshot plus the day's attributed events (never all history); {@code --full}
 * recomputes from every attributed day instead (the reference the incremental run must equal).
 * Retired OneIDs' profiles merge into their survivor's; suppressed people have none. Writes {@code
 * profiles/dt=D/}, and, when the platform serves from HBase, the day's {@code dmp:profile} cells as
 * HFiles in {@code profile-hfiles/dt=D/} ({@link ProfileHFiles}) for the load.
 */
public class ProfileJob extends StageTool<ProfileReport> {

  private boolean full;

  public ProfileJob() {}

  /**
   * @param full recompute from every attributed day instead of yesterday's snapshot
   */
  public ProfileJob(boolean full) {
    this.full = full;
  }

  public static final String NAME = "profile";

  /** Half-life of interest-tag weights, in days. */
  public static final String HALF_LIFE_DAYS = "dmp.profile.tag.half.life.days";

  /**
   * Segment rules: a properties file of {@code name = JEXL expression} (conf/segments.properties).
   */
  public static final String SEGMENTS_FILE = "dmp.profile.segments.file";

  /** URL taxonomy: a properties file of {@code /path-prefix = tag} (conf/taxonomy.properties). */
  public static final String TAXONOMY_FILE = "dmp.profile.taxonomy.file";

  /** Reduce tasks of the profile job. */
  public static final String REDUCE_TASKS = "dmp.profile.reduce.tasks";

  static final String DATE = "dmp.profile.date";
  static final String GRAPH_PATH = "dmp.profile.graph.path";
  static final String SEGMENTS_TEXT = "dmp.profile.segments.text";
  static final String TAXONOMY_TEXT = "dmp.profile.taxonomy.text";

  /**
   * Named output of each reducer's segment sizes and rule errors ({@code SegmentSize}): summed into
   * the report and removed before the profiles are published. Not one counter per segment, which a
   * list of more than about a hundred rules would take past Hadoop's limit of counters per job.
   */
  static final String SEGMENTS_OUTPUT = "segments";

  public static double halfLifeDays(Configuration conf) {
    return conf.getDouble(HALF_LIFE_DAYS, 14.0);
  }

  public static void main(String[] args) throws Exception {
    main(new ProfileJob(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD [--full]";
  }

  @Override
  protected Options options() {
    return super.options()
        .addOption(
            Option.builder().longOpt("full").desc("recompute from every attributed day").build());
  }

  @Override
  protected void readOptions(CommandLine cmd) {
    full = cmd.hasOption("full");
  }

  @Override
  public List<Path> outputs(DmpPaths paths, RunDate date) {
    return List.of(paths.profiles(date), paths.profileHFiles(date));
  }

  @Override
  public List<Input> inputs(DmpPaths paths, RunDate date) {
    return List.of(
        new Input(paths.attributed(date), "attributed events", AttributeJob.NAME),
        new Input(paths.graph(date), "identity graph", IdGraphJob.NAME));
  }

  @Override
  public void checkSettings(Configuration conf) throws IOException, UsageException {
    ProfileRules.checkConfiguration(conf);
  }

  /** Builds the day's profiles from yesterday's snapshot (or, in full mode, every earlier day). */
  @Override
  public ProfileReport run(StageContext context)
      throws IOException,
          InterruptedException,
          ClassNotFoundException,
          DmpException,
          UsageException {
    RunDate date = context.date();
    DmpPaths paths = context.paths();
    FileSystem fs = context.fs();
    List<Path> events = new ArrayList<>();
    Path snapshot = history(fs, paths, date, events);
    Path profiles = context.staged("profiles");
    Job job = configure(context.conf(), date, paths.graph(date), events, snapshot, profiles);
    Counters c = context.run(null, job);
    Path sizes = new Path(profiles, SEGMENTS_OUTPUT);
    Map<String, Long> segments = new TreeMap<>();
    Map<String, Long> ruleErrors = new TreeMap<>();
    SegmentRules.parse(job.getConfiguration().get(SEGMENTS_TEXT))
        .names()
        .forEach(n -> segments.put(n, 0L));
    if (fs.exists(sizes)) {
      for (SegmentSize s : AvroFiles.read(context.conf(), sizes, SegmentSize.class)) {
        segments.merge(s.getSegment(), s.getMembers(), Long::sum);
        if (s.getRuleErrors() > 0) {
          ruleErrors.merge(s.getSegment(), s.getRuleErrors(), Long::sum);
        }
      }
      if (!context.guard().delete(sizes, true)) {
        throw new IOException("cannot delete " + sizes);
      }
    }
    if (HBaseConnections.enabled(context.conf())) {
      publishHFiles(context, job, c, profiles);
    }
    context.publish(profiles, paths.profiles(date));
    return new ProfileReport(
        full ? "full" : "incremental",
        snapshot == null ? null : snapshot.getName(),
        date.daysMissingSince(snapshot == null ? null : snapshot.getName()),
        events.size(),
        c.findCounter(ProfileCounters.PROFILES).getValue(),
        c.findCounter(ProfileCounters.EVENTS).getValue(),
        c.findCounter(ProfileCounters.SNAPSHOTS).getValue(),
        c.findCounter(ProfileCounters.MERGED_SNAPSHOTS).getValue(),
        c.findCounter(ProfileCounters.SUPPRESSED_EVENTS).getValue(),
        c.findCounter(ProfileCounters.SUPPRESSED_SNAPSHOTS).getValue(),
        segments,
        ruleErrors);
  }

  /**
   * Moves the HFiles the reducers wrote ({@link ProfileHFiles}) out of the profiles, with what they
   * were written for, to be published as the day's {@code profile-hfiles}.
   */
  private static void publishHFiles(StageContext context, Job job, Counters c, Path profiles)
      throws IOException {
    FileSystem fs = context.fs();
    Path hfiles = context.staged("profile-hfiles");
    Path written = new Path(profiles, ProfileHFiles.SUBDIR);
    if (fs.exists(written)) {
      if (!context.guard().rename(written, hfiles)) {
        throw new IOException("cannot move " + written + " to " + hfiles);
      }
    } else if (!fs.mkdirs(hfiles)) {
      throw new IOException("cannot create " + hfiles);
    }
    new ProfileHFiles.Info(
            TableCreator.saltBuckets(job.getConfiguration()),
            c.findCounter(ProfileCounters.HFILE_CELLS).getValue(),
            c.findCounter(ProfileCounters.PROFILES).getValue())
        .write(fs, hfiles);
    context.publish(hfiles, context.paths().profileHFiles(context.date()));
  }

  /**
   * Adds the attributed days the run reads to {@code events} and returns the newest earlier
   * snapshot (yesterday's unless days are missing; null when there is none or in full mode); fails
   * when there are attributed days but no snapshot at all (the first run must be full).
   */
  private Path history(FileSystem fs, DmpPaths paths, RunDate date, List<Path> events)
      throws IOException, DmpException {
    Path snapshot = null;
    List<String> earlierDays = partitionsBefore(fs, paths.attributedRoot(), date);
    if (full) {
      earlierDays.forEach(d -> events.add(new Path(paths.attributedRoot(), d)));
    } else {
      List<String> snapshots = partitionsBefore(fs, paths.profilesRoot(), date);
      if (snapshots.isEmpty() && !earlierDays.isEmpty()) {
        throw new DmpException(
            "there are attributed days before "
                + date
                + " but no profiles: use --full for the first run");
      }
      if (!snapshots.isEmpty()) {
        // Yesterday's, or the newest before a gap (a day stopped by the gate, or not run yet):
        // the day goes on, and says so; dmp rerun --from the missing day puts it right.
        snapshot = new Path(paths.profilesRoot(), snapshots.get(snapshots.size() - 1));
      }
    }
    events.add(paths.attributed(date));
    return snapshot;
  }

  /**
   * What the stage would refuse, checked before a chain starts: the segment rules and taxonomy, and
   * the history (yesterday's profiles) an incremental run needs.
   */
  public void preflight(Configuration conf, RunDate date)
      throws IOException, DmpException, UsageException {
    ProfileRules.checkConfiguration(conf);
    DmpPaths paths = DmpPaths.of(conf);
    history(paths.base().getFileSystem(conf), paths, date, new ArrayList<>());
  }

  /** The job over {@code events} (attributed days) and an optional previous snapshot. */
  public static Job configure(
      Configuration base, RunDate date, Path graph, List<Path> events, Path snapshot, Path output)
      throws IOException, UsageException {
    Job job = Jobs.newAvroJob(base, "dmp-profile " + date, ProfileJob.class);
    Configuration conf = job.getConfiguration();
    conf.set(DATE, date.toString());
    conf.set(GRAPH_PATH, graph.toString());
    conf.set(SEGMENTS_TEXT, ProfileRules.readConfigFile(base, SEGMENTS_FILE));
    conf.set(TAXONOMY_TEXT, ProfileRules.readConfigFile(base, TAXONOMY_FILE));
    ProfileRules.check(conf.get(SEGMENTS_TEXT), conf.get(TAXONOMY_TEXT), base);
    for (Path p : events) {
      MultipleInputs.addInputPath(
          job, p, AvroInputs.AttributedEvents.class, ProfileEventMapper.class);
    }
    if (snapshot != null) {
      MultipleInputs.addInputPath(
          job, snapshot, AvroInputs.Profiles.class, ProfileSnapshotMapper.class);
    }
    job.setMapOutputKeyClass(Text.class);
    AvroJob.setMapOutputValueSchema(job, ProfileInput.getClassSchema());
    job.setPartitionerClass(SaltPartitioner.class);
    job.setReducerClass(ProfileReducer.class);
    List<Path> inputs = new ArrayList<>(events);
    inputs.add(snapshot);
    job.setNumReduceTasks(Jobs.reduceTasks(conf, REDUCE_TASKS, inputs.toArray(new Path[0])));
    Jobs.avroOutput(job, Profile.getClassSchema(), output);
    AvroMultipleOutputs.addNamedOutput(
        job, SEGMENTS_OUTPUT, AvroKeyOutputFormat.class, SegmentSize.getClassSchema());
    return job;
  }

  /** The {@code dt=} partition names below {@code dir} up to and excluding {@code date}, sorted. */
  public static List<String> partitionsBefore(FileSystem fs, Path dir, RunDate date)
      throws IOException {
    List<String> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (s.isDirectory() && name.startsWith("dt=") && name.compareTo(date.partition()) < 0) {
        out.add(name);
      }
    }
    out.sort(null);
    return out;
  }
}
