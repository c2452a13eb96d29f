package dev.dmp.mapreduce.stage;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DataPermissions;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Drill;
import dev.dmp.mapreduce.common.JobRunner;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.common.StagedOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

/**
 * What a running stage is given: its configuration, day and paths, a staging directory of its own,
 * a way to run its jobs (named, tagged and shown), and the list of what it publishes once it has
 * returned its report.
 */
public final class StageContext {

  /** A staged directory and the dataset it replaces when the stage succeeds. */
  private record Publication(Path staged, Path target, boolean ownerOnly, boolean mayBeEmpty) {}

  private final String stage;
  private final String tag;
  private final Configuration conf;
  private final RunDate date;
  private final DmpPaths paths;
  private final FileSystem fs;
  private final Path staging;
  private final JobRunner jobs;
  private final List<Publication> publications = new ArrayList<>();

  StageContext(
      String stage,
      String tag,
      Configuration conf,
      RunDate date,
      DmpPaths paths,
      FileSystem fs,
      Path staging,
      JobRunner jobs) {
    this.stage = stage;
    this.tag = tag;
    this.conf = conf;
    this.date = date;
    this.paths = paths;
    this.fs = fs;
    this.staging = staging;
    this.jobs = jobs;
  }

  public Configuration conf() {
    return conf;
  }

  public RunDate date() {
    return date;
  }

  public DmpPaths paths() {
    return paths;
  }

  public FileSystem fs() {
    return fs;
  }

  /** The guard every delete and rename of the stage goes through. */
  public PathGuard guard() {
    return new PathGuard(fs, paths.base());
  }

  /** The stage's own directory under {@code tmp/}, deleted when the stage ends either way. */
  public Path staging() {
    return staging;
  }

  /** A path in the staging directory. */
  public Path staged(String name) {
    return new Path(staging, name);
  }

  /** The runner of this stage's jobs (for helpers that run jobs of their own). */
  public JobRunner jobs() {
    return jobs;
  }

  /**
   * Names and tags the job as one of this stage's ({@link Jobs#name}) and runs it to the end.
   *
   * @param step the job within the stage, or null for the stage's only job
   */
  public Counters run(String step, Job job)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    return jobs.run(Jobs.name(job, stage, step, tag));
  }

  /**
   * Moves a finished job's named output into a dataset the stage is assembling in its staging
   * directory, to be published with it; an output that received no record becomes an empty
   * directory. Both paths must be in the staging directory.
   */
  public void collectNamed(Path namedOutput, Path into) throws IOException {
    for (Path p : List.of(namedOutput, into)) {
      if (!p.toString().startsWith(staging.toString() + Path.SEPARATOR)) {
        throw new IOException(p + " is not in the staging directory " + staging);
      }
    }
    StagedOutput.moveNamed(guard(), namedOutput, into);
  }

  /** Publishes {@code staged}, which must exist, as {@code target} when the stage succeeds. */
  public void publish(Path staged, Path target) {
    publications.add(new Publication(staged, target, false, false));
  }

  /**
   * Publishes a job's named output, which may have received no record (and so was never created):
   * then {@code target} becomes an empty dataset.
   */
  public void publishNamed(Path staged, Path target) {
    publications.add(new Publication(staged, target, false, true));
  }

  /** As {@link #publishNamed}, readable by its owner only: datasets that may hold clear PII. */
  public void publishOwnerOnly(Path staged, Path target) {
    publications.add(new Publication(staged, target, true, true));
  }

  /**
   * Publishes everything named so far, in the order it was named; every step is checked, and only
   * the datasets in {@code declared} may be published.
   */
  void publishAll(List<Path> declared) throws IOException, DmpException {
    for (Publication p : publications) {
      if (!declared.contains(p.target())) {
        throw new IOException(
            "stage " + stage + " may not publish " + p.target() + ", only " + declared);
      }
    }
    int published = 0;
    for (Publication p : publications) {
      if (p.mayBeEmpty() && !fs.exists(p.staged()) && !fs.mkdirs(p.staged())) {
        throw new IOException("cannot create the empty dataset " + p.staged());
      }
      if (p.ownerOnly()) {
        StagedOutput.mkdirsOwnerOnly(fs, p.target().getParent());
      }
      StagedOutput.commit(guard(), p.staged(), p.target());
      FsPermission permission = p.ownerOnly() ? StagedOutput.OWNER_ONLY : DataPermissions.DATASET;
      DataPermissions.restrict(fs, p.target(), permission, conf);
      if (!p.target().getParent().equals(paths.base())) {
        DataPermissions.restrict(fs, p.target().getParent(), permission, conf);
      }
      Drill.published(conf, stage, ++published);
    }
  }
}
