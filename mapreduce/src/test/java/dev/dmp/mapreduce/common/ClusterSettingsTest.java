package dev.dmp.mapreduce.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.junit.jupiter.api.Test;

/** What a job brings to a cluster: its class loader, the JDK 17 flags, its queue, Oozie's tags. */
class ClusterSettingsTest {

  private static Job job(String framework) throws Exception {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", framework);
    return Jobs.name(Job.getInstance(conf), "clean", null, "2026-11-20");
  }

  @Test
  void onYarnAJobIsolatesItsLibrariesAndCarriesTheJdkFlagsAfterTheClusters() throws Exception {
    Job job = job("yarn");
    job.getConfiguration().set("mapreduce.map.java.opts", "-Xmx2g");
    ClusterSettings.apply(job);
    Configuration conf = job.getConfiguration();
    assertThat(conf.getBoolean(ClusterSettings.JOB_CLASSLOADER, false)).isTrue();
    assertThat(conf.get("mapreduce.map.java.opts")).isEqualTo("-Xmx2g " + JdkFlags.jdk17());
    assertThat(conf.get("mapreduce.reduce.java.opts")).isEqualTo(JdkFlags.jdk17());
    assertThat(conf.get("yarn.app.mapreduce.am.command-opts")).endsWith(JdkFlags.jdk17());
    // Applied twice (a retried submission), nothing doubles.
    ClusterSettings.apply(job);
    assertThat(conf.get("mapreduce.map.java.opts")).isEqualTo("-Xmx2g " + JdkFlags.jdk17());
  }

  @Test
  void thePlatformsQueueIsTheJobsWhateverTheSiteFilesSay() throws Exception {
    Job job = job("yarn");
    job.getConfiguration().set(ClusterSettings.QUEUE, "dmp");
    ClusterSettings.apply(job);
    assertThat(job.getConfiguration().get(ClusterSettings.JOB_QUEUE)).isEqualTo("dmp");
    Job named = job("yarn");
    named.getConfiguration().set(ClusterSettings.QUEUE, "dmp");
    named.getConfiguration().set(ClusterSettings.JOB_QUEUE, "default");
    ClusterSettings.apply(named);
    assertThat(named.getConfiguration().get(ClusterSettings.JOB_QUEUE)).isEqualTo("dmp");
    Job unset = job("yarn");
    ClusterSettings.apply(unset);
    assertThat(unset.getConfiguration().get(ClusterSettings.JOB_QUEUE)).isEqualTo("default");
  }

  @Test
  void aClassLoaderChoiceMadeOnPurposeIsKept() throws Exception {
    Job job = job("yarn");
    job.getConfiguration().setBoolean(ClusterSettings.JOB_CLASSLOADER, false);
    ClusterSettings.apply(job);
    assertThat(job.getConfiguration().getBoolean(ClusterSettings.JOB_CLASSLOADER, true)).isFalse();
  }

  @Test
  void locallyNothingChangesButOoziesTagsJoinTheJobsOwn() throws Exception {
    Job job = job("local");
    job.getConfiguration().set(ClusterSettings.OOZIE_CHILD_TAGS, "oozie-0123abc");
    ClusterSettings.apply(job);
    Configuration conf = job.getConfiguration();
    assertThat(conf.get(ClusterSettings.TAGS)).isEqualTo("dmp,clean,2026-11-20,oozie-0123abc");
    assertThat(conf.getBoolean(ClusterSettings.JOB_CLASSLOADER, false)).isFalse();
    assertThat(conf.get("mapreduce.map.java.opts", "")).doesNotContain("--add-opens");
  }
}
