package dev.dmp.oozie;

import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.it.MiniClusters;
import dev.dmp.mapreduce.oozie.OozieTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hbase.HConstants;
import org.apache.oozie.action.hadoop.LauncherAM;
import org.apache.oozie.client.OozieClient;
import org.apache.oozie.local.LocalOozie;
import org.apache.oozie.servlet.V1JobsServlet;
import org.apache.oozie.servlet.V2AdminServlet;
import org.apache.oozie.servlet.V2JobServlet;
import org.apache.oozie.servlet.VersionServlet;
import org.apache.oozie.test.EmbeddedServletContainer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Oozie engine per test JVM: LocalOozie (oozie-core 5.2.1, embedded Derby) on the shared
 * mini clusters of {@link MiniClusters} (HDFS, YARN, HBase), with the built applications deployed
 * by {@code dmp oozie deploy} as an operator would, the launcher's sharelib in place, and short
 * polling intervals. Started by the first test class that asks, stopped with the JVM.
 */
public final class OozieEngine implements BeforeAllCallback {

  /** The applications as the workflows module built them. */
  static final Path BUILT = Path.of("..", "workflows", "target", "oozie");

  /** Where the applications are deployed ({@code appBase} of job.properties). */
  static final String APPS = "/apps/dmp";

  /** The DMP's base directory on the mini HDFS. */
  static final String BASE = "/dmp";

  private static Engine engine;

  /** The running engine and what the tests need to submit to it. */
  public record Engine(
      MiniClusters.Clusters clusters, Properties template, EmbeddedServletContainer rest)
      implements ExtensionContext.Store.CloseableResource {

    /** The engine's REST API, for the HTTP {@link OozieClient} that {@code dmp oozie} uses. */
    public String url() {
      return rest.getContextURL();
    }

    public OozieClient client() {
      return LocalOozie.getClient();
    }

    public OozieClient coordinators() {
      return LocalOozie.getCoordClient();
    }

    public FileSystem fs() throws java.io.IOException {
      return clusters.fs();
    }

    /** A configuration for the {@code dmp} commands the tests run themselves. */
    public Configuration conf() {
      Configuration conf = new Configuration(clusters.conf());
      conf.set(DmpPaths.BASE_DIR, BASE);
      return conf;
    }

    /** The bundle's job.properties with this cluster's addresses: every property of every app. */
    public Properties properties() {
      Properties p = new Properties();
      p.putAll(template);
      return p;
    }

    @Override
    public void close() {
      rest.stop();
      LocalOozie.stop();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    new MiniClusters().beforeAll(context);
    synchronized (OozieEngine.class) {
      if (engine == null) {
        engine = start();
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .put(OozieEngine.class, engine);
      }
    }
  }

  public static Engine get() {
    if (engine == null) {
      throw new IllegalStateException(
          "annotate the test class with @ExtendWith(OozieEngine.class)");
    }
    return engine;
  }

  private static Engine start() throws Exception {
    MiniClusters.Clusters clusters = MiniClusters.get();
    FileSystem fs = clusters.fs();
    Configuration cluster = clusters.conf();
    Path home = Files.createTempDirectory("oozie-home");

    // The launcher's jar (LauncherAM) as the system sharelib, where a server's sharelib lives.
    File launcher =
        new File(LauncherAM.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    fs.copyFromLocalFile(
        new org.apache.hadoop.fs.Path(launcher.toURI()),
        new org.apache.hadoop.fs.Path("/share/lib/lib_20261121000000/oozie/" + launcher.getName()));

    // Oozie's home: oozie-site.xml, and the cluster's configuration for its services and actions.
    Path confDir = home.resolve("conf");
    Files.createDirectories(confDir.resolve("hadoop-conf"));
    Files.createDirectories(confDir.resolve("action-conf"));
    Configuration hadoop = new Configuration(cluster);
    // The launcher AM runs the stage Tools (HBase's client included) under JDK 17.
    hadoop.set("oozie.launcher.javaopts", "-Xmx512m " + MiniClusters.JDK17_OPTS);
    // The containers' class path, as a cluster's yarn.application.classpath names its Hadoop
    // installation: the Hadoop (and HBase) jars of this JVM, not this project's own classes,
    // which reach the actions through the deployed lib/ only. They are named by one jar whose
    // manifest lists them (Hadoop's own helper, as its Windows containers do): a container's
    // CLASSPATH is one environment variable of at most 128 KiB, and the load's tasks add ~100
    // localized jars under long container directories to it (78 KB here with the jars named one
    // by one; CI's longer paths went past the limit: "Exception from container-launch").
    String hadoopJars =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                e ->
                    !e.contains("/dmp-") && !e.endsWith("/classes") && !e.endsWith("/test-classes"))
            .collect(Collectors.joining(File.pathSeparator));
    org.apache.hadoop.fs.Path homeDir = new org.apache.hadoop.fs.Path(home.toString());
    String[] manifestJar =
        FileUtil.createJarWithClassPath(hadoopJars, homeDir, homeDir, System.getenv());
    hadoop.set("yarn.application.classpath", manifestJar[0]);
    // As in ChainOnYarnIT, as cluster-wide defaults (an operator's mapred-site would hold them).
    MiniClusters.fewTasks(hadoop);
    // The stages' small jobs run "uber": map and reduce inside their AM, two containers fewer
    // per job. The AM gets the memory the tasks would have had.
    hadoop.setBoolean("mapreduce.job.ubertask.enable", true);
    hadoop.setInt("yarn.app.mapreduce.am.resource.mb", 1536);
    hadoop.set("yarn.app.mapreduce.am.command-opts", "-Xmx1100m " + MiniClusters.JDK17_OPTS);
    try (OutputStream o = Files.newOutputStream(confDir.resolve("hadoop-conf/core-site.xml"))) {
      hadoop.writeXml(o);
    }
    Configuration site = new Configuration(false);
    site.set("oozie.service.JPAService.create.db.schema", "true");
    // Launchers of 768 MB (2 GB by default) beside the stages' jobs on one NodeManager of 6 GB.
    site.set("oozie.launcher.default.memory.mb", "768");
    site.set("oozie.service.HadoopAccessorService.hadoop.configurations", "*=hadoop-conf");
    site.set("oozie.service.HadoopAccessorService.supported.filesystems", "*");
    site.set("oozie.service.WorkflowAppService.system.libpath", fs.getUri() + "/share/lib");
    // Seconds, not minutes: materialize, check inputs and move statuses along quickly.
    site.set("oozie.service.CoordMaterializeTriggerService.lookup.interval", "2");
    site.set("oozie.service.CoordMaterializeTriggerService.scheduling.interval", "1");
    site.set("oozie.service.StatusTransitService.statusTransit.interval", "2");
    site.set("oozie.service.coord.input.check.requeue.interval", "2000");
    site.set("oozie.service.coord.default.throttle", "12");
    // Ask YARN about running actions every few seconds, should a launcher's callback not come.
    site.set("oozie.service.ActionCheckerService.action.check.interval", "5");
    site.set("oozie.service.ActionCheckerService.action.check.delay", "10");
    try (OutputStream o = Files.newOutputStream(confDir.resolve("oozie-site.xml"))) {
      site.writeXml(o);
    }
    System.setProperty("oozie.home.dir", home.toString());
    System.setProperty("oozie.config.dir", confDir.toString());
    System.setProperty("oozie.data.dir", home.resolve("data").toString());
    System.setProperty("oozie.log.dir", home.resolve("log").toString());
    System.setProperty("derby.stream.error.file", home.resolve("derby.log").toString());
    System.setProperty("oozielocal.log", home.resolve("log/oozielocal.log").toString());
    LocalOozie.start();
    // The server's REST API on the same engine, as oozie.war mounts it (no authentication).
    EmbeddedServletContainer rest = new EmbeddedServletContainer("oozie");
    rest.addServletEndpoint("/versions", VersionServlet.class);
    rest.addServletEndpoint("/v2/admin/*", V2AdminServlet.class);
    rest.addServletEndpoint("/v2/jobs", V1JobsServlet.class);
    rest.addServletEndpoint("/v2/job/*", V2JobServlet.class);
    rest.start();

    // The applications and their lib/, deployed by the command an operator runs.
    CommandRunner commands = new CommandRunner(new Configuration(cluster));
    int deployed =
        commands.run(new OozieTool(), "deploy", "--apps", BUILT.toString(), "--dest", APPS);
    if (deployed != 0) {
      throw new IllegalStateException("dmp oozie deploy failed: " + commands.err());
    }
    fs.copyFromLocalFile(
        new org.apache.hadoop.fs.Path("../conf/segments.properties"),
        new org.apache.hadoop.fs.Path(BASE + "/conf/segments.properties"));
    fs.copyFromLocalFile(
        new org.apache.hadoop.fs.Path("../conf/taxonomy.properties"),
        new org.apache.hadoop.fs.Path(BASE + "/conf/taxonomy.properties"));

    Properties template = new Properties();
    try (InputStream in = Files.newInputStream(BUILT.resolve("dmp-bundle/job.properties"))) {
      template.load(in);
    }
    template.setProperty("nameNode", fs.getUri().toString());
    template.setProperty("resourceManager", cluster.get("yarn.resourcemanager.address"));
    template.setProperty("baseDir", BASE);
    template.setProperty("segmentsFile", BASE + "/conf/segments.properties");
    template.setProperty("taxonomyFile", BASE + "/conf/taxonomy.properties");
    template.setProperty("hbaseZookeeperQuorum", cluster.get(HConstants.ZOOKEEPER_QUORUM));
    template.setProperty("hbaseZookeeperPort", cluster.get(HConstants.ZOOKEEPER_CLIENT_PORT));
    template.setProperty("retryInterval", "0");
    // This engine and its cluster run without Kerberos: no delegation tokens to obtain.
    template.setProperty("oozie.credentials.skip", "true");
    template.setProperty(OozieClient.USER_NAME, System.getProperty("user.name"));
    template.remove("oozie.bundle.application.path");
    return new Engine(clusters, template, rest);
  }

  /** Waits until {@code done} holds, polling every half second; fails after {@code seconds}. */
  static void await(String what, int seconds, BooleanSupplier done) throws InterruptedException {
    await(what, seconds, done, () -> "");
  }

  /** As {@link #await(String, int, BooleanSupplier)}; a failure tells {@code state}. */
  static void await(String what, int seconds, BooleanSupplier done, Supplier<String> state)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "gave up after " + seconds + " s waiting for " + what + ": " + state.get());
      }
      Thread.sleep(500);
    }
  }
}
