package dev.dmp.oozie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.oozie.client.OozieClient;
import org.apache.oozie.client.OozieClientException;
import org.apache.oozie.local.LocalOozie;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dmp-daily application as built ({@code workflows/target/oozie}) on a real Oozie engine:
 * LocalOozie (oozie-core 5.2.1, embedded Derby) on a MiniDFSCluster, the applications deployed on
 * it as {@code dmp oozie deploy} puts them. The engine parses and resolves them as a server does
 * before it runs anything: a workflow's parameters and expressions, a coordinator's datasets.
 */
class DailyApplicationOnOozieIT {

  private static final Path BUILT = Path.of("..", "workflows", "target", "oozie", "dmp-daily");

  private static MiniDFSCluster dfs;
  private static FileSystem fs;
  private static String appPath;
  private static Properties job;

  @BeforeAll
  static void engine() throws Exception {
    Path home = Files.createTempDirectory("oozie-home");
    Configuration conf = new Configuration();
    String user = System.getProperty("user.name");
    conf.set("hadoop.proxyuser." + user + ".hosts", "*");
    conf.set("hadoop.proxyuser." + user + ".groups", "*");
    System.setProperty("test.build.data", home.resolve("dfs").toString());
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();

    // Oozie's home: oozie-site.xml, and the Hadoop configuration it hands to its services.
    Path confDir = home.resolve("conf");
    Files.createDirectories(confDir.resolve("hadoop-conf"));
    Files.createDirectories(confDir.resolve("action-conf"));
    try (OutputStream o = Files.newOutputStream(confDir.resolve("hadoop-conf/core-site.xml"))) {
      dfs.getConfiguration(0).writeXml(o);
    }
    Configuration site = new Configuration(false);
    site.set("oozie.service.JPAService.create.db.schema", "true");
    site.set("oozie.service.HadoopAccessorService.hadoop.configurations", "*=hadoop-conf");
    site.set("oozie.service.HadoopAccessorService.supported.filesystems", "*");
    site.set("oozie.service.WorkflowAppService.system.libpath", fs.getUri() + "/share/lib");
    try (OutputStream o = Files.newOutputStream(confDir.resolve("oozie-site.xml"))) {
      site.writeXml(o);
    }
    System.setProperty("oozie.home.dir", home.toString());
    System.setProperty("oozie.config.dir", confDir.toString());
    System.setProperty("oozie.data.dir", home.resolve("data").toString());
    System.setProperty("oozie.log.dir", home.resolve("log").toString());
    System.setProperty("derby.stream.error.file", home.resolve("derby.log").toString());
    LocalOozie.start();

    // The application's XML, deployed where job.properties expects it (lib/ is not needed to
    // parse it).
    appPath = fs.getUri() + "/apps/dmp/dmp-daily";
    for (String file : new String[] {"workflow.xml", "coordinator.xml"}) {
      fs.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(BUILT.resolve(file).toAbsolutePath().toUri()),
          new org.apache.hadoop.fs.Path(appPath, file));
    }
    job = new Properties();
    try (InputStream in = Files.newInputStream(BUILT.resolve("job.properties"))) {
      job.load(in);
    }
    job.setProperty("nameNode", fs.getUri().toString());
    job.setProperty("appBase", fs.getUri() + "/apps/dmp");
    job.setProperty("oozie.coord.application.path", appPath);
    job.setProperty(OozieClient.USER_NAME, user);
  }

  @AfterAll
  static void stop() {
    LocalOozie.stop();
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  private static Properties workflow(String date) {
    Properties p = new Properties();
    p.putAll(job);
    p.remove("oozie.coord.application.path");
    p.setProperty(OozieClient.APP_PATH, appPath);
    if (date != null) {
      p.setProperty("date", date);
    }
    return p;
  }

  @Test
  void theEngineAcceptsTheDailyWorkflowWithTheTemplatesProperties() throws Exception {
    assertThat(LocalOozie.getClient().dryrun(workflow("2026-11-20"))).isEqualTo("OK");
  }

  @Test
  void theEngineRefusesTheDailyWorkflowWithoutItsDay() {
    assertThatThrownBy(() -> LocalOozie.getClient().dryrun(workflow(null)))
        .isInstanceOf(OozieClientException.class)
        .hasMessageContaining("date");
  }

  @Test
  void theCoordinatorWaitsForEverySourcesPartitionOfItsDay() throws Exception {
    Properties p = new Properties();
    p.putAll(job);
    p.setProperty("start", "2026-11-20T00:00Z");
    p.setProperty("end", "2026-11-21T00:00Z");
    String materialized = LocalOozie.getCoordClient().dryrun(p);
    assertThat(materialized).contains("action-nominal-time=\"2026-11-20T00:00Z\"");
    for (String source : new String[] {"web", "app", "crm", "ads"}) {
      assertThat(materialized)
          .contains("<uris>" + fs.getUri() + "/dmp/raw/dt=2026-11-20/src=" + source + "</uris>");
    }
    assertThat(materialized).contains("<done-flag>_SUCCESS</done-flag>");
  }
}
