package dev.dmp.mapreduce.it;

import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.common.JdkFlags;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.testing.TestingHBaseCluster;
import org.apache.hadoop.hbase.testing.TestingHBaseClusterOption;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One MiniDFSCluster, one MiniMRYarnCluster and one HBase testing cluster (on that HDFS) per test
 * JVM, started by the first integration test that asks and shared by all of them (starting them
 * costs seconds; the suite must stay fast). They stop when the JVM ends, through JUnit's root
 * store.
 */
public final class MiniClusters implements BeforeAllCallback {

  /** JDK 17 flags for the task and AM JVMs: the build's, as the test JVM and scripts/dmp have. */
  public static final String JDK17_OPTS = JdkFlags.jdk17();

  /** The NodeManagers of the YARN cluster. */
  public static final int NODE_MANAGERS = 3;

  private static Clusters clusters;

  /** The running clusters. */
  public record Clusters(
      MiniDFSCluster dfs, MiniMRYarnCluster yarn, TestingHBaseCluster hbase, Configuration conf)
      implements ExtensionContext.Store.CloseableResource {
    public FileSystem fs() throws IOException {
      return dfs.getFileSystem();
    }

    @Override
    public void close() {
      try {
        hbase.stop();
      } catch (Exception e) {
        throw new IllegalStateException("stopping HBase", e);
      }
      yarn.stop();
      dfs.shutdown(true);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (MiniClusters.class) {
      if (clusters == null) {
        clusters = start();
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .put(MiniClusters.class, clusters);
      }
    }
  }

  /**
   * The stage settings of the chain on the mini clusters: one reducer per job (every container
   * costs seconds to start on two cores), and 4 salt buckets for the load's HFile jobs, which have
   * one reducer per region.
   */
  public static void fewTasks(Configuration conf) {
    for (String key :
        List.of(
            "dmp.clean.reduce.tasks",
            "dmp.idgraph.reduce.tasks",
            "dmp.attribute.reduce.tasks",
            "dmp.profile.reduce.tasks")) {
      conf.setInt(key, 1);
    }
    conf.setInt(TableCreator.SALT_BUCKETS, 4);
  }

  /**
   * The settings that make NodeManagers on two cores quick: short heartbeats and polls, no wait
   * before a container is killed, containers sized to fit several at once, and room for application
   * masters (an Oozie launcher, itself an AM, waits for the jobs it submits, whose AMs must still
   * find room).
   */
  static void quickYarn(Configuration yarnConf) {
    yarnConf.setInt("yarn.resourcemanager.nodemanagers.heartbeat-interval-ms", 200);
    yarnConf.setInt("yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms", 200);
    yarnConf.setInt("mapreduce.client.progressmonitor.pollinterval", 200);
    yarnConf.setInt("mapreduce.client.completion.pollinterval", 200);
    yarnConf.setLong("yarn.nodemanager.sleep-delay-before-sigkill.ms", 100);
    yarnConf.setLong("yarn.nodemanager.process-kill-wait.ms", 100);
    yarnConf.setLong("yarn.nodemanager.log.retain-seconds", 0);
    yarnConf.setInt("yarn.nodemanager.resource.memory-mb", 6144);
    yarnConf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
    yarnConf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    yarnConf.setInt("yarn.app.mapreduce.am.resource.mb", 640);
    yarnConf.setInt("mapreduce.map.memory.mb", 900);
    yarnConf.setInt("mapreduce.reduce.memory.mb", 900);
    yarnConf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.8f);
    // A NodeManager that stops heart-beating is lost after 10 s (not 10 minutes), and an
    // application master gives up reaching one after 10 s (not 3 minutes: until then the task
    // whose container it would stop there waits to run again).
    yarnConf.setLong("yarn.nm.liveness-monitor.expiry-interval-ms", 10_000);
    yarnConf.setLong("yarn.client.nodemanager-connect.max-wait-ms", 10_000);
    yarnConf.setLong("yarn.client.nodemanager-connect.retry-interval-ms", 1_000);
  }

  public static Clusters get() {
    if (clusters == null) {
      throw new IllegalStateException(
          "annotate the test class with @ExtendWith(MiniClusters.class)");
    }
    return clusters;
  }

  private static Clusters start() throws Exception {
    Path base = Files.createTempDirectory("dmp-minicluster");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
    // Three DataNodes and three replicas of every block, as a cluster keeps them, so that one
    // DataNode can stop mid-job; the NameNode counts a silent DataNode dead after 2 x 2 s + 10 x 1
    // s
    // (not 10.5 minutes).
    conf.setInt("dfs.replication", 3);
    conf.setLong("dfs.heartbeat.interval", 1);
    conf.setInt("dfs.namenode.heartbeat.recheck-interval", 2000);
    // Services that act for their users (Oozie) may do so from here.
    String user = System.getProperty("user.name");
    conf.set("hadoop.proxyuser." + user + ".hosts", "*");
    conf.set("hadoop.proxyuser." + user + ".groups", "*");
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(3).build();
    dfs.waitActive();

    Configuration yarnConf = new Configuration(dfs.getConfiguration(0));
    yarnConf.set("fs.defaultFS", dfs.getFileSystem().getUri().toString());
    quickYarn(yarnConf);
    // Heaps, as a cluster's mapred-site.xml sets them; the JDK 17 flags and the job's class loader
    // come with each job (ClusterSettings), not from the cluster.
    yarnConf.set("yarn.app.mapreduce.am.command-opts", "-Xmx400m");
    yarnConf.set("mapreduce.map.java.opts", "-Xmx700m");
    yarnConf.set("mapreduce.reduce.java.opts", "-Xmx700m");
    // The capacity scheduler with a queue for the platform beside the default one, half each and
    // either free to take the whole cluster when the other is idle (dmp.yarn.queue=dmp).
    yarnConf.set("yarn.scheduler.capacity.root.queues", "default,dmp");
    for (String queue : List.of("default", "dmp")) {
      String q = "yarn.scheduler.capacity.root." + queue + ".";
      yarnConf.set(q + "capacity", "50");
      yarnConf.set(q + "maximum-capacity", "100");
      yarnConf.set(q + "user-limit-factor", "2");
    }
    // Three NodeManagers, so that one can stop in the middle of a job; their memory together is
    // what one had.
    yarnConf.setInt("yarn.nodemanager.resource.memory-mb", 3072);
    MiniMRYarnCluster yarn = new MiniMRYarnCluster("dmp-it", NODE_MANAGERS);
    yarn.init(yarnConf);
    yarn.start();
    // HBase's testing cluster on the same HDFS: master, region server and ZooKeeper.
    TestingHBaseCluster hbase =
        TestingHBaseCluster.create(
            TestingHBaseClusterOption.builder()
                .conf(HBaseConfiguration.create(new Configuration(yarnConf)))
                .useExternalDfs(dfs.getFileSystem().getUri().toString())
                .numMasters(1)
                .numRegionServers(1)
                .build());
    hbase.start();
    Configuration clientConf = new Configuration(yarn.getConfig());
    clientConf.set("mapreduce.job.jar", jobJar().getAbsolutePath());
    for (String key : List.of(HConstants.ZOOKEEPER_QUORUM, HConstants.ZOOKEEPER_CLIENT_PORT)) {
      clientConf.set(key, hbase.getConf().get(key));
    }
    return new Clusters(dfs, yarn, hbase, clientConf);
  }

  /**
   * The packaged job jar, as {@code hadoop jar} runs it; the package phase made it (in this module,
   * or in the mapreduce module beside the one whose tests run).
   */
  static File jobJar() {
    for (String dir : List.of("target", "../mapreduce/target")) {
      File[] jars =
          new File(dir).listFiles((d, n) -> n.startsWith("dmp-") && n.endsWith("-job.jar"));
      if (jars != null && jars.length == 1) {
        return jars[0];
      }
    }
    throw new IllegalStateException(
        "no target/dmp-*-job.jar: integration tests run after 'package'");
  }
}
