package dev.dmp.mapreduce.attribute;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.AttributionValue;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.DailyTool;
import dev.dmp.mapreduce.common.DmpException;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.common.RunDate;
import dev.dmp.mapreduce.common.StagedOutput;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;

/**
 * Attribution: {@code dmp attribute --date D}. Joins every clean event of the day to its person's
 * OneID (a reduce-side join with secondary sort on {@link IdTagKey}) and writes {@code
 * attributed/dt=D/}. Events of suppressed people are counted, not attributed. Fails, publishing
 * nothing, unless events = attributed + suppressed + unattributed.
 */
public class AttributeJob extends DailyTool {

  public static final String NAME = "attribute";

  /** Reduce tasks of the join. */
  public static final String REDUCE_TASKS = "dmp.attribute.reduce.tasks";

  static final String SUPER_PATH = "dmp.attribute.super.path";

  /** The stage's report in the day's quality directory. */
  public static final String REPORT_FILE = "attribute.json";

  public static void main(String[] args) throws Exception {
    main(new AttributeJob(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected int execute(RunDate date) throws Exception {
    Map<String, Object> r = run(getConf(), date);
    out.printf(
        "attribute %s: %,d events, %,d attributed, %,d of suppressed people, %,d unattributed (%.1f s)%n",
        date,
        r.get("events"),
        r.get("attributed"),
        r.get("suppressed"),
        r.get("unattributed"),
        r.get("seconds"));
    return OK;
  }

  /** The join of {@code events} with the assignments of {@code graph}, into {@code output}. */
  public static Job configure(Configuration base, Path events, Path graph, Path output)
      throws IOException {
    Job job = Jobs.newAvroJob(base, "dmp-attribute " + events.getName(), AttributeJob.class);
    Configuration conf = job.getConfiguration();
    conf.set(SUPER_PATH, new Path(graph, "super").toString());
    MultipleInputs.addInputPath(
        job,
        new Path(graph, "assignments"),
        AvroInputs.IdAssignments.class,
        Attribution.AssignmentMapper.class);
    MultipleInputs.addInputPath(
        job, events, AvroInputs.CleanEvents.class, Attribution.EventMapper.class);
    job.setMapOutputKeyClass(IdTagKey.class);
    AvroJob.setMapOutputValueSchema(job, AttributionValue.getClassSchema());
    job.setPartitionerClass(IdTagKey.IdPartitioner.class);
    job.setSortComparatorClass(IdTagKey.SortComparator.class);
    job.setGroupingComparatorClass(IdTagKey.GroupingComparator.class);
    job.setReducerClass(Attribution.JoinReducer.class);
    job.setNumReduceTasks(
        Jobs.reduceTasks(conf, REDUCE_TASKS, events, new Path(graph, "assignments")));
    Jobs.avroOutput(job, AttributedEvent.getClassSchema(), output);
    return job;
  }

  /**
   * Runs the join of {@code events} with {@code graph} into {@code staging} and checks that the
   * events reconcile; publishes nothing. Returns the counts.
   *
   * @param what the data named in messages: {@code 2026-11-20}, {@code 2026-11-20 hour 09}
   */
  public static Map<String, Object> attribute(
      Configuration conf, Path events, Path graph, Path staging, String what)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    Counters c = Jobs.run(configure(conf, events, graph, staging));
    Map<String, Object> report = new LinkedHashMap<>();
    long total = c.findCounter(AttributeCounters.EVENTS).getValue();
    long attributed = c.findCounter(AttributeCounters.ATTRIBUTED).getValue();
    long suppressed = c.findCounter(AttributeCounters.SUPPRESSED).getValue();
    long unattributed = c.findCounter(AttributeCounters.UNATTRIBUTED).getValue();
    report.put("events", total);
    report.put("attributed", attributed);
    report.put("suppressed", suppressed);
    report.put("unattributed", unattributed);
    report.put(
        "super_connector_ids_dropped",
        c.findCounter(AttributeCounters.SUPER_CONNECTOR_IDS).getValue());
    if (total != attributed + suppressed + unattributed) {
      throw new DmpException(
          String.format(
              "counts do not reconcile: events %d != attributed %d + suppressed %d + unattributed %d;"
                  + " nothing was published for %s",
              total, attributed, suppressed, unattributed, what));
    }
    return report;
  }

  /** Attributes one day and publishes it; returns the reconciled report. */
  public static Map<String, Object> run(Configuration conf, RunDate date)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    long started = System.nanoTime();
    DmpPaths paths = DmpPaths.of(conf);
    FileSystem fs = paths.base().getFileSystem(conf);
    Path graph = IdGraphJob.graph(paths, date);
    if (!fs.exists(new Path(graph, "assignments"))) {
      throw new DmpException(
          "no identity graph for " + date + " (" + graph + "): run idgraph first");
    }
    Path staging = new Path(paths.tmp(), "attribute-" + date + "-" + System.currentTimeMillis());
    try {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("date", date.toString());
      report.putAll(attribute(conf, paths.clean(date), graph, staging, date.toString()));
      StagedOutput.commit(fs, staging, paths.attributed(date));
      report.put("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
      Jobs.writeReport(fs, paths, date, REPORT_FILE, report);
      return report;
    } finally {
      fs.delete(staging, true);
    }
  }
}
