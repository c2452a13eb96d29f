package dev.dmp.mapreduce.common;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;

/**
 * What every job brings to a cluster so that the cluster's stock site files run it:
 *
 * <ul>
 *   <li><b>Its own libraries first.</b> The job jar's {@code lib/} holds Avro 1.12 and Jackson
 *       2.20; a Hadoop 3.4 node has Avro 1.11 and Jackson 2.12 on its class path. {@code
 *       mapreduce.job.classloader} loads the job's classes and libraries in a class loader of their
 *       own in the application master and the tasks, Hadoop's own classes (and nothing else) from
 *       the node. The client does the same ({@code JobJarMain}, or {@code
 *       HADOOP_USE_CLIENT_CLASSLOADER=true}), and the Oozie launcher with {@code
 *       oozie.launcher.mapreduce.job.classloader} (the workflows).
 *   <li><b>The platform's queue</b>: {@value #QUEUE}, when set, is the job's YARN queue ({@code
 *       mapreduce.job.queuename}), whatever a site file says of that (many set it to {@code
 *       default}); {@code -D dmp.yarn.queue=...} moves one run.
 *   <li><b>The JVM flags of JDK 17</b> ({@link JdkFlags}) in the task and application-master
 *       options, after whatever the cluster sets there.
 *   <li><b>Oozie's tags</b>: under an Oozie launcher, the tags Oozie gives child jobs ({@value
 *       #OOZIE_CHILD_TAGS}) join the job's own, so that Oozie finds and kills a stage's jobs when
 *       the action is killed or its launcher retried.
 * </ul>
 *
 * A job that sets {@code mapreduce.job.classloader} itself keeps its choice. Local mode changes
 * nothing: there the tasks run in the client's JVM.
 */
public final class ClusterSettings {

  public static final String JOB_CLASSLOADER = "mapreduce.job.classloader";

  /** The YARN queue of the platform's jobs (capacity or fair scheduler); unset: the cluster's. */
  public static final String QUEUE = "dmp.yarn.queue";

  /** Hadoop's name of a job's queue. */
  public static final String JOB_QUEUE = "mapreduce.job.queuename";

  /** The tags an Oozie launcher passes to the jobs its action submits. */
  public static final String OOZIE_CHILD_TAGS = "oozie.child.mapreduce.job.tags";

  /** The job's tags, as YARN lists them. */
  public static final String TAGS = "mapreduce.job.tags";

  private static final String[] JVM_OPTS = {
    "mapreduce.map.java.opts", "mapreduce.reduce.java.opts", "yarn.app.mapreduce.am.command-opts"
  };

  private ClusterSettings() {}

  /** Prepares {@code job} for submission. */
  public static void apply(Job job) {
    Configuration conf = job.getConfiguration();
    String childTags = conf.getTrimmed(OOZIE_CHILD_TAGS, "");
    if (!childTags.isEmpty()) {
      String own = conf.getTrimmed(TAGS, "");
      if (!own.contains(childTags)) {
        conf.set(TAGS, own.isEmpty() ? childTags : own + "," + childTags);
      }
    }
    if (Jobs.isLocal(conf)) {
      return;
    }
    String queue = conf.getTrimmed(QUEUE, "");
    if (!queue.isEmpty()) {
      conf.set(JOB_QUEUE, queue);
    }
    if (!setExplicitly(conf, JOB_CLASSLOADER)) {
      conf.setBoolean(JOB_CLASSLOADER, true);
    }
    String flags = JdkFlags.jdk17();
    for (String key : JVM_OPTS) {
      String opts = conf.getTrimmed(key, "");
      if (!opts.contains(flags)) {
        conf.set(key, (opts + " " + flags).strip());
      }
    }
  }

  /**
   * Whether {@code key} was set by someone (a site file, {@code -D}, the code), not only by the
   * *-default.xml files of Hadoop or HBase.
   */
  public static boolean setExplicitly(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    return sources != null
        && sources.length > 0
        && !sources[sources.length - 1].endsWith("-default.xml");
  }
}
