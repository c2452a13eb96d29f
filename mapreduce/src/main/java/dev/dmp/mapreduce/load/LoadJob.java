package dev.dmp.mapreduce.load;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.profile.ProfileHFiles;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.report.ReportJob;
import dev.dmp.mapreduce.stage.StageContext;
import dev.dmp.mapreduce.stage.StageTool;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.io.ImmutableBytesWritable;
import org.apache.hadoop.hbase.mapreduce.HFileOutputFormat2;
import org.apache.hadoop.hbase.mapreduce.MultiTableHFileOutputFormat;
import org.apache.hadoop.hbase.mapreduce.TableMapReduceUtil;
import org.apache.hadoop.hbase.tool.BulkLoadHFiles;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dmp load --date D}: the day's profiles, identifiers, segment memberships and report rows
 * into HBase (docs/product.md section 6), by bulk load: one MapReduce job writes the HFiles of
 * every table ({@link MultiTableHFileOutputFormat}: its partitioner follows the regions of all of
 * them, and each reducer writes one region's files; the shuffle carries a record per row), and
 * {@link BulkLoadHFiles} hands them to the region servers, table by table. Never a Put per cell.
 *
 * <p>Idempotent: every cell is stamped from the day ({@link dev.dmp.hbase.CellVersion}), so a rerun
 * writes the same cells. The rows of the previous profile snapshot get family-delete markers just
 * below the day's timestamp: people merged away or erased, identifiers gone and segments left leave
 * nothing behind, and a retired OneID's row in {@code dmp:id_index} redirects to its survivor. The
 * tables are created first if missing.
 */
public class LoadJob extends StageTool<LoadReport> {

  public static final String NAME = "load";

  private static final Logger LOG = LoggerFactory.getLogger(LoadJob.class);

  static final String DATE = "dmp.load.date";
  static final String SALT_BUCKETS_USED = "dmp.load.salt.buckets";
  static final String SUPPRESSED_PATH = "dmp.load.suppressed.path";
  static final String PROFILE_CELLS_WRITTEN = "dmp.load.profile.cells.written";

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
  record Inputs(
      Path profiles,
      Path previousProfiles,
      Path merges,
      Path suppressed,
      Path reports,
      Path profileHFiles) {

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
          paths.reports(date),
          paths.profileHFiles(date));
    }
  }

  /**
   * Writes every table's HFiles in the staging directory first, by one job, then bulk-loads them
   * one table after another between the day's two {@code dmp:load} markers ({@link
   * DmpTables.Load}): readers see a day whose load has not finished as such, and the window between
   * the first and the last bulk load is seconds, not the minutes of the HFile job.
   */
  @Override
  public LoadReport run(StageContext context)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    RunDate date = context.date();
    FileSystem fs = context.fs();
    Inputs in = Inputs.of(fs, context.paths(), date);
    Configuration hbase = HBaseConnections.clientConf(context.conf());
    Map<String, LoadReport.TableLoad> tables = new LinkedHashMap<>();
    try (Connection connection = ConnectionFactory.createConnection(hbase);
        Admin admin = connection.getAdmin()) {
      TableCreator.createAll(admin, context.conf());
      int buckets = DmpTables.Profile.saltBuckets(admin.getDescriptor(DmpTables.Profile.NAME));
      Path hfiles = context.staged("hfiles");
      ProfileHFiles.Info written = ProfileHFiles.Info.read(fs, in.profileHFiles());
      if (written != null && written.saltBuckets() != buckets) {
        LOG.warn(
            "{} was written for {} salt buckets, dmp:profile has {}: the load writes the"
                + " profile table's cells itself (set dmp.hbase.salt.buckets to {})",
            in.profileHFiles(),
            written.saltBuckets(),
            buckets,
            buckets);
        written = null;
      }
      Job job = configure(hbase, connection, date, buckets, in, hfiles);
      job.getConfiguration().setBoolean(PROFILE_CELLS_WRITTEN, written != null);
      long t0 = System.nanoTime();
      Counters counters = context.run(null, job);
      double jobSeconds = seconds(System.nanoTime() - t0);
      if (written != null) {
        long people = counters.findCounter(LoadCounters.PROFILES).getValue();
        if (written.people() != people) {
          throw new DmpException(
              String.format(
                  "%s holds the cells of %,d people, the day's profiles %,d: they are not of the"
                      + " same profile run; run dmp profile --date %s again, or delete them",
                  in.profileHFiles(), written.people(), people, date));
        }
        adoptProfileHFiles(context, in.profileHFiles(), tableDir(hfiles, DmpTables.Profile.NAME));
      }
      Path started = context.paths().report(date, STARTED_MARKER);
      LoadMarkers.started(connection, date, fs, started);
      for (TableName table : DmpTables.ALL) {
        Path dir = tableDir(hfiles, table);
        long bytes = 0;
        long t1 = System.nanoTime();
        if (fs.exists(dir)) {
          bytes = fs.getContentSummary(dir).getLength();
          BulkLoadHFiles.create(hbase).bulkLoad(table, dir);
        }
        String name = table.getNameAsString();
        long fromProfileStage =
            written != null && table.equals(DmpTables.Profile.NAME) ? written.cells() : 0;
        tables.put(
            name,
            new LoadReport.TableLoad(
                counters.findCounter(CellMappers.CELLS_BY_TABLE, name).getValue()
                    + fromProfileStage,
                counters.findCounter(CellMappers.DELETE_MARKERS_BY_TABLE, name).getValue(),
                bytes,
                seconds(System.nanoTime() - t1)));
      }
      context.guard().delete(hfiles, true);
      // Used or not (written for other buckets), a day's profile HFiles have served.
      context.guard().delete(in.profileHFiles(), true);
      long cells =
          counters.findCounter(LoadCounters.CELLS).getValue()
              + (written == null ? 0 : written.cells());
      LoadMarkers.finished(connection, date, cells, fs, started);
      return new LoadReport(
          in.previousProfiles() == null ? null : in.previousProfiles().getName(),
          counters.findCounter(LoadCounters.PROFILES).getValue(),
          counters.findCounter(LoadCounters.PREVIOUS_PROFILES).getValue(),
          counters.findCounter(LoadCounters.REDIRECTS).getValue(),
          counters.findCounter(LoadCounters.SUPPRESSED_REDIRECTS).getValue(),
          counters.findCounter(LoadCounters.REPORT_ROWS).getValue(),
          cells,
          counters.findCounter(LoadCounters.DELETE_MARKERS).getValue(),
          jobSeconds,
          written != null,
          tables);
    }
  }

  /**
   * Moves the profile stage's HFiles of the day ({@link ProfileHFiles}) among the load job's own
   * files of {@code dmp:profile} (its delete markers), family by family, to be bulk-loaded with
   * them.
   */
  private static void adoptProfileHFiles(StageContext context, Path from, Path tableDir)
      throws IOException {
    FileSystem fs = context.fs();
    for (FileStatus family : fs.listStatus(from)) {
      if (!family.isDirectory()) {
        continue;
      }
      Path into = new Path(tableDir, family.getPath().getName());
      if (!fs.mkdirs(into)) {
        throw new IOException("cannot create " + into);
      }
      for (FileStatus file : fs.listStatus(family.getPath())) {
        Path to = new Path(into, file.getPath().getName());
        if (!context.guard().rename(file.getPath(), to)) {
          throw new IOException("cannot move " + file.getPath() + " to " + to);
        }
      }
    }
  }

  /**
   * Where the HFile job writes a table's files: {@code <namespace>/<qualifier>} below its output.
   */
  private static Path tableDir(Path hfiles, TableName table) {
    return new Path(new Path(hfiles, table.getNamespaceAsString()), table.getQualifierAsString());
  }

  /**
   * The quality file ({@code quality/dt=D/load-started.json}) that says a load of the day began and
   * has not finished: {@code dmp quality} reports the day as half-loaded while it exists.
   */
  public static final String STARTED_MARKER = "load-started";

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e7) / 100.0;
  }

  /**
   * The HFile job of every table: the day's profiles (and the previous snapshot's, for delete
   * markers) feed {@code dmp:profile}, {@code dmp:id_index} and {@code dmp:segment}, the merges
   * registry {@code dmp:id_index}, the reports {@code dmp:report}. Its partitioner follows the
   * regions of all four ({@link MultiTableHFileOutputFormat}), a reducer per region.
   */
  static Job configure(
      Configuration hbase, Connection connection, RunDate date, int buckets, Inputs in, Path output)
      throws IOException {
    Job job = Jobs.newAvroJob(hbase, "dmp-load " + date, LoadJob.class);
    Configuration conf = job.getConfiguration();
    conf.set(DATE, date.toString());
    conf.setInt(SALT_BUCKETS_USED, buckets);
    MultipleInputs.addInputPath(
        job, in.reports(), AvroInputs.ReportRows.class, CellMappers.Reports.class);
    MultipleInputs.addInputPath(
        job, in.profiles(), AvroInputs.Profiles.class, CellMappers.CurrentProfiles.class);
    if (in.previousProfiles() != null) {
      MultipleInputs.addInputPath(
          job,
          in.previousProfiles(),
          AvroInputs.Profiles.class,
          CellMappers.PreviousProfiles.class);
    }
    FileSystem fs = in.merges().getFileSystem(conf);
    if (fs.exists(in.merges())) {
      conf.set(SUPPRESSED_PATH, in.suppressed().toString());
      MultipleInputs.addInputPath(
          job, in.merges(), AvroInputs.OneIdMerges.class, CellMappers.Merges.class);
    }
    job.setMapOutputKeyClass(ImmutableBytesWritable.class);
    // HBase sets its own sorting reducer for the cell types it knows; ours takes whole rows.
    job.setMapOutputValueClass(KeyValue.class);
    String userJars = conf.get("tmpjars");
    List<Table> opened = new ArrayList<>();
    List<RegionLocator> locators = new ArrayList<>();
    try {
      List<Object> tables = new ArrayList<>();
      for (TableName name : DmpTables.ALL) {
        Table t = connection.getTable(name);
        opened.add(t);
        RegionLocator regions = connection.getRegionLocator(name);
        locators.add(regions);
        tables.add(tableInfo(t.getDescriptor(), regions));
      }
      configureMultiTableLoad(job, tables);
    } finally {
      for (Table t : opened) {
        t.close();
      }
      for (RegionLocator r : locators) {
        r.close();
      }
    }
    job.setMapOutputValueClass(RowCells.class);
    job.setReducerClass(CellMappers.RowSortReducer.class);
    job.setOutputValueClass(RowCells.class);
    job.setOutputFormatClass(RowHFileOutputFormat.class);
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

  /**
   * {@code new HFileOutputFormat2.TableInfo(descriptor, regions)}: the argument {@link
   * MultiTableHFileOutputFormat#configureIncrementalLoad} takes is a class HBase 2.6 forgot to make
   * public (its constructor is), so it is built by reflection.
   */
  private static Object tableInfo(TableDescriptor descriptor, RegionLocator regions)
      throws IOException {
    try {
      Constructor<?> c =
          Class.forName(HFileOutputFormat2.class.getName() + "$TableInfo")
              .getConstructor(TableDescriptor.class, RegionLocator.class);
      c.setAccessible(true);
      return c.newInstance(descriptor, regions);
    } catch (ReflectiveOperationException e) {
      throw new IOException("this HBase has no usable HFileOutputFormat2.TableInfo", e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void configureMultiTableLoad(Job job, List<Object> tables) throws IOException {
    MultiTableHFileOutputFormat.configureIncrementalLoad(job, (List) tables);
  }
}
