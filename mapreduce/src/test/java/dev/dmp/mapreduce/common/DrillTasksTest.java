package dev.dmp.mapreduce.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.mapreduce.clean.CleanMapper;
import dev.dmp.mapreduce.clean.DedupReducer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.junit.jupiter.api.Test;

/**
 * A crash drill is attached to the job it names by wrapping its task classes, and to no other job:
 * the stages' own mappers and reducers never look for drills. (ChainOnYarnIT watches a wrapped task
 * die and YARN run it again.)
 */
class DrillTasksTest {

  @Test
  void aDrillWrapsTheTasksOfTheStageItNamesAndNoOther() throws Exception {
    Job clean = job("dmp-clean 2026-11-20", "clean-map:200,clean-reduce:50");
    DrillTasks.attach(clean);
    assertThat(clean.getMapperClass()).isEqualTo(DrillMapper.class);
    assertThat(clean.getReducerClass()).isEqualTo(DrillReducer.class);
    Configuration conf = clean.getConfiguration();
    assertThat(conf.get(DrillMapper.MAPPER)).isEqualTo(CleanMapper.class.getName());
    assertThat(conf.get(DrillMapper.POINT)).isEqualTo("clean-map");
    assertThat(conf.get(DrillReducer.REDUCER)).isEqualTo(DedupReducer.class.getName());
    assertThat(conf.get(DrillReducer.POINT)).isEqualTo("clean-reduce");

    DrillTasks.attach(clean);
    assertThat(conf.get(DrillMapper.MAPPER)).isEqualTo(CleanMapper.class.getName());

    Job other = job("dmp-idgraph 2026-11-20", "clean-map:200");
    DrillTasks.attach(other);
    assertThat(other.getMapperClass()).isEqualTo(CleanMapper.class);
    assertThat(other.getReducerClass()).isEqualTo(DedupReducer.class);

    Job mapOnly = job("dmp-clean 2026-11-20", "clean-map:200");
    DrillTasks.attach(mapOnly);
    assertThat(mapOnly.getReducerClass()).isEqualTo(DedupReducer.class);
    assertThat(DrillTasks.stage("a job of someone else")).isNull();
  }

  private static Job job(String name, String halt) throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(Drill.HALT, halt);
    Job job = Job.getInstance(conf, name);
    job.setMapperClass(CleanMapper.class);
    job.setReducerClass(DedupReducer.class);
    job.setNumReduceTasks(1);
    return job;
  }
}
