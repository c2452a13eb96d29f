package dev.dmp.mapreduce.common;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Attaches the task drills of {@value Drill#HALT} to a job before it is submitted: a job whose
 * stage ({@code dmp-STAGE ...}, its name) has a {@code STAGE-map} or {@code STAGE-reduce} drill
 * runs its mapper or reducer inside {@link DrillMapper} or {@link DrillReducer}. A job without a
 * drill is submitted as it is.
 */
final class DrillTasks {

  private DrillTasks() {}

  static void attach(Job job) throws ClassNotFoundException {
    Configuration conf = job.getConfiguration();
    if (conf.getTrimmedStrings(Drill.HALT).length == 0) {
      return;
    }
    String stage = stage(job.getJobName());
    if (stage == null) {
      return;
    }
    String map = stage + "-map";
    if (Drill.haltAt(conf, map) > 0 && !DrillMapper.class.equals(job.getMapperClass())) {
      conf.setClass(DrillMapper.MAPPER, job.getMapperClass(), Mapper.class);
      conf.set(DrillMapper.POINT, map);
      job.setMapperClass(DrillMapper.class);
    }
    String reduce = stage + "-reduce";
    if (Drill.haltAt(conf, reduce) > 0
        && job.getNumReduceTasks() > 0
        && !DrillReducer.class.equals(job.getReducerClass())) {
      conf.setClass(DrillReducer.REDUCER, job.getReducerClass(), Reducer.class);
      conf.set(DrillReducer.POINT, reduce);
      job.setReducerClass(DrillReducer.class);
    }
  }

  /** The stage of a job named {@code dmp-STAGE WHAT}, or null for another name. */
  static String stage(String jobName) {
    if (jobName == null || !jobName.startsWith("dmp-")) {
      return null;
    }
    int space = jobName.indexOf(' ');
    return jobName.substring("dmp-".length(), space < 0 ? jobName.length() : space);
  }
}
