package dev.dmp.mapreduce.audience;

import dev.dmp.avro.IdAssignment;
import dev.dmp.avro.Profile;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.SuppressionList;
import dev.dmp.hbase.security.LookupAudit;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.JobRunner;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.common.StagedOutput;
import dev.dmp.mapreduce.common.Staging;
import dev.dmp.mapreduce.common.SuppressionFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.ByteWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * One segment's audience for one destination on one day, as a MapReduce job: the members'
 * exportable identifiers from the day's profiles, against the destination's previous export of the
 * segment and everyone suppressed. It writes {@code exports/segment=NAME/dt=D/destination=DEST/}
 * with {@code full/}, {@code added/} and {@code removed/}, one {@code TYPE.csv} each (one
 * identifier per line, after the destination's header), readable by the platform's user only.
 *
 * <p>An identifier of a suppressed person (on the suppression list, or in a component the day's
 * graph suppresses) is in no file: not in the full list, and not among the removed, even when the
 * previous export held it.
 */
public final class AudienceExport {

  /** Counter group of what was written: {@code full/email}, {@code added/gaid}, ... */
  public static final String WRITTEN = "dmp.export.written";

  /** Number of reduce tasks; by default from the size of the day's profiles. */
  public static final String REDUCE_TASKS = "dmp.export.reduce.tasks";

  static final String SEGMENT = "dmp.export.segment";
  static final String TYPES = "dmp.export.types";

  /** The three lists of an export. */
  public static final List<String> KINDS = List.of("full", "added", "removed");

  static final byte MEMBER = 'N';
  static final byte PREVIOUS = 'O';
  static final byte SUPPRESSED = 'S';

  /** What the job counted besides the files. */
  public enum Counter {
    /** Profiles of the day in the segment. */
    MEMBERS,
    /** Members with none of the destination's identifier types: nothing of them can be sent. */
    MEMBERS_WITHOUT_IDENTIFIER,
    /** Identifiers left out of every file because their person is suppressed. */
    SUPPRESSED
  }

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private AudienceExport() {}

  /** Whether {@code value} is an identifier of {@code type} as the files hold it (not a header). */
  static boolean isValue(String type, String value) {
    return switch (type) {
      case "email", "phone" -> HEX64.matcher(value).matches();
      default -> UUID.matcher(value).matches();
    };
  }

  /** Where the exports of a segment to a destination on a day are. */
  public static Path target(DmpPaths paths, String segment, RunDate date, String destination) {
    return new Path(
        new Path(new Path(exportsRoot(paths), "segment=" + segment), date.partition()),
        "destination=" + destination);
  }

  /**
   * The identifiers an erasure took out of the destination's full export of {@code after}: the next
   * export against it lists them as removed, so that the destination drops them too ({@code
   * exports/segment=S/_erased/destination=D/after=YYYY-MM-DD/TYPE-*.csv}, owner-only).
   */
  public static Path erased(DmpPaths paths, String segment, String destination, String after) {
    return new Path(
        new Path(
            new Path(new Path(exportsRoot(paths), "segment=" + segment), "_erased"),
            "destination=" + destination),
        "after=" + after);
  }

  /** Every export: {@code exports/}. */
  public static Path exportsRoot(DmpPaths paths) {
    return new Path(paths.base(), "exports");
  }

  /**
   * The destination's latest export of the segment before {@code date}, or null: what the delta is
   * taken against.
   */
  static RunDate previous(FileSystem fs, DmpPaths paths, String segment, RunDate date, String dest)
      throws IOException {
    Path root = new Path(exportsRoot(paths), "segment=" + segment);
    if (!fs.exists(root)) {
      return null;
    }
    RunDate best = null;
    for (FileStatus day : fs.listStatus(root)) {
      String name = day.getPath().getName();
      if (!name.startsWith("dt=")) {
        continue;
      }
      RunDate d;
      try {
        d = RunDate.parse(name.substring(3));
      } catch (dev.dmp.core.UsageException notADay) {
        continue;
      }
      if (d.day().isBefore(date.day())
          && fs.exists(new Path(target(paths, segment, d, dest), "full"))
          && (best == null || d.day().isAfter(best.day()))) {
        best = d;
      }
    }
    return best;
  }

  /**
   * Runs the export under the day's lock (a run of the same day waits for it, and it for the run);
   * returns what it wrote.
   */
  public static ExportReport run(
      Configuration base,
      String segment,
      RunDate date,
      Destinations.Destination destination,
      JobRunner runner)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    try (DayLock lock = DayLock.acquire(base, Staging.lockName(date, -1), "export")) {
      return export(base, segment, date, destination, runner);
    }
  }

  private static ExportReport export(
      Configuration base,
      String segment,
      RunDate date,
      Destinations.Destination destination,
      JobRunner runner)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    DmpPaths paths = DmpPaths.of(base);
    FileSystem fs = paths.base().getFileSystem(base);
    Path profiles = paths.profiles(date);
    if (!fs.exists(profiles)) {
      throw new DmpException(
          "no profiles of " + date + " (" + profiles + "): run the day first (dmp run)");
    }
    Path assignments = DmpPaths.assignments(paths.graph(date));
    RunDate previous = previous(fs, paths, segment, date, destination.name());
    Path staging = Staging.create(fs, paths, "export", date, -1);
    try {
      Job job =
          Jobs.newAvroJob(
              base,
              "dmp-export " + segment + " " + destination.name() + " " + date,
              AudienceExport.class);
      Configuration conf = job.getConfiguration();
      conf.set(SEGMENT, segment);
      conf.set(TYPES, String.join(",", destination.types()));
      MultipleInputs.addInputPath(job, profiles, AvroInputs.Profiles.class, MemberMapper.class);
      MultipleInputs.addInputPath(
          job, assignments, AvroInputs.IdAssignments.class, SuppressedMapper.class);
      if (previous != null) {
        for (String type : destination.types()) {
          Path file =
              new Path(
                  new Path(target(paths, segment, previous, destination.name()), "full"),
                  type + ".csv");
          if (fs.exists(file)) {
            MultipleInputs.addInputPath(job, file, PreviousExport.class, PreviousMapper.class);
          }
        }
      }
      job.setMapOutputKeyClass(Text.class);
      job.setMapOutputValueClass(ByteWritable.class);
      job.setReducerClass(DeltaReducer.class);
      job.setNumReduceTasks(Jobs.reduceTasks(conf, REDUCE_TASKS, profiles));
      job.setOutputKeyClass(Text.class);
      job.setOutputValueClass(NullWritable.class);
      LazyOutputFormat.setOutputFormatClass(job, TextOutputFormat.class);
      Path parts = new Path(staging, "parts");
      FileOutputFormat.setOutputPath(job, parts);
      Counters counters = runner.run(job);

      Path out = new Path(staging, "out");
      ExportReport report =
          new ExportReport(
              date.toString(),
              segment,
              destination.name(),
              previous == null ? null : previous.toString(),
              counters.findCounter(Counter.MEMBERS).getValue(),
              counters.findCounter(Counter.MEMBERS_WITHOUT_IDENTIFIER).getValue(),
              counters.findCounter(Counter.SUPPRESSED).getValue());
      for (String kind : KINDS) {
        for (String type : destination.types()) {
          Path file = new Path(new Path(out, kind), type + ".csv");
          java.util.Set<String> erased =
              kind.equals("removed") && previous != null
                  ? erased(fs, paths, segment, destination, previous, type)
                  : java.util.Set.of();
          report.count(kind, type, assemble(fs, parts, kind, type, destination, file, erased));
        }
      }
      Path target = target(paths, segment, date, destination.name());
      StagedOutput.mkdirsOwnerOnly(fs, exportsRoot(paths));
      StagedOutput.commit(new PathGuard(fs, paths.base()), out, target);
      fs.setPermission(target, StagedOutput.OWNER_ONLY);
      report.write(fs, paths, date);
      LookupAudit.ran("segment export", report.summary());
      return report;
    } finally {
      new PathGuard(fs, paths.base()).delete(staging, true);
    }
  }

  /**
   * The identifiers of a type that erasures took out of the previous export (people who asked to be
   * forgotten since): its {@code removed} list names them too. The same for every rerun of the
   * export, since they are kept by the previous export's day.
   */
  private static java.util.Set<String> erased(
      FileSystem fs,
      DmpPaths paths,
      String segment,
      Destinations.Destination destination,
      RunDate previous,
      String type)
      throws IOException {
    Path dir = erased(paths, segment, destination.name(), previous.toString());
    if (!fs.exists(dir)) {
      return java.util.Set.of();
    }
    java.util.Set<String> lines = new java.util.TreeSet<>();
    for (FileStatus f : fs.listStatus(dir)) {
      if (f.getPath().getName().startsWith(type + "-")) {
        try (java.io.BufferedReader in =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
          in.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(lines::add);
        }
      }
    }
    return lines;
  }

  /**
   * Writes one list's file: the destination's header, then the job's part files of the list and
   * type in order; returns the identifiers written.
   */
  private static long assemble(
      FileSystem fs,
      Path parts,
      String kind,
      String type,
      Destinations.Destination destination,
      Path file,
      java.util.Set<String> extra)
      throws IOException {
    List<Path> inputs = new ArrayList<>();
    Path dir = new Path(parts, kind);
    if (fs.exists(dir)) {
      for (FileStatus f : fs.listStatus(dir)) {
        if (f.getPath().getName().startsWith(type + "-r-")) {
          inputs.add(f.getPath());
        }
      }
    }
    inputs.sort(null);
    long lines = 0;
    try (OutputStream o = fs.create(file, true)) {
      if (destination.header()) {
        o.write((destination.column(type) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      byte[] buffer = new byte[64 * 1024];
      for (Path p : inputs) {
        try (InputStream in = fs.open(p)) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            o.write(buffer, 0, n);
            for (int i = 0; i < n; i++) {
              if (buffer[i] == '\n') {
                lines++;
              }
            }
          }
        }
      }
      for (String line : extra) {
        o.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        lines++;
      }
    }
    return lines;
  }

  /** The members' identifiers of the destination's types. */
  public static class MemberMapper
      extends Mapper<AvroKey<Profile>, NullWritable, Text, ByteWritable> {
    private String segment;
    private List<String> types;
    private final Text key = new Text();
    private final ByteWritable member = new ByteWritable(MEMBER);

    @Override
    protected void setup(Context context) {
      segment = context.getConfiguration().get(SEGMENT);
      types = Arrays.asList(context.getConfiguration().getStrings(TYPES));
    }

    @Override
    protected void map(AvroKey<Profile> p, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      Profile profile = p.datum();
      if (!profile.getSegments().contains(segment)) {
        return;
      }
      context.getCounter(Counter.MEMBERS).increment(1);
      boolean any = false;
      for (String type : types) {
        List<String> values = profile.getIdentifiers().get(type);
        if (values != null) {
          for (String v : values) {
            key.set(type + "\t" + v);
            context.write(key, member);
            any = true;
          }
        }
      }
      if (!any) {
        context.getCounter(Counter.MEMBERS_WITHOUT_IDENTIFIER).increment(1);
      }
    }
  }

  /** The identifiers of the destination's types that the day's graph suppresses. */
  public static class SuppressedMapper
      extends Mapper<AvroKey<IdAssignment>, NullWritable, Text, ByteWritable> {
    private Set<String> types;
    private final Text key = new Text();
    private final ByteWritable suppressed = new ByteWritable(SUPPRESSED);

    @Override
    protected void setup(Context context) {
      types = Set.of(context.getConfiguration().getStrings(TYPES));
    }

    @Override
    protected void map(AvroKey<IdAssignment> a, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      if (!a.datum().getSuppressed()) {
        return;
      }
      String id = a.datum().getId();
      int colon = id.indexOf(':');
      if (colon > 0 && types.contains(id.substring(0, colon))) {
        key.set(id.substring(0, colon) + "\t" + id.substring(colon + 1));
        context.write(key, suppressed);
      }
    }
  }

  /**
   * The lines of an export file, each keyed by the file's identifier type (its name: {@code
   * email.csv}). The record reader sees the file's own split, which a mapper behind {@code
   * MultipleInputs} does not.
   */
  public static class PreviousExport extends FileInputFormat<Text, Text> {
    @Override
    public RecordReader<Text, Text> createRecordReader(
        InputSplit split, TaskAttemptContext context) {
      LineRecordReader lines = new LineRecordReader();
      Text type = new Text();
      return new RecordReader<>() {
        @Override
        public void initialize(InputSplit s, TaskAttemptContext c) throws IOException {
          String name = ((FileSplit) s).getPath().getName();
          type.set(name.substring(0, name.length() - ".csv".length()));
          lines.initialize(s, c);
        }

        @Override
        public boolean nextKeyValue() throws IOException {
          return lines.nextKeyValue();
        }

        @Override
        public Text getCurrentKey() {
          return type;
        }

        @Override
        public Text getCurrentValue() {
          return lines.getCurrentValue();
        }

        @Override
        public float getProgress() throws IOException {
          return lines.getProgress();
        }

        @Override
        public void close() throws IOException {
          lines.close();
        }
      };
    }
  }

  /** The identifiers of the previous full export. */
  public static class PreviousMapper extends Mapper<Text, Text, Text, ByteWritable> {
    private final Text key = new Text();
    private final ByteWritable previous = new ByteWritable(PREVIOUS);

    @Override
    protected void map(Text type, Text line, Context context)
        throws IOException, InterruptedException {
      String value = line.toString().strip();
      if (isValue(type.toString(), value)) { // the header is not
        key.set(type + "\t" + value);
        context.write(key, previous);
      }
    }
  }

  /** Full, added and removed, without anyone suppressed. */
  public static class DeltaReducer extends Reducer<Text, ByteWritable, Text, NullWritable> {
    private MultipleOutputs<Text, NullWritable> outputs;
    private SuppressionList suppression;
    private final Text value = new Text();

    @Override
    protected void setup(Context context) throws IOException {
      outputs = new MultipleOutputs<>(context);
      Configuration conf = context.getConfiguration();
      suppression = SuppressionFiles.read(conf, DmpPaths.of(conf).suppression());
    }

    @Override
    protected void reduce(Text key, Iterable<ByteWritable> tags, Context context)
        throws IOException, InterruptedException {
      boolean member = false;
      boolean previous = false;
      boolean suppressed = false;
      for (ByteWritable t : tags) {
        member |= t.get() == MEMBER;
        previous |= t.get() == PREVIOUS;
        suppressed |= t.get() == SUPPRESSED;
      }
      String k = key.toString();
      int tab = k.indexOf('\t');
      String type = k.substring(0, tab);
      value.set(k.substring(tab + 1));
      if (suppressed || suppression.contains(type + ":" + value)) {
        if (member || previous) {
          context.getCounter(Counter.SUPPRESSED).increment(1);
        }
        return;
      }
      if (member) {
        write("full", type, context);
        if (!previous) {
          write("added", type, context);
        }
      } else if (previous) {
        write("removed", type, context);
      }
    }

    private void write(String kind, String type, Context context)
        throws IOException, InterruptedException {
      outputs.write(value, NullWritable.get(), kind + "/" + type);
      context.getCounter(WRITTEN, kind + "/" + type).increment(1);
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      outputs.close();
    }
  }
}
