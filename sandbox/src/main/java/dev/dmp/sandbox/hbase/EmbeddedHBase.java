package dev.dmp.sandbox.hbase;

import dev.dmp.core.DmpException;
import dev.dmp.hbase.EmbeddedHBaseService;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.TableCreator;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.LocalHBaseCluster;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.master.HMaster;
import org.apache.hadoop.hbase.zookeeper.MiniZooKeeperCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HBase of embedded mode: HBase's own standalone mode (a master, a region server and ZooKeeper
 * in this JVM, as {@code start-hbase.sh} runs it without a cluster), with its data on the local
 * file system under {@value HBaseConnections#EMBEDDED_DIR}, so that it survives from one {@code
 * dmp} command to the next.
 *
 * <p>Only one process opens the data at a time (a file lock). {@code dmp serve} keeps one up and
 * writes its ZooKeeper address to {@value #ADDRESS_FILE}; every other command then connects to it
 * instead of starting its own.
 */
public final class EmbeddedHBase implements EmbeddedHBaseService.Served {

  /** The ZooKeeper client port of the embedded HBase; 0 picks a free one. */
  public static final String ZK_PORT = "dmp.hbase.embedded.zk.port";

  /** How long to wait for the embedded HBase to come up, in seconds. */
  public static final String START_TIMEOUT = "dmp.hbase.embedded.start.timeout.seconds";

  /** Written by {@code dmp serve}: the ZooKeeper quorum and port of the running HBase. */
  public static final String ADDRESS_FILE = "serve.properties";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedHBase.class);

  private static EmbeddedHBase shared;

  private final File dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final MiniZooKeeperCluster zooKeeper;
  private final LocalHBaseCluster cluster;
  private final Configuration conf;

  private EmbeddedHBase(
      File dir,
      FileChannel lockChannel,
      FileLock lock,
      MiniZooKeeperCluster zooKeeper,
      LocalHBaseCluster cluster,
      Configuration conf) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.zooKeeper = zooKeeper;
    this.cluster = cluster;
    this.conf = conf;
  }

  /**
   * The HBase configuration a command connects with. On a cluster ({@value
   * HBaseConnections#EMBEDDED_DIR} unset) that is {@link #clusterConf}. In embedded mode it is the
   * address of the HBase that {@code dmp serve} keeps up, if one answers; otherwise an HBase is
   * started here, in this JVM, on the data in {@value HBaseConnections#EMBEDDED_DIR}, and stopped
   * when the JVM exits. Commands that need HBase call this once, explicitly: configuring a job
   * never starts anything.
   */
  static synchronized Configuration connect(Configuration conf, File dir)
      throws IOException, DmpException {
    Configuration hbase = HBaseConnections.clusterConf(conf);
    Optional<Integer> served = servedPort(dir);
    int port;
    if (served.isPresent()) {
      port = served.get();
    } else {
      if (shared == null) {
        shared = start(dir, conf);
        EmbeddedHBase started = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-hbase-stop"));
      }
      port = shared.port();
    }
    hbase.set(HConstants.ZOOKEEPER_QUORUM, "localhost");
    hbase.setInt(HConstants.ZOOKEEPER_CLIENT_PORT, port);
    return hbase;
  }

  /**
   * Begins {@link #startIfEmbedded} on a background thread, for a command that needs HBase only at
   * its end ({@code dmp run}'s load), so that HBase's start and the creation of the platform's
   * tables (seconds, in a new {@code DMP_HOME}) overlap the work before it. The later {@link
   * #startIfEmbedded} waits for this one, or, if it failed, tries again and reports why. Nothing
   * happens outside embedded mode.
   */
  static void startAhead(Configuration conf, File dir) {
    Thread starter =
        new Thread(
            () -> {
              // Holding connect's lock throughout: a command's own connect waits for the tables.
              synchronized (EmbeddedHBase.class) {
                try {
                  Configuration hbase = connect(conf, dir);
                  try (Connection connection = ConnectionFactory.createConnection(hbase);
                      Admin admin = connection.getAdmin()) {
                    TableCreator.createAll(admin, conf);
                  }
                } catch (IOException | DmpException | RuntimeException e) {
                  LOG.debug("the embedded HBase did not start ahead; the load will try again", e);
                }
              }
            },
            "embedded-hbase-start");
    starter.setDaemon(true);
    starter.start();
  }

  /** Stops the HBase that {@link #startIfEmbedded} started in this JVM, if any. */
  static synchronized void stopShared() {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }

  /** The port of a {@code dmp serve} of {@code dir} that accepts connections, if any. */
  static Optional<Integer> servedPort(File dir) {
    File f = new File(dir, ADDRESS_FILE);
    if (!f.isFile()) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = new FileInputStream(f)) {
      p.load(in);
      int port = Integer.parseInt(p.getProperty(HConstants.ZOOKEEPER_CLIENT_PORT, "-1"));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("localhost", port), 1000);
      }
      return Optional.of(port);
    } catch (IOException | IllegalArgumentException e) {
      LOG.debug("{} names no running HBase: {}", f, e.toString());
      return Optional.empty();
    }
  }

  /** Space the embedded HBase needs to start: its write-ahead log, ZooKeeper's snapshots. */
  static final long MIN_FREE_BYTES = 64L << 20;

  /** Starts HBase on the data in {@code dir}; fails if another process has it open. */
  public static EmbeddedHBase start(File dir, Configuration base) throws IOException, DmpException {
    if (!dir.isDirectory() && !dir.mkdirs()) {
      throw new IOException("cannot create " + dir);
    }
    // The tables hold every profile: the service user's alone, as DMP_HOME is.
    java.nio.file.Files.setPosixFilePermissions(
        dir.toPath(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    if (dir.getUsableSpace() < MIN_FREE_BYTES) {
      throw new DmpException(
          String.format(
              "only %,d KiB are free for the embedded HBase in %s, which needs %d MiB (on a full"
                  + " disk its ZooKeeper stops the process): free some space, or set %s elsewhere",
              dir.getUsableSpace() >> 10,
              dir,
              MIN_FREE_BYTES >> 20,
              HBaseConnections.EMBEDDED_DIR));
    }
    FileChannel channel =
        FileChannel.open(
            new File(dir, "lock").toPath(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      channel.close();
      throw new DmpException(
          "the embedded HBase in "
              + dir
              + " is in use by another dmp command; wait for it to finish,"
              + " or start 'dmp serve' so that commands share one");
    }
    Configuration conf = HBaseConfiguration.create(base);
    conf.setBoolean(HConstants.CLUSTER_DISTRIBUTED, false);
    conf.set(HConstants.HBASE_DIR, new File(dir, "root").toURI().toString());
    conf.set("hbase.tmp.dir", new File(dir, "tmp").getAbsolutePath());
    // The local file system has no hflush/hsync: HBase's standalone settings.
    conf.setBoolean("hbase.unsafe.stream.capability.enforce", false);
    conf.set("hbase.wal.provider", "filesystem");
    // Embedded mode serves this machine only: master and region server listen on the loopback
    // address and register under localhost, and ZooKeeper is reached on localhost.
    conf.set("hbase.master.ipc.address", "127.0.0.1");
    conf.set("hbase.regionserver.ipc.address", "127.0.0.1");
    conf.set("hbase.master.hostname", "localhost");
    conf.set("hbase.unsafe.regionserver.hostname", "localhost");
    conf.setInt(HConstants.MASTER_PORT, 0);
    conf.setInt(HConstants.MASTER_INFO_PORT, -1);
    conf.setInt(HConstants.REGIONSERVER_PORT, 0);
    conf.setInt(HConstants.REGIONSERVER_INFO_PORT, -1);
    conf.setInt(HConstants.ZK_SESSION_TIMEOUT, 10_000);
    MiniZooKeeperCluster zk = new MiniZooKeeperCluster(conf);
    LocalHBaseCluster cluster = null;
    try {
      if (conf.getInt(ZK_PORT, 0) > 0) {
        zk.setDefaultClientPort(conf.getInt(ZK_PORT, 0));
      }
      int port = zk.startup(new File(dir, "zookeeper"));
      conf.set(HConstants.ZOOKEEPER_QUORUM, "localhost");
      conf.setInt(HConstants.ZOOKEEPER_CLIENT_PORT, port);
      cluster = new LocalHBaseCluster(conf, 1, 1);
      cluster.startup();
      awaitMaster(cluster, conf.getInt(START_TIMEOUT, 180));
      LOG.info("embedded HBase up in {} (ZooKeeper localhost:{})", dir, port);
      return new EmbeddedHBase(dir, channel, lock, zk, cluster, conf);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon(cluster, zk, lock);
      throw new DmpException("interrupted while the embedded HBase was starting");
    } catch (IOException | DmpException | RuntimeException e) {
      abandon(cluster, zk, lock);
      throw e;
    }
  }

  private static void abandon(LocalHBaseCluster cluster, MiniZooKeeperCluster zk, FileLock lock)
      throws IOException {
    if (cluster != null) {
      cluster.shutdown();
    }
    zk.shutdown();
    lock.release();
    lock.channel().close();
  }

  private static void awaitMaster(LocalHBaseCluster cluster, int seconds) throws DmpException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      HMaster m = cluster.getActiveMaster();
      if (m != null && m.isInitialized()) {
        return;
      }
      if (cluster.getLiveMasters().isEmpty()) {
        throw new DmpException("the embedded HBase master stopped while starting (see its log)");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DmpException("interrupted while the embedded HBase was starting");
      }
    }
    throw new DmpException("the embedded HBase did not start within " + seconds + " s");
  }

  @Override
  public Configuration conf() {
    return conf;
  }

  @Override
  public int port() {
    return conf.getInt(HConstants.ZOOKEEPER_CLIENT_PORT, -1);
  }

  /** Writes {@value #ADDRESS_FILE} so that other processes use this HBase; removed on close. */
  @Override
  public File advertise() throws IOException {
    Properties p = new Properties();
    p.setProperty(HConstants.ZOOKEEPER_QUORUM, "localhost");
    p.setProperty(HConstants.ZOOKEEPER_CLIENT_PORT, Integer.toString(port()));
    File f = new File(dir, ADDRESS_FILE);
    try (OutputStream o = new FileOutputStream(f)) {
      p.store(o, "written by dmp serve; removed when it stops");
    }
    return f;
  }

  /** Stops HBase (flushing what is in memory) and ZooKeeper, and releases the data. */
  @Override
  public synchronized void close() {
    if (!lockChannel.isOpen()) {
      return;
    }
    new File(dir, ADDRESS_FILE).delete();
    try {
      cluster.shutdown();
      cluster.join();
      zooKeeper.shutdown();
    } catch (IOException | RuntimeException e) {
      LOG.warn("stopping the embedded HBase: {}", e.toString());
    } finally {
      try {
        lock.release();
        lockChannel.close();
      } catch (IOException e) {
        LOG.debug("releasing the lock", e);
      }
    }
  }

  /** The embedded HBase as {@link HBaseConnections} finds it on the class path. */
  public static final class Provider implements EmbeddedHBaseService {

    @Override
    public Configuration connect(Configuration conf, File dir) throws IOException, DmpException {
      return EmbeddedHBase.connect(conf, dir);
    }

    @Override
    public void startAhead(Configuration conf, File dir) {
      EmbeddedHBase.startAhead(conf, dir);
    }

    @Override
    public void stop() {
      stopShared();
    }

    @Override
    public Served serve(Configuration conf, File dir) throws IOException, DmpException {
      return start(dir, conf);
    }
  }
}
