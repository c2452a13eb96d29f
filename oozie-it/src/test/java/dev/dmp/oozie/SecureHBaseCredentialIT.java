package dev.dmp.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.it.HadoopJar;
import dev.dmp.mapreduce.it.MiniClusters;
import dev.dmp.mapreduce.it.SecureClusters;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.security.token.AuthenticationTokenIdentifier;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.oozie.action.ActionExecutor;
import org.apache.oozie.action.hadoop.CredentialsProperties;
import org.apache.oozie.action.hadoop.HbaseCredentials;
import org.apache.oozie.client.WorkflowJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daily workflow's {@code hbase} credential on a kerberized HBase (MiniKdc, AccessController,
 * TokenProvider: {@link SecureClusters}), as an Oozie server uses it: Oozie's own credential class
 * ({@link HbaseCredentials}, what {@code oozie.credentials.credentialclasses} maps the type {@code
 * hbase} to), given the credential's properties as the built workflow declares them, obtains an
 * HBase delegation token for the workflow's user, acting for it as Oozie's principal does (a proxy
 * user). The action then runs with that token and no Kerberos ticket, as a launcher does: {@code
 * hadoop jar dmp-*-job.jar lookup} reaches HBase as the workflow's user. Without the token, the
 * same command is refused with one line.
 */
class SecureHBaseCredentialIT {

  private static SecureClusters clusters;

  @BeforeAll
  static void start() throws Exception {
    clusters = SecureClusters.start();
    clusters.createTablesAndGrant();
  }

  @AfterAll
  static void stop() throws Exception {
    if (clusters != null) {
      clusters.close();
    }
  }

  @Test
  void oozieObtainsTheWorkflowUsersHBaseTokenAndTheActionUsesIt() throws Exception {
    Configuration conf = clusters.conf();
    MiniClusters.fewTasks(conf);
    String daemon = clusters.principal(SecureClusters.DAEMON);
    Map<String, String> job = new HashMap<>();
    job.put("hbaseMasterPrincipal", daemon);
    job.put("hbaseRegionServerPrincipal", daemon);
    job.put("hbaseZookeeperQuorum", conf.get(HConstants.ZOOKEEPER_QUORUM));
    job.put("hbaseZookeeperPort", conf.get(HConstants.ZOOKEEPER_CLIENT_PORT));
    CredentialsProperties hbase = new CredentialsProperties("hbase", "hbase");
    hbase.setProperties(
        new HashMap<>(
            credential(
                Path.of("..", "workflows", "target", "oozie", "dmp-daily", "workflow.xml"),
                "hbase",
                job)));
    assertThat(hbase.getProperties())
        .containsEntry("hbase.security.authentication", "kerberos")
        .containsEntry("hbase.master.kerberos.principal", daemon);

    // The Oozie server (logged in as the daemon's principal) for a workflow of the lookup user.
    Credentials credentials = new Credentials();
    Configuration action = new Configuration(false);
    new HbaseCredentials()
        .updateCredentials(credentials, action, hbase, context(SecureClusters.LOOKUP));
    List<Token<?>> tokens = List.copyOf(credentials.getAllTokens());
    assertThat(tokens).hasSize(1);
    assertThat(tokens.get(0).getKind()).isEqualTo(AuthenticationTokenIdentifier.AUTH_TOKEN_TYPE);
    AuthenticationTokenIdentifier id =
        (AuthenticationTokenIdentifier) tokens.get(0).decodeIdentifier();
    assertThat(id.getUsername()).as("the token's user").isEqualTo(SecureClusters.LOOKUP);
    assertThat(action.get("hbase.zookeeper.quorum")).isEqualTo(job.get("hbaseZookeeperQuorum"));

    // The action: a launcher has the tokens Oozie obtained, and no ticket.
    Path work = Files.createTempDirectory("dmp-oozie-credential");
    Path tokenFile = work.resolve("container_tokens");
    credentials.writeTokenStorageFile(
        new org.apache.hadoop.fs.Path(tokenFile.toUri()), new Configuration());
    HadoopJar hadoop =
        new HadoopJar(
            conf,
            work.resolve("hadoop-jar"),
            HadoopJar.Hadoop.V3_4,
            true,
            "-Djava.security.krb5.conf=" + clusters.krb5Conf().getAbsolutePath());
    String noTicket = "FILE:/nonexistent/krb5cc";
    HadoopJar.Result withToken =
        hadoop.run(
            Map.of("KRB5CCNAME", noTicket, "HADOOP_TOKEN_FILE_LOCATION", tokenFile.toString()),
            "lookup",
            "--id",
            "cookie:ck_nobody");
    // HBase's answer (the id index has no such cookie), read as the workflow's user.
    assertThat(withToken.err())
        .contains("dmp lookup: no person with cookie:ck_nobody")
        .doesNotContain("refused")
        .doesNotContain("\tat ");
    HadoopJar.Result without =
        hadoop.run(Map.of("KRB5CCNAME", noTicket), "lookup", "--id", "cookie:x");
    assertThat(without.status()).isEqualTo(DmpTool.FAILED);
    assertThat(without.err()).contains("no Kerberos ticket");
  }

  /**
   * The properties of the workflow's credential called {@code name}, each {@code ${name}} replaced
   * with the job property of that name (as Oozie resolves them).
   */
  private static Map<String, String> credential(Path workflow, String name, Map<String, String> job)
      throws Exception {
    String xml = Files.readString(workflow);
    Matcher block =
        Pattern.compile("<credential name=\"" + name + "\"[^>]*>(.*?)</credential>", Pattern.DOTALL)
            .matcher(xml);
    assertThat(block.find()).as("credential " + name + " in " + workflow).isTrue();
    Matcher property =
        Pattern.compile("<name>([^<]+)</name>\\s*<value>([^<]*)</value>", Pattern.DOTALL)
            .matcher(block.group(1));
    Map<String, String> out = new LinkedHashMap<>();
    while (property.find()) {
      Matcher ref = Pattern.compile("\\$\\{(\\w+)}").matcher(property.group(2));
      StringBuilder value = new StringBuilder();
      while (ref.find()) {
        assertThat(job).as("job property " + ref.group(1)).containsKey(ref.group(1));
        ref.appendReplacement(value, Matcher.quoteReplacement(job.get(ref.group(1))));
      }
      ref.appendTail(value);
      out.put(property.group(1).trim(), value.toString().trim());
    }
    return out;
  }

  /** What an Oozie server hands a credential class: the workflow's user. */
  private static ActionExecutor.Context context(String user) {
    WorkflowJob workflow =
        (WorkflowJob)
            Proxy.newProxyInstance(
                SecureHBaseCredentialIT.class.getClassLoader(),
                new Class<?>[] {WorkflowJob.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getUser")) {
                    return user;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return (ActionExecutor.Context)
        Proxy.newProxyInstance(
            SecureHBaseCredentialIT.class.getClassLoader(),
            new Class<?>[] {ActionExecutor.Context.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getWorkflow")) {
                return workflow;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
