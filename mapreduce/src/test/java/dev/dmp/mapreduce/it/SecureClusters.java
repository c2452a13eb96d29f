package dev.dmp.mapreduce.it;

import dev.dmp.mapreduce.serving.TablesTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.security.access.AccessController;
import org.apache.hadoop.hbase.security.token.TokenProvider;
import org.apache.hadoop.hbase.testing.TestingHBaseCluster;
import org.apache.hadoop.hbase.testing.TestingHBaseClusterOption;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * A small secure Hadoop installation in this JVM: a KDC (MiniKdc), kerberized HDFS, YARN with
 * MapReduce, and HBase with the AccessController and the token provider, as a production cluster
 * runs them. Every daemon runs as {@value #DAEMON} (the HDFS and HBase superuser). The people:
 *
 * <ul>
 *   <li>{@value #SERVICE}: the DMP's service principal, {@code dmp/<this host>}, from a keytab. Its
 *       user is {@link #serviceUser()}, the account this JVM runs as, as a cluster's {@code
 *       auth_to_local} maps a service principal to its Unix account: YARN here runs every container
 *       as this account (no setuid container executor), and the shuffle serves a map's output only
 *       to the job's own user, checked against the files' owner with Hadoop's native library;
 *   <li>{@value #LOOKUP}: the lookup role (group {@code dmp-lookup});
 *   <li>{@value #ANALYST}: an analyst (group {@code analysts});
 *   <li>{@value #KAFKA}: a Kafka broker with a Kerberos listener.
 * </ul>
 *
 * Kerberos is JVM-wide in Hadoop ({@link UserGroupInformation}), so the clusters need a JVM of
 * their own: this module's failsafe JVM, where no other test runs. Clients act as a principal
 * through {@link #as}; commands that must start without any ticket run in a child JVM.
 *
 * <p>Its tickets last {@link #TICKET_LIFETIME_MS} (a minute): a daemon, a job or a client that runs
 * longer works only if it logs in again from its keytab, or runs on delegation tokens.
 *
 * <p>What a real cluster has and the mini clusters do not, the configuration here supplies: the
 * KDC's {@code krb5.conf} for the child JVMs ({@link #krb5Conf()}), an {@code hdfs-site.xml} on the
 * test class path for the NodeManager's localizer ({@code src/it/secure}), and Hadoop's native
 * library ({@code libhadoop.so}) from the folder the system property {@value #NATIVE_DIR} names, on
 * this JVM's {@code java.library.path} (the NodeManager's shuffle) and the containers' {@code
 * LD_LIBRARY_PATH} (a task's own reads of map outputs); without it, only map-only jobs run.
 */
public final class SecureClusters implements AutoCloseable {

  public static final String DAEMON = "hadoop";

  public static final String SERVICE = "dmp";
  public static final String LOOKUP = "lookup";
  public static final String ANALYST = "analyst";

  /** A Kafka broker's principal, {@code kafka/localhost}, for a broker with a Kerberos listener. */
  public static final String KAFKA = "kafka";

  /** How long a ticket from this KDC lasts: a minute. */
  public static final long TICKET_LIFETIME_MS = 60_000;

  /** The system property naming the folder of Hadoop's native library. */
  public static final String NATIVE_DIR = "dmp.native.dir";

  private final MiniKdc kdc;
  private final Path keytabs;
  private final String host;
  private final MiniDFSCluster dfs;
  private final MiniMRYarnCluster yarn;
  private final TestingHBaseCluster hbase;
  private final Configuration conf;

  private SecureClusters(
      MiniKdc kdc,
      Path keytabs,
      String host,
      MiniDFSCluster dfs,
      MiniMRYarnCluster yarn,
      TestingHBaseCluster hbase,
      Configuration conf) {
    this.kdc = kdc;
    this.keytabs = keytabs;
    this.host = host;
    this.dfs = dfs;
    this.yarn = yarn;
    this.hbase = hbase;
    this.conf = conf;
  }

  /** Starts the KDC and the clusters; about a minute on two cores. */
  public static SecureClusters start() throws Exception {
    String nativeDir = System.getProperty(NATIVE_DIR);
    if (nativeDir != null && !NativeIO.isAvailable()) {
      throw new IllegalStateException(
          "Hadoop's native library is not loaded from "
              + nativeDir
              + " (java.library.path="
              + System.getProperty("java.library.path")
              + "): it must be on the test JVM's java.library.path");
    }
    Path base = Files.createTempDirectory("dmp-secure");
    // Tickets that last a minute, so that every long-lived process must renew its own.
    java.util.Properties kdcConf = MiniKdc.createConf();
    // (Kerby, MiniKdc's KDC, takes these two in seconds.)
    kdcConf.setProperty(MiniKdc.MAX_TICKET_LIFETIME, Long.toString(TICKET_LIFETIME_MS / 1000));
    kdcConf.setProperty(
        MiniKdc.MAX_RENEWABLE_LIFETIME, Long.toString(2 * TICKET_LIFETIME_MS / 1000));
    MiniKdc kdc = new MiniKdc(kdcConf, base.resolve("kdc").toFile());
    kdc.start();
    String host = InetAddress.getLocalHost().getCanonicalHostName();
    Path keytabs = Files.createDirectories(base.resolve("keytabs"));
    kdc.createPrincipal(
        keytabs.resolve(DAEMON + ".keytab").toFile(), DAEMON + "/localhost", "HTTP/localhost");
    // The service principal as its keytab names it on a real edge node: dmp/<canonical host>.
    kdc.createPrincipal(keytabs.resolve(SERVICE + ".keytab").toFile(), SERVICE + "/" + host);
    kdc.createPrincipal(keytabs.resolve(LOOKUP + ".keytab").toFile(), LOOKUP + "/localhost");
    kdc.createPrincipal(keytabs.resolve(ANALYST + ".keytab").toFile(), ANALYST + "/localhost");
    kdc.createPrincipal(keytabs.resolve(KAFKA + ".keytab").toFile(), KAFKA + "/localhost");
    String realm = kdc.getRealm();
    String daemon = DAEMON + "/localhost@" + realm;
    String daemonKeytab = keytabs.resolve(DAEMON + ".keytab").toString();
    String http = "HTTP/localhost@" + realm;

    Configuration conf = new Configuration();
    conf.set("hadoop.security.authentication", "kerberos");
    conf.setBoolean("hadoop.security.authorization", true);
    // A keytab login may log in again 10 s after the last (not 60 s: longer than a ticket here).
    conf.setInt("hadoop.kerberos.min.seconds.before.relogin", 10);
    // The daemon's principal may act for others, as Oozie's does on a cluster (its credential
    // classes obtain tokens for a workflow's user as a proxy user).
    conf.set("hadoop.proxyuser." + DAEMON + ".hosts", "*");
    conf.set("hadoop.proxyuser." + DAEMON + ".groups", "*");
    conf.set(
        "hadoop.security.auth_to_local",
        "RULE:[2:$1@$0](" + SERVICE + "@" + realm + ")s/.*/" + serviceUser() + "/\nDEFAULT");
    conf.set(
        "hadoop.user.group.static.mapping.overrides",
        DAEMON
            + "=supergroup;"
            + serviceUser()
            + "=dmp;"
            + LOOKUP
            + "=dmp-lookup;"
            + ANALYST
            + "=analysts");
    // HDFS
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
    conf.setInt("dfs.replication", 1);
    for (String role : List.of("namenode", "datanode")) {
      conf.set("dfs." + role + ".kerberos.principal", daemon);
      conf.set("dfs." + role + ".keytab.file", daemonKeytab);
    }
    conf.set("dfs.web.authentication.kerberos.principal", http);
    conf.set("dfs.web.authentication.kerberos.keytab", daemonKeytab);
    conf.setBoolean("dfs.block.access.token.enable", true);
    conf.set("dfs.data.transfer.protection", "authentication");
    conf.setBoolean("ignore.secure.ports.for.testing", true);
    // YARN and MapReduce
    for (String prefix :
        List.of("yarn.resourcemanager", "yarn.nodemanager", "mapreduce.jobhistory")) {
      conf.set(prefix + ".principal", daemon);
      conf.set(prefix + ".keytab", daemonKeytab);
      conf.set(prefix + ".webapp.spnego-principal", http);
      conf.set(prefix + ".webapp.spnego-keytab-file", daemonKeytab);
    }
    // HBase: Kerberos, authorization per table and family, delegation tokens for jobs.
    conf.set("hbase.security.authentication", "kerberos");
    conf.setBoolean("hbase.security.authorization", true);
    for (String role : List.of("master", "regionserver")) {
      conf.set("hbase." + role + ".kerberos.principal", daemon);
      conf.set("hbase." + role + ".keytab.file", daemonKeytab);
    }
    conf.set("hbase.coprocessor.master.classes", AccessController.class.getName());
    conf.set(
        "hbase.coprocessor.region.classes",
        TokenProvider.class.getName() + "," + AccessController.class.getName());
    conf.set("hbase.coprocessor.regionserver.classes", AccessController.class.getName());
    UserGroupInformation.setConfiguration(conf);
    UserGroupInformation.loginUserFromKeytab(daemon, daemonKeytab);

    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    FileSystem fs = dfs.getFileSystem();
    // As the HDFS superuser, what an administrator sets up before the first run.
    fs.mkdirs(new org.apache.hadoop.fs.Path("/tmp"));
    fs.setPermission(new org.apache.hadoop.fs.Path("/tmp"), new FsPermission((short) 01777));
    for (String dir : List.of("/user/" + serviceUser(), "/dmp-it", "/dmp-stream-it", "/conf")) {
      fs.mkdirs(new org.apache.hadoop.fs.Path(dir));
      fs.setOwner(new org.apache.hadoop.fs.Path(dir), serviceUser(), "dmp");
    }
    fs.setPermission(new org.apache.hadoop.fs.Path("/dmp-it"), new FsPermission((short) 0755));

    Configuration yarnConf = new Configuration(dfs.getConfiguration(0));
    yarnConf.set("fs.defaultFS", fs.getUri().toString());
    MiniClusters.quickYarn(yarnConf);
    // A failed container's logs stay a while, for whoever reads a failure of this test.
    yarnConf.setLong("yarn.nodemanager.log.retain-seconds", 3600);
    yarnConf.setLong("yarn.nodemanager.delete.debug-delay-sec", 3600);
    MiniMRYarnCluster yarn = new MiniMRYarnCluster("dmp-secure", 1);
    yarn.init(yarnConf);
    yarn.start();

    TestingHBaseCluster hbase =
        TestingHBaseCluster.create(
            TestingHBaseClusterOption.builder()
                .conf(HBaseConfiguration.create(new Configuration(yarnConf)))
                .useExternalDfs(fs.getUri().toString())
                .numMasters(1)
                .numRegionServers(1)
                .build());
    hbase.start();

    Configuration client = new Configuration(yarn.getConfig());
    // The cluster's mapred-site.xml: heaps, and where Kerberos is (a real node has /etc/krb5.conf).
    String krb5 = " -Djava.security.krb5.conf=" + kdc.getKrb5conf().getAbsolutePath();
    client.set("yarn.app.mapreduce.am.command-opts", "-Xmx400m" + krb5);
    client.set("mapreduce.map.java.opts", "-Xmx700m" + krb5);
    client.set("mapreduce.reduce.java.opts", "-Xmx700m" + krb5);
    if (nativeDir != null) {
      for (String env :
          List.of("mapreduce.admin.user.env", "yarn.app.mapreduce.am.admin.user.env")) {
        client.set(env, "LD_LIBRARY_PATH=" + nativeDir);
      }
    }
    for (String key : List.of(HConstants.ZOOKEEPER_QUORUM, HConstants.ZOOKEEPER_CLIENT_PORT)) {
      client.set(key, hbase.getConf().get(key));
    }
    return new SecureClusters(kdc, keytabs, host, dfs, yarn, hbase, client);
  }

  /** The user of the service principal: the account this JVM runs as (see the class comment). */
  public static String serviceUser() {
    return System.getProperty("user.name");
  }

  /**
   * What the HBase superuser does before the first run: {@code dmp tables create} (4 salt buckets),
   * then {@code dmp tables grant} for the service, the lookup role and the analysts; returns what
   * the grant printed.
   */
  public String createTablesAndGrant() throws Exception {
    Configuration c = conf();
    MiniClusters.fewTasks(c);
    return as(
        DAEMON,
        () -> {
          tables(c, "create");
          return tables(
              c,
              "grant",
              "--service",
              serviceUser(),
              "--lookup",
              LOOKUP,
              "--analysts",
              "@analysts");
        });
  }

  private static String tables(Configuration conf, String... args) throws Exception {
    CommandRunner commands = new CommandRunner(conf);
    if (commands.run(new TablesTool(), args) != 0) {
      throw new IllegalStateException("dmp tables " + args[0] + ": " + commands.err());
    }
    return commands.out();
  }

  /** The clients' configuration: the cluster's site files, as an edge node has them. */
  public Configuration conf() {
    return new Configuration(conf);
  }

  /** The KDC's {@code krb5.conf}, which child JVMs and containers are given. */
  public File krb5Conf() {
    return kdc.getKrb5conf();
  }

  public String realm() {
    return kdc.getRealm();
  }

  /** The principal of {@code user}, as its keytab holds it. */
  public String principal(String user) {
    return user + "/" + (user.equals(SERVICE) ? host : "localhost") + "@" + kdc.getRealm();
  }

  /** The keytab file of {@code user}. */
  public File keytab(String user) {
    return keytabs.resolve(user + ".keytab").toFile();
  }

  /** Runs {@code action} as {@code user}, logged in from its keytab. */
  public <T> T as(String user, PrivilegedExceptionAction<T> action) throws Exception {
    return UserGroupInformation.loginUserFromKeytabAndReturnUGI(
            principal(user), keytab(user).getPath())
        .doAs(action);
  }

  public FileSystem fs() throws IOException {
    return dfs.getFileSystem();
  }

  @Override
  public void close() throws Exception {
    hbase.stop();
    yarn.stop();
    dfs.shutdown(true);
    kdc.stop();
  }
}
