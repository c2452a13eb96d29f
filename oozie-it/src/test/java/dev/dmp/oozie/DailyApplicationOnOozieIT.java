package dev.dmp.oozie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.apache.oozie.client.OozieClient;
import org.apache.oozie.client.OozieClientException;
import org.apache.oozie.local.LocalOozie;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The applications as built ({@code workflows/target/oozie}) and deployed on a real Oozie engine
 * ({@link OozieEngine}). The engine parses and resolves it as a server does before it runs
 * anything: a workflow's parameters and expressions, a coordinator's datasets.
 */
@ExtendWith(OozieEngine.class)
class DailyApplicationOnOozieIT {

  private static String appPath;
  private static Properties job;
  private static FileSystem fs;

  @BeforeAll
  static void deployed() throws Exception {
    fs = OozieEngine.get().fs();
    appPath = fs.getUri() + OozieEngine.APPS + "/dmp-daily";
    job = OozieEngine.get().properties();
    job.setProperty("oozie.coord.application.path", appPath);
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
    assertThat(OozieEngine.get().client().dryrun(workflow("2026-11-20"))).isEqualTo("OK");
  }

  @Test
  void theEngineRefusesTheDailyWorkflowWithoutItsDay() {
    assertThatThrownBy(() -> OozieEngine.get().client().dryrun(workflow(null)))
        .isInstanceOf(OozieClientException.class)
        .hasMessageContaining("date");
  }

  @Test
  void theCoordinatorWaitsForEverySourcesPartitionOfItsDay() throws Exception {
    Properties p = new Properties();
    p.putAll(job);
    p.setProperty("start", "2026-11-20T00:00Z");
    p.setProperty("end", "2026-11-21T00:00Z");
    String materialized = OozieEngine.get().coordinators().dryrun(p);
    assertThat(materialized).contains("action-nominal-time=\"2026-11-20T00:00Z\"");
    for (String source : new String[] {"web", "app", "crm", "ads"}) {
      assertThat(materialized)
          .contains("<uris>" + fs.getUri() + "/dmp/raw/dt=2026-11-20/src=" + source + "</uris>");
    }
    assertThat(materialized).contains("<done-flag>_SUCCESS</done-flag>");
  }

  @Test
  void theEngineAcceptsTheBundleOfBothCoordinators() throws Exception {
    Properties p = OozieEngine.get().properties();
    p.setProperty(OozieClient.BUNDLE_APP_PATH, fs.getUri() + OozieEngine.APPS + "/dmp-bundle");
    // A bundle's dry run answers with the bundle resolved.
    assertThat(LocalOozie.getClientBundle().dryrun(p))
        .contains("<kick-off-time>" + p.getProperty("kickOffTime") + "</kick-off-time>")
        .contains("<app-path>" + fs.getUri() + OozieEngine.APPS + "/dmp-daily</app-path>")
        .contains("<app-path>" + fs.getUri() + OozieEngine.APPS + "/dmp-hourly</app-path>");
    p.remove("kickOffTime");
    assertThatThrownBy(() -> LocalOozie.getClientBundle().dryrun(p))
        .isInstanceOf(OozieClientException.class)
        .hasMessageContaining("kickOffTime");
  }
}
