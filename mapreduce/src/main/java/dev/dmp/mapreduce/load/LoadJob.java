package dev.dmp.mapreduce.load;

import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.DmpException;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.common.RunDate;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.report.ReportJob;
import dev.dmp.mapreduce.serving.EmbeddedHBase;
import dev.dmp.mapreduce.stage.StageContext;
import dev.dmp.mapreduce.stage.StageTool;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.io.ImmutableBytesWritable;
import org.apache.hadoop.hbase.mapreduce.HFileOutputFormat2;
import org.apache.hadoop.hbase.mapreduce.TableMapReduceUtil;
import org.apache.hadoop.hbase.tool.BulkLoadHFiles;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * {@code dmp load --date D}: the day's profiles, identifiers, segment memberships and report rows
 * into HBase (PRODUCT.md section 6), by bulk load: per table, one MapReduce job writes HFiles with
 * {@link HFileOutputFormat2#configureIncrementalLoad} (so its partitioner follows the table's
 * regions and each reducer writes one region's files), and {@link BulkLoadHFiles} hands them to the
 * region servers. Never a Put per cell.
 *
 * <p>Idempotent: every cell is stamped from the day ({@link dev.dmp.hbase.CellVersion}), so a rerun
 * writes the same cells. The rows of the previous profile snapshot get family-delete markers just
 * below the day's timestamp: people merged away or erased, identifiers gone and segments left leave
 * nothing behind, and a retired OneID's row in {@code dmp:id_index} redirects to its survivor. The
 * tables are created first if missing.
 */
public class LoadJob extends StageTool<LoadReport> {

  public static final String NAME = "load";

  static final String TABLE = "dmp.load.table";
  static final String DATE = "dmp.load.date";
  static final String SALT_BUCKETS_USED = "dmp.load.salt.buckets";
  static final String SUPPRESSED_PATH = "dmp.load.suppressed.path";

  public static void main(String[] args) throws Exception {
    main(new LoadJob(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** None: the load writes HBase tables, idempotently, and no dataset. */
  @Override
  public List<Path> outputs(DmpPaths paths, RunDate date) {
    return List.of();
  }

  @Override
  public List<Input> inputs(DmpPaths paths, RunDate date) {
    return List.of(
        new Input(paths.profiles(date), "profiles", ProfileJob.NAME),
        new Input(paths.reports(date), "reports", ReportJob.NAME));
  }

  /** The datasets a day's load reads. */
  record Inputs(Path profiles, Path previousProfiles, Path merges, Path suppressed, Path reports) {

    static Inputs of(FileSystem fs, DmpPaths paths, RunDate date) throws IOException {
      List<String> before = ProfileJob.partitionsBefore(fs, paths.profilesRoot(), date);
      Path previous =
          before.isEmpty() ? null : new Path(paths.profilesRoot(), before.get(before.size() - 1));
      Path graph = paths.graph(date);
      return new Inputs(
          paths.profiles(date),
          previous,
          DmpPaths.merges(graph),
          DmpPaths.suppressed(graph),
          paths.reports(date));
    }
  }

  /**
   * Writes every table's HFiles in the staging directory first, then bulk-loads them one table
   * after another between the day's two {@code dmp:load} markers ({@link DmpTables.Load}): readers
   * see a day whose load has not finished as such, and the window between the first and the last
   * bulk load is seconds, not the minutes of the HFile jobs.
   */
  @Override
  public LoadReport run(StageContext context)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    RunDate date = context.date();
    FileSystem fs = context.fs();
    Inputs in = Inputs.of(fs, context.paths(), date);
    Configuration hbase = EmbeddedHBase.startIfEmbedded(context.conf());
    long[] totals = new long[LoadCounters.values().length];
    Map<String, LoadReport.TableLoad> tables = new LinkedHashMap<>();
    try (Connection connection = ConnectionFactory.createConnection(hbase);
        Admin admin = connection.getAdmin()) {
      TableCreator.createAll(admin, context.conf());
      int buckets = DmpTables.Profile.saltBuckets(admin.getDescriptor(DmpTables.Profile.NAME));
      Map<TableName, Counters> written = new LinkedHashMap<>();
      Map<TableName, Double> jobSeconds = new LinkedHashMap<>();
      for (TableName table : DmpTables.ALL) {
        long t0 = System.nanoTime();
        Job job = configure(hbase, connection, table, date, buckets, in, hfiles(context, table));
        written.put(table, context.run(table.getQualifierAsString(), job));
        jobSeconds.put(table, seconds(System.nanoTime() - t0));
      }
      Path started = context.paths().report(date, STARTED_MARKER);
      LoadMarkers.started(connection, date, fs, started);
      long cells = 0;
      for (TableName table : DmpTables.ALL) {
        Path hfiles = hfiles(context, table);
        long t1 = System.nanoTime();
        BulkLoadHFiles.create(hbase).bulkLoad(table, hfiles);
        long t2 = System.nanoTime();
        Counters counters = written.get(table);
        for (LoadCounters c : LoadCounters.values()) {
          long v = counters.findCounter(c).getValue();
          // Each table's job reads the same profiles: count people once, cells in every table.
          boolean people = c == LoadCounters.PROFILES || c == LoadCounters.PREVIOUS_PROFILES;
          totals[c.ordinal()] = people ? Math.max(totals[c.ordinal()], v) : totals[c.ordinal()] + v;
        }
        cells += counters.findCounter(LoadCounters.CELLS).getValue();
        tables.put(
            table.getNameAsString(),
            new LoadReport.TableLoad(
                counters.findCounter(LoadCounters.CELLS).getValue(),
                counters.findCounter(LoadCounters.DELETE_MARKERS).getValue(),
                fs.exists(hfiles) ? fs.getContentSummary(hfiles).getLength() : 0,
                jobSeconds.get(table),
                seconds(t2 - t1)));
        fs.delete(hfiles, true);
      }
      LoadMarkers.finished(connection, date, cells, fs, started);
    }
    return new LoadReport(
        in.previousProfiles() == null ? null : in.previousProfiles().getName(),
        totals[LoadCounters.PROFILES.ordinal()],
        totals[LoadCounters.PREVIOUS_PROFILES.ordinal()],
        totals[LoadCounters.REDIRECTS.ordinal()],
        totals[LoadCounters.SUPPRESSED_REDIRECTS.ordinal()],
        totals[LoadCounters.REPORT_ROWS.ordinal()],
        totals[LoadCounters.CELLS.ordinal()],
        totals[LoadCounters.DELETE_MARKERS.ordinal()],
        tables);
  }

  /**
   * The quality file ({@code quality/dt=D/load-started.json}) that says a load of the day began and
   * has not finished: {@code dmp quality} reports the day as half-loaded while it exists.
   */
  public static final String STARTED_MARKER = "load-started";

  private static Path hfiles(StageContext context, TableName table) {
    return context.staged("hfiles-" + table.getQualifierAsString());
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e7) / 100.0;
  }

  /** The HFile job of one table. */
  static Job configure(
      Configuration hbase,
      Connection connection,
      TableName table,
      RunDate date,
      int buckets,
      Inputs in,
      Path output)
      throws IOException {
    Job job =
        Jobs.newAvroJob(hbase, "dmp-load " + table.getNameAsString() + " " + date, LoadJob.class);
    Configuration conf = job.getConfiguration();
    conf.set(TABLE, table.getNameAsString());
    conf.set(DATE, date.toString());
    conf.setInt(SALT_BUCKETS_USED, buckets);
    if (table.equals(DmpTables.Report.NAME)) {
      MultipleInputs.addInputPath(
          job, in.reports(), AvroInputs.ReportRows.class, CellMappers.Reports.class);
    } else {
      MultipleInputs.addInputPath(
          job, in.profiles(), AvroInputs.Profiles.class, CellMappers.CurrentProfiles.class);
      if (in.previousProfiles() != null) {
        MultipleInputs.addInputPath(
            job,
            in.previousProfiles(),
            AvroInputs.Profiles.class,
            CellMappers.PreviousProfiles.class);
      }
    }
    if (table.equals(DmpTables.IdIndex.NAME)) {
      FileSystem fs = in.merges().getFileSystem(conf);
      if (fs.exists(in.merges())) {
        conf.set(SUPPRESSED_PATH, in.suppressed().toString());
        MultipleInputs.addInputPath(
            job, in.merges(), AvroInputs.OneIdMerges.class, CellMappers.Merges.class);
      }
    }
    job.setMapOutputKeyClass(ImmutableBytesWritable.class);
    job.setMapOutputValueClass(KeyValue.class);
    String userJars = conf.get("tmpjars");
    try (Table t = connection.getTable(table);
        RegionLocator regions = connection.getRegionLocator(table)) {
      HFileOutputFormat2.configureIncrementalLoad(job, t.getDescriptor(), regions);
    }
    // On a secure HBase the tasks (whose HFile writers ask HBase where regions live) need a token.
    TableMapReduceUtil.initCredentials(job);
    // The job jar's lib/ already ships HBase to the tasks; keep only what the user gave (-libjars).
    if (userJars == null) {
      conf.unset("tmpjars");
    } else {
      conf.set("tmpjars", userJars);
    }
    FileOutputFormat.setOutputPath(job, output);
    return job;
  }
}
