package dev.dmp.mapreduce.attribute;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.stage.StageContext;
import dev.dmp.mapreduce.stage.StageTool;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;

/**
 * Attribution: {@code dmp attribute --date D}. Joins every clean event of the day to its person's
 * OneID (a reduce-side join with secondary sort on {@link IdTagKey}) and writes {@code
 * attributed/dt=D/}. Events of suppressed people are counted, not attributed. Fails, publishing
 * nothing, unless events = attributed + suppressed + unattributed.
 */
public class AttributeJob extends StageTool<AttributeReport> {

  public static final String NAME = "attribute";

  /** Reduce tasks of the join. */
  public static final String REDUCE_TASKS = "dmp.attribute.reduce.tasks";

  static final String SUPER_PATH = "dmp.attribute.super.path";

  public static void main(String[] args) throws Exception {
    main(new AttributeJob(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Path> outputs(DmpPaths paths, RunDate date) {
    return List.of(paths.attributed(date));
  }

  @Override
  public List<Input> inputs(DmpPaths paths, RunDate date) {
    return List.of(
        new Input(paths.clean(date), "clean events", CleanJob.NAME),
        new Input(DmpPaths.assignments(paths.graph(date)), "identity graph", IdGraphJob.NAME));
  }

  /** The join of {@code events} with the assignments of {@code graph}, into {@code output}. */
  public static Job configure(Configuration base, Path events, Path graph, Path output)
      throws IOException {
    Job job = Jobs.newAvroJob(base, "dmp-attribute " + events.getName(), AttributeJob.class);
    Configuration conf = job.getConfiguration();
    conf.set(SUPER_PATH, DmpPaths.superConnectors(graph).toString());
    MultipleInputs.addInputPath(
        job,
        DmpPaths.assignments(graph),
        AvroInputs.IdAssignments.class,
        AttributeAssignmentMapper.class);
    MultipleInputs.addInputPath(
        job, events, AvroInputs.CleanEvents.class, AttributeEventMapper.class);
    job.setMapOutputKeyClass(IdTagKey.class);
    job.setMapOutputValueClass(BytesWritable.class);
    job.setPartitionerClass(IdTagKey.IdPartitioner.class);
    job.setSortComparatorClass(IdTagKey.SortComparator.class);
    job.setGroupingComparatorClass(IdTagKey.GroupingComparator.class);
    job.setReducerClass(AttributeJoinReducer.class);
    job.setNumReduceTasks(
        Jobs.reduceTasks(conf, REDUCE_TASKS, events, DmpPaths.assignments(graph)));
    Jobs.encodedAvroOutput(job, AttributedEvent.getClassSchema(), output);
    return job;
  }

  /** Attributes the day's clean events with the day's graph. */
  @Override
  public AttributeReport run(StageContext context)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    RunDate date = context.date();
    DmpPaths paths = context.paths();
    Path attributed = context.staged("attributed");
    Counters c =
        context.run(
            null, configure(context.conf(), paths.clean(date), paths.graph(date), attributed));
    AttributeReport report = AttributeReport.reconciled(c, date.toString());
    context.publish(attributed, paths.attributed(date));
    return report;
  }
}
