package dev.dmp.mapreduce.audience;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.common.StagedOutput;
import dev.dmp.mapreduce.stage.Stage;
import dev.dmp.mapreduce.stage.StageContext;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.ByteWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * One segment's audience for one destination on one day ({@link AudienceExport}), as a stage of the
 * {@link dev.dmp.mapreduce.stage.StageRunner}: the runner holds the day's lock (a run of the same
 * day waits for it, and it for the run), stages, checks the day's profiles, publishes the export
 * readable by its owner only, and writes {@code quality/dt=D/export-SEGMENT-DESTINATION.json}.
 */
public final class ExportStage implements Stage<ExportReport> {

  private final String segment;
  private final Destinations.Destination destination;

  public ExportStage(String segment, Destinations.Destination destination) {
    this.segment = segment;
    this.destination = destination;
  }

  @Override
  public String name() {
    return "export";
  }

  @Override
  public String reportName() {
    return ExportReport.fileName(segment, destination.name());
  }

  @Override
  public List<Input> inputs(DmpPaths paths, RunDate date) {
    return List.of(new Input(paths.profiles(date), "profiles", "the day (dmp run)"));
  }

  @Override
  public List<Path> outputs(DmpPaths paths, RunDate date) {
    return List.of(AudienceExport.target(paths, segment, date, destination.name()));
  }

  @Override
  public String line(RunDate date, ExportReport report, double seconds) {
    return report.summary();
  }

  @Override
  public ExportReport run(StageContext context)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    RunDate date = context.date();
    DmpPaths paths = context.paths();
    FileSystem fs = context.fs();
    Path profiles = paths.profiles(date);
    Path assignments = DmpPaths.assignments(paths.graph(date));
    RunDate previous = AudienceExport.previous(fs, paths, segment, date, destination.name());
    Job job = Jobs.newAvroJob(context.conf(), "dmp-export", AudienceExport.class); // named when run
    Configuration conf = job.getConfiguration();
    conf.set(AudienceExport.SEGMENT, segment);
    conf.set(AudienceExport.TYPES, String.join(",", destination.types()));
    MultipleInputs.addInputPath(job, profiles, AvroInputs.Profiles.class, ExportMemberMapper.class);
    MultipleInputs.addInputPath(
        job, assignments, AvroInputs.IdAssignments.class, ExportSuppressedMapper.class);
    if (previous != null) {
      for (String type : destination.types()) {
        Path file =
            new Path(
                new Path(
                    AudienceExport.target(paths, segment, previous, destination.name()), "full"),
                type + ".csv");
        if (fs.exists(file)) {
          MultipleInputs.addInputPath(
              job, file, PreviousExportInputFormat.class, ExportPreviousMapper.class);
        }
      }
    }
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(ByteWritable.class);
    job.setReducerClass(ExportDeltaReducer.class);
    job.setNumReduceTasks(Jobs.reduceTasks(conf, AudienceExport.REDUCE_TASKS, profiles));
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    LazyOutputFormat.setOutputFormatClass(job, TextOutputFormat.class);
    Path parts = context.staged("parts");
    FileOutputFormat.setOutputPath(job, parts);
    Counters counters = context.run(segment + "-" + destination.name(), job);

    Path out = context.staged("out");
    ExportReport report =
        new ExportReport(
            date.toString(),
            segment,
            destination.name(),
            previous == null ? null : previous.toString(),
            counters.findCounter(AudienceExport.Counter.MEMBERS).getValue(),
            counters.findCounter(AudienceExport.Counter.MEMBERS_WITHOUT_IDENTIFIER).getValue(),
            counters.findCounter(AudienceExport.Counter.SUPPRESSED).getValue());
    for (String kind : AudienceExport.KINDS) {
      for (String type : destination.types()) {
        Path file = new Path(new Path(out, kind), type + ".csv");
        java.util.Set<String> erased =
            kind.equals("removed") && previous != null
                ? AudienceExport.erased(fs, paths, segment, destination, previous, type)
                : java.util.Set.of();
        report.count(
            kind, type, AudienceExport.assemble(fs, parts, kind, type, destination, file, erased));
      }
    }
    StagedOutput.mkdirsOwnerOnly(fs, AudienceExport.exportsRoot(paths));
    context.publishOwnerOnly(out, AudienceExport.target(paths, segment, date, destination.name()));
    return report;
  }
}
