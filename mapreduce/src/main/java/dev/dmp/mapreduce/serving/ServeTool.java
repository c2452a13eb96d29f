package dev.dmp.mapreduce.serving;

import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.UsageException;
import java.io.File;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * {@code dmp serve [--seconds N]}: keeps the embedded HBase up until stopped (Ctrl-C) and prints
 * how to connect to it. While it runs, the other {@code dmp} commands use it instead of starting
 * their own, and a real {@code hbase shell} or any HBase client can point at its ZooKeeper.
 */
public class ServeTool extends DmpTool {

  public static final String NAME = "serve";

  public static void main(String[] args) throws Exception {
    main(new ServeTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "[--seconds N]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(
            Option.builder().longOpt("seconds").hasArg().desc("stop after N seconds").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    String dir = getConf().getTrimmed(EmbeddedHBase.DIR, "");
    if (dir.isEmpty()) {
      throw new UsageException(
          "serve runs the embedded HBase (embedded mode); on a cluster, HBase is already served");
    }
    long seconds = Long.parseLong(cmd.getOptionValue("seconds", "0"));
    CountDownLatch stopped = new CountDownLatch(1);
    try (EmbeddedHBase hbase = EmbeddedHBase.start(new File(dir), getConf())) {
      try (Connection c = ConnectionFactory.createConnection(hbase.conf());
          Admin admin = c.getAdmin()) {
        TableCreator.createAll(admin, getConf());
      }
      File address = hbase.advertise();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    hbase.close();
                    stopped.countDown();
                  },
                  "dmp-serve-stop"));
      out.printf("embedded HBase serving the data in %s%n", dir);
      out.printf("  hbase.zookeeper.quorum              localhost%n");
      out.printf("  hbase.zookeeper.property.clientPort %d%n", hbase.port());
      out.printf(
          "  hbase shell:  hbase shell -Dhbase.zookeeper.quorum=localhost"
              + " -Dhbase.zookeeper.property.clientPort=%d%n",
          hbase.port());
      out.printf("  written to %s; other dmp commands now use this HBase%n", address);
      out.println("stop with Ctrl-C");
      out.flush();
      if (seconds > 0) {
        stopped.await(seconds, TimeUnit.SECONDS);
      } else {
        stopped.await();
      }
    }
    return OK;
  }
}
