package dev.dmp.hbase;

import dev.dmp.core.DmpException;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.ServiceLoader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * The one way the platform reaches HBase: a cluster's, from {@code hbase-site.xml} or {@code -D}
 * settings, or in embedded mode ({@value #EMBEDDED_DIR} set) the HBase of this machine that the
 * sandbox provides. Whether the platform serves from HBase at all is a setting, {@value #ENABLED}.
 */
public final class HBaseConnections {

  /** Embedded mode: the directory of the embedded HBase's data (set by scripts/dmp). */
  public static final String EMBEDDED_DIR = "dmp.hbase.embedded.dir";

  /**
   * Whether this platform serves from HBase: {@code dmp run} loads the day, and forget and rerun
   * remove people from its tables. With {@code false} the chain ends at the day's datasets.
   */
  public static final String ENABLED = "dmp.hbase.enabled";

  private static EmbeddedHBaseService embedded;

  private HBaseConnections() {}

  /** Whether the platform serves from HBase ({@value #ENABLED}, default true). */
  public static boolean enabled(Configuration conf) {
    return conf.getBoolean(ENABLED, true);
  }

  /** Whether this is embedded mode. */
  public static boolean embedded(Configuration conf) {
    return !conf.getTrimmed(EMBEDDED_DIR, "").isEmpty();
  }

  /**
   * Whether an HBase is configured: embedded mode, or a ZooKeeper quorum set by a site file or on
   * the command line (not only HBase's default of localhost).
   */
  public static boolean configured(Configuration conf) {
    if (embedded(conf)) {
      return true;
    }
    String[] sources =
        HBaseConfiguration.create(conf).getPropertySources(HConstants.ZOOKEEPER_QUORUM);
    return sources != null && Arrays.stream(sources).anyMatch(s -> !s.equals("hbase-default.xml"));
  }

  /**
   * Checks, before any work, that a command which serves from HBase has one: fails with one line
   * naming both ways out when {@value #ENABLED} is on and none is configured.
   */
  public static void requireConfigured(Configuration conf) throws DmpException {
    if (enabled(conf) && !configured(conf)) {
      throw new DmpException(
          ENABLED
              + " is true but no HBase is configured (no hbase.zookeeper.quorum in hbase-site.xml"
              + " or -D, not embedded mode); configure one, or set "
              + ENABLED
              + "=false to work on the datasets alone");
    }
  }

  /** HBase's configuration over {@code conf}, for a cluster. */
  public static Configuration clusterConf(Configuration conf) {
    Configuration hbase = HBaseConfiguration.create(conf);
    // HBaseConfiguration loads classes with its own loader. Under `hadoop jar` with HBase on
    // HADOOP_CLASSPATH that is the system loader, which cannot see the job jar's classes (input
    // formats, mappers) that job submission looks up by name.
    hbase.setClassLoader(conf.getClassLoader());
    return hbase;
  }

  /**
   * The configuration a command connects with: the cluster's, or in embedded mode the embedded
   * HBase's (started here if no {@code dmp serve} keeps one up). Commands that need HBase call this
   * once, explicitly: configuring a job never starts anything.
   */
  public static Configuration clientConf(Configuration conf) throws IOException, DmpException {
    if (!embedded(conf)) {
      return clusterConf(conf);
    }
    return embeddedService().connect(conf, new File(conf.getTrimmed(EMBEDDED_DIR)));
  }

  /** A connection to the HBase of {@link #clientConf}. */
  public static Connection connect(Configuration conf) throws IOException, DmpException {
    return ConnectionFactory.createConnection(clientConf(conf));
  }

  /**
   * In embedded mode, begins starting the embedded HBase in the background, for a command that
   * needs it only at its end ({@code dmp run}'s load). Nothing happens on a cluster.
   */
  public static void startAhead(Configuration conf) throws DmpException {
    if (embedded(conf)) {
      embeddedService().startAhead(conf, new File(conf.getTrimmed(EMBEDDED_DIR)));
    }
  }

  /** Stops the embedded HBase this JVM started, if any. */
  public static synchronized void stopEmbedded() {
    if (embedded != null) {
      embedded.stop();
    }
  }

  /** The embedded HBase of the class path; one line when there is none. */
  public static synchronized EmbeddedHBaseService embeddedService() throws DmpException {
    if (embedded == null) {
      embedded =
          ServiceLoader.load(EmbeddedHBaseService.class, HBaseConnections.class.getClassLoader())
              .findFirst()
              .orElseThrow(
                  () ->
                      new DmpException(
                          EMBEDDED_DIR
                              + " is set, but this class path has no embedded HBase (the sandbox"
                              + " module, which scripts/dmp adds in embedded mode); on a cluster,"
                              + " unset it and give HBase's hbase-site.xml"));
    }
    return embedded;
  }
}
