package dev.dmp.hbase;

import dev.dmp.core.DmpException;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * An HBase that runs on this machine, for embedded mode: the sandbox module provides one (through
 * {@link java.util.ServiceLoader}), and {@link HBaseConnections} uses it when {@value
 * HBaseConnections#EMBEDDED_DIR} is set. The platform's job jar has none.
 */
public interface EmbeddedHBaseService {

  /**
   * The client configuration of the embedded HBase whose data is in {@code dir}: the one {@code dmp
   * serve} keeps up, if it answers, or one started in this JVM and stopped when it exits.
   */
  Configuration connect(Configuration conf, File dir) throws IOException, DmpException;

  /** Begins {@link #connect} on a background thread; a later connect waits for it. */
  void startAhead(Configuration conf, File dir);

  /** Stops the HBase this JVM started, if any. */
  void stop();

  /**
   * Starts HBase on {@code dir} and keeps it up for the commands of other processes until closed.
   */
  Served serve(Configuration conf, File dir) throws IOException, DmpException;

  /** An HBase kept up by {@code dmp serve}. */
  interface Served extends Closeable {

    /** The configuration to connect with. */
    Configuration conf();

    /** Its ZooKeeper client port. */
    int port();

    /** Writes where other processes find it; returns that file. */
    File advertise() throws IOException;

    @Override
    void close();
  }
}
