package dev.dmp.mapreduce.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.hbase.DmpClient;
import dev.dmp.mapreduce.common.ClusterSettings;
import dev.dmp.mapreduce.common.DataPermissions;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.Drill;
import dev.dmp.mapreduce.erasure.ForgetTool;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GenerateTool;
import dev.dmp.sandbox.generate.PlantedPeople;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.TIPStatus;
import org.apache.hadoop.mapreduce.Cluster;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.JobCounter;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole daily chain on a real HDFS and YARN from the packaged job jar, through the faults an
 * operator meets: ingest (one feed through its MapReduce path) and forget in process, then {@code
 * hadoop jar dmp-*-job.jar run} in a child JVM through {@link org.apache.hadoop.util.RunJar} on
 * Hadoop 3.4.2's own class path ({@link HadoopJar}), without {@code HADOOP_USE_CLIENT_CLASSLOADER}.
 * A first run's driver dies in the middle of clean's publication; the run after it (clean, gate,
 * idgraph, attribute, profile, report, gate and the HBase bulk load, every one a YARN job whose
 * containers have Hadoop's class path, the job jar, and the JVM flags the job itself brings) loses
 * a map and a reduce attempt, a DataNode, a NodeManager in the middle of a reduce phase and the
 * RegionServer on the way. The counts and the number of people still equal the generator's truth,
 * and {@link DmpClient} serves every planted person from the HBase testing cluster.
 */
@ExtendWith(MiniClusters.class)
class ChainOnYarnIT {

  @Test
  void theDailyChainOnYarnMatchesTheTruth() throws Exception {
    Configuration conf = new Configuration(MiniClusters.get().conf());
    conf.set(DmpPaths.BASE_DIR, "/dmp-it");
    conf.set(DataPermissions.GROUP, "dmp-analysts");
    conf.set(ClusterSettings.QUEUE, "dmp");
    MiniClusters.fewTasks(conf);
    FileSystem fs = MiniClusters.get().fs();
    fs.copyFromLocalFile(
        new Path("../conf/segments.properties"), new Path("/conf/segments.properties"));
    fs.copyFromLocalFile(
        new Path("../conf/taxonomy.properties"), new Path("/conf/taxonomy.properties"));
    conf.set(ProfileJob.SEGMENTS_FILE, "/conf/segments.properties");
    conf.set(ProfileJob.TAXONOMY_FILE, "/conf/taxonomy.properties");
    Path input = new Path("/incoming/2026-11-20");

    run(
        conf,
        new GenerateTool(),
        "--date",
        "2026-11-20",
        "--events",
        "6000",
        "--seed",
        "99",
        "--out",
        input.toString());
    // The people who asked to be forgotten before the day's data arrived: clean opts them out.
    run(conf, new ForgetTool(), "--file", new Path(input, "_suppress.txt").toString());
    // The web feed through ingest's MapReduce path (a YARN job), the others written directly.
    Configuration viaYarn = new Configuration(conf);
    viaYarn.setLong(IngestTool.MAPREDUCE_MIN_BYTES, 1);
    run(
        viaYarn,
        new IngestTool(),
        "--date",
        "2026-11-20",
        "--feed",
        "web",
        new Path(input, "web").toString());
    for (String source : List.of("app", "crm", "ads")) {
      run(
          conf,
          new IngestTool(),
          "--date",
          "2026-11-20",
          "--feed",
          source,
          new Path(input, source).toString());
    }
    // The chain itself as `hadoop jar dmp-*-job.jar run` launches it: a child JVM, RunJar. First
    // a run whose driver dies (as if killed with kill -9) in the middle of clean's publication,
    // two of its three datasets replaced; its jobs run in the driver's JVM (Hadoop's local job
    // runner, on this HDFS), which is all this crash needs and saves a YARN job.
    // Plain hadoop jar, as most operators type it: without HADOOP_USE_CLIENT_CLASSLOADER.
    HadoopJar hadoopJar =
        new HadoopJar(
            conf, java.nio.file.Path.of("target", "it-hadoop-jar"), HadoopJar.Hadoop.V3_4, false);
    HadoopJar.Result killed =
        hadoopJar.run(
            java.util.Map.of(),
            "run",
            "-D",
            "mapreduce.framework.name=local",
            "-D",
            Drill.HALT + "=clean-publish:2",
            "--date",
            "2026-11-20");
    assertThat(killed.status()).as(killed.err()).isEqualTo(137);
    assertThat(killed.err()).contains("halting the driver after 2 dataset(s) of clean");
    assertThat(fs.exists(new Path("/dmp-it/rejects/dt=2026-11-20"))).isTrue();
    assertThat(fs.exists(new Path("/dmp-it/links/dt=2026-11-20"))).isTrue();
    assertThat(fs.exists(new Path("/dmp-it/clean/dt=2026-11-20"))).isFalse();
    assertThat(fs.exists(new Path("/dmp-it/quality/dt=2026-11-20/clean.json"))).isFalse();
    assertThat(fs.listStatus(new Path("/dmp-it/tmp"))).as("the dead run's staging").isNotEmpty();
    assertThat(fs.exists(new Path("/dmp-it/locks/dt=2026-11-20.lock"))).isTrue();

    // The day run again on YARN, as the operator would, with more faults: the first attempts of
    // clean's first map and reduce task die mid-way (crash drills: as if their containers were
    // killed with kill -9) and YARN runs them again; a DataNode (of three: every block has three
    // replicas) stops in the middle of the identity graph's job; a NodeManager (of three) stops
    // while the profile job's reduce task runs on it; the RegionServer restarts as the bulk load
    // begins. Every figure below must come out as if nothing had happened.
    Faults faults = new Faults(conf, fs);
    faults.start();
    String printed =
        hadoopJar.run(
            "run", "-D", Drill.HALT + "=clean-map:700,clean-reduce:300", "--date", "2026-11-20");
    faults.joinAndCheck();
    // The figure of the benchmark section: the day's run on YARN, faults and all.
    printed.lines().filter(l -> l.startsWith("run ")).forEach(l -> System.out.println("YARN " + l));
    Counters drilled = counters(conf, "dmp-clean 2026-11-20");
    assertThat(queue(conf, "dmp-clean 2026-11-20"))
        .as("the platform's queue")
        .isEqualTo("root.dmp");
    assertThat(drilled.findCounter(JobCounter.NUM_FAILED_MAPS).getValue()).isEqualTo(1);
    assertThat(drilled.findCounter(JobCounter.NUM_FAILED_REDUCES).getValue()).isEqualTo(1);
    assertThat(faults.dataNodeStoppedDuring).startsWith("dmp-idgraph");
    assertThat(faults.nodeManagerStoppedDuring).startsWith("dmp-profile");
    assertThat(fs.listStatus(new Path("/dmp-it/tmp"))).as("staging left by runs").isEmpty();
    assertThat(fs.exists(new Path("/dmp-it/locks/dt=2026-11-20.lock"))).isFalse();
    try (org.apache.hadoop.hbase.client.Connection hbase =
            org.apache.hadoop.hbase.client.ConnectionFactory.createConnection(conf);
        org.apache.hadoop.hbase.client.Table loads =
            hbase.getTable(dev.dmp.hbase.DmpTables.Load.NAME)) {
      org.apache.hadoop.hbase.client.Result row =
          loads.get(
              new org.apache.hadoop.hbase.client.Get(
                  org.apache.hadoop.hbase.util.Bytes.toBytes("2026-11-20")));
      java.time.Instant finished =
          java.time.Instant.parse(
              org.apache.hadoop.hbase.util.Bytes.toString(
                  row.getValue(
                      dev.dmp.hbase.DmpTables.Load.STATE, dev.dmp.hbase.DmpTables.Load.FINISHED)));
      assertThat(finished)
          .as("the bulk load finished after the RegionServer was back")
          .isAfter(faults.regionServerBack);
    }

    JsonNode truth = json(fs, new Path(input, "_truth.json"));
    JsonNode clean = json(fs, new Path("/dmp-it/quality/dt=2026-11-20/clean.json"));
    assertThat(clean.get("read").asLong()).isEqualTo(6000);
    for (String fate : List.of("clean", "duplicate", "bot", "opted_out")) {
      assertThat(clean.get(fate).asLong()).as(fate).isEqualTo(truth.at("/fates/" + fate).asLong());
    }
    long people;
    try (InputStream in = fs.open(new Path(input, "_components.jsonl"))) {
      people = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
    }
    assertThat(
            json(fs, new Path("/dmp-it/quality/dt=2026-11-20/idgraph.json"))
                .get("components")
                .asLong())
        .isEqualTo(people);
    JsonNode profile = json(fs, new Path("/dmp-it/quality/dt=2026-11-20/profile.json"));
    assertThat(profile.get("profiles").asLong()).isPositive().isLessThanOrEqualTo(people);
    assertThat(profile.get("segments").size())
        .as("JEXL segments evaluated in the YARN tasks")
        .isPositive();
    assertThat(fs.exists(new Path("/dmp-it/reports/dt=2026-11-20/_SUCCESS"))).isTrue();
    assertThat(printed).contains("gate      passed after report");
    assertThat(
            fs.getFileStatus(new Path("/dmp-it/rejects/dt=2026-11-20")).getPermission().toString())
        .isEqualTo("rwx------");
    assertThat(fs.getFileStatus(new Path("/dmp-it/raw")).getPermission().toString())
        .isEqualTo("rwx------");
    // The derived datasets: the data group reads, nobody else enters.
    for (String derived :
        List.of("/dmp-it", "/dmp-it/clean/dt=2026-11-20", "/dmp-it/profiles/dt=2026-11-20")) {
      FileStatus status = fs.getFileStatus(new Path(derived));
      assertThat(status.getPermission().toString()).as(derived).isEqualTo("rwxr-x---");
      assertThat(status.getGroup()).as(derived).isEqualTo("dmp-analysts");
    }

    // The day in HBase (bulk-loaded by YARN jobs), served by DmpClient: every planted person under
    // every one of their identifiers, with the planted event count and revenue, and nothing but
    // their identifiers in the profile (so each profile's identifiers equal the planted ones).
    assertThat(printed).contains("load      ");
    List<PlantedPeople.Person> planted =
        PlantedPeople.read(fs, new Path(input, "_components.jsonl"));
    try (DmpClient client = DmpClient.connect(conf)) {
      assertThat(PlantedPeople.check(client, planted)).isEmpty();
    }
  }

  /**
   * The faults of the second run, in a thread of their own: one DataNode stops as soon as a job of
   * the identity graph runs (and starts again when the run is over), a NodeManager that runs the
   * profile job's reduce task stops for good, the RegionServer stops and a new one starts as soon
   * as the load writes its started marker, before its first bulk load.
   */
  private static final class Faults extends Thread {
    private final Configuration conf;
    private final FileSystem fs;
    private volatile String dataNodeStoppedDuring;
    private volatile String nodeManagerStoppedDuring;
    private volatile java.time.Instant regionServerBack;
    private volatile Throwable failure;

    Faults(Configuration conf, FileSystem fs) {
      super("chain-faults");
      this.conf = conf;
      this.fs = fs;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        MiniClusters.Clusters clusters = MiniClusters.get();
        dataNodeStoppedDuring = awaitRunningJob("dmp-idgraph");
        org.apache.hadoop.hdfs.MiniDFSCluster.DataNodeProperties stopped =
            clusters.dfs().stopDataNode(1);
        nodeManagerStoppedDuring = stopNodeManagerOfAReducer("dmp-profile");
        Path started = new Path("/dmp-it/quality/dt=2026-11-20/load-started.json");
        while (!fs.exists(started)) {
          Thread.sleep(50);
        }
        org.apache.hadoop.hbase.ServerName server =
            clusters.hbase().getRegionServerAddresses().get(0);
        clusters.hbase().stopRegionServer(server).get();
        clusters.hbase().startRegionServer();
        regionServerBack = java.time.Instant.now();
        while (fs.exists(started)) {
          Thread.sleep(200);
        }
        clusters.dfs().restartDataNode(stopped, true);
        clusters.dfs().waitActive();
      } catch (Throwable t) {
        failure = t;
      }
    }

    /**
     * Waits for the job called {@code prefix}... to be in its reduce phase, and stops a NodeManager
     * that runs one of its reduce tasks (one without the application master when there is one): its
     * containers die with it, its shuffle service too.
     */
    private String stopNodeManagerOfAReducer(String prefix) throws Exception {
      MiniClusters.Clusters clusters = MiniClusters.get();
      Cluster cluster = new Cluster(conf);
      try (YarnClient yarn = YarnClient.createYarnClient()) {
        yarn.init(conf);
        yarn.start();
        while (true) {
          for (JobStatus status : cluster.getAllJobStatuses()) {
            if (!status.getJobName().startsWith(prefix)
                || status.getState() != JobStatus.State.RUNNING) {
              continue;
            }
            // The reduce phase: every map done, a reduce running (so every running container
            // but the application master's is a reduce task's).
            org.apache.hadoop.mapreduce.Job job = cluster.getJob(status.getJobID());
            if (java.util.Arrays.stream(job.getTaskReports(TaskType.MAP))
                    .anyMatch(r -> r.getCurrentStatus() != TIPStatus.COMPLETE)
                || java.util.Arrays.stream(job.getTaskReports(TaskType.REDUCE))
                    .noneMatch(r -> r.getCurrentStatus() == TIPStatus.RUNNING)) {
              continue;
            }
            ApplicationId app =
                ApplicationId.fromString(
                    status.getJobID().toString().replace("job_", "application_"));
            ApplicationAttemptId attempt =
                yarn.getApplicationReport(app).getCurrentApplicationAttemptId();
            ContainerId am = yarn.getApplicationAttemptReport(attempt).getAMContainerId();
            java.util.Set<NodeId> amNode = new java.util.HashSet<>();
            java.util.List<NodeId> taskNodes = new java.util.ArrayList<>();
            for (ContainerReport c : yarn.getContainers(attempt)) {
              if (c.getContainerId().equals(am)) {
                amNode.add(c.getAssignedNode());
              } else if (c.getContainerState() == ContainerState.RUNNING) {
                taskNodes.add(c.getAssignedNode());
              }
            }
            taskNodes.sort(java.util.Comparator.comparing(amNode::contains));
            for (NodeId node : taskNodes) {
              for (int i = 0; i < MiniClusters.NODE_MANAGERS; i++) {
                NodeManager nm = clusters.yarn().getNodeManager(i);
                if (nm.getNMContext().getNodeId().equals(node)) {
                  nm.stop();
                  return status.getJobName();
                }
              }
            }
          }
          Thread.sleep(100);
        }
      } finally {
        cluster.close();
      }
    }

    private String awaitRunningJob(String prefix) throws Exception {
      Cluster cluster = new Cluster(conf);
      try {
        while (true) {
          for (JobStatus status : cluster.getAllJobStatuses()) {
            if (status.getJobName().startsWith(prefix)
                && status.getState() == JobStatus.State.RUNNING) {
              return status.getJobName();
            }
          }
          Thread.sleep(200);
        }
      } finally {
        cluster.close();
      }
    }

    void joinAndCheck() throws Exception {
      join(600_000);
      if (failure != null) {
        throw new AssertionError("injecting the faults failed", failure);
      }
      assertThat(isAlive()).as("the faults were all injected").isFalse();
    }
  }

  /** The counters of the finished job called {@code name}, from the job history. */
  private static Counters counters(Configuration conf, String name) throws Exception {
    Cluster cluster = new Cluster(conf);
    try {
      for (JobStatus status : cluster.getAllJobStatuses()) {
        if (status.getJobName().equals(name)) {
          return cluster.getJob(status.getJobID()).getCounters();
        }
      }
    } finally {
      cluster.close();
    }
    throw new AssertionError("no job called " + name);
  }

  /** The queue the newest job of that name ran in. */
  private static String queue(Configuration conf, String name) throws Exception {
    Cluster cluster = new Cluster(conf);
    try {
      String queue = null;
      long newest = -1;
      for (JobStatus s : cluster.getAllJobStatuses()) {
        if (s.getJobName().equals(name) && s.getStartTime() > newest) {
          newest = s.getStartTime();
          queue = s.getQueue();
        }
      }
      return queue;
    } finally {
      cluster.close();
    }
  }

  private static String run(Configuration conf, DmpTool tool, String... args) throws Exception {
    CommandRunner commands = new CommandRunner(conf);
    assertThat(commands.run(tool, args)).as("dmp " + tool.name() + ": " + commands.err()).isZero();
    return commands.out();
  }

  private static JsonNode json(FileSystem fs, Path p) throws Exception {
    try (InputStream in = fs.open(p)) {
      return new ObjectMapper().readTree(in);
    }
  }
}
