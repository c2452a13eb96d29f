package dev.dmp.mapreduce.serving;

import dev.dmp.core.UsageException;
import dev.dmp.hbase.EmbeddedHBaseService;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.common.DmpTool;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * {@code dmp serve [--http PORT] [--seconds N]}: keeps the embedded HBase up until stopped (Ctrl-C)
 * and prints how to connect to it; with {@code --http}, also serves the daily pages on localhost.
 * While it runs, the other {@code dmp} commands use it instead of starting their own, and a real
 * {@code hbase shell} or any HBase client can point at its ZooKeeper.
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
    return "[--http PORT] [--seconds N]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(
            Option.builder().longOpt("seconds").hasArg().desc("stop after N seconds").build())
        .addOption(
            Option.builder()
                .longOpt("http")
                .hasArg()
                .argName("PORT")
                .desc("also serve the daily pages on http://127.0.0.1:PORT/ (0: any free port)")
                .build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    String dir = getConf().getTrimmed(HBaseConnections.EMBEDDED_DIR, "");
    Integer httpPort = cmd.hasOption("http") ? port(cmd.getOptionValue("http")) : null;
    if (dir.isEmpty() && httpPort == null) {
      throw new UsageException(
          "serve runs the embedded HBase (embedded mode), and with --http PORT serves the daily"
              + " pages; on a cluster, HBase is already served");
    }
    long seconds = wholeNumber(cmd, "seconds", 0, 0, Long.MAX_VALUE);
    CountDownLatch stopped = new CountDownLatch(1);
    try (PageServer pages = httpPort == null ? null : PageServer.start(getConf(), httpPort);
        EmbeddedHBaseService.Served hbase =
            dir.isEmpty()
                ? null
                : HBaseConnections.embeddedService().serve(getConf(), new File(dir))) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    if (hbase != null) {
                      hbase.close();
                    }
                    stopped.countDown();
                  },
                  "dmp-serve-stop"));
      if (hbase != null) {
        announce(hbase, dir);
      }
      if (pages != null) {
        out.printf(
            "daily pages on http://127.0.0.1:%d/ (the newest day; /dt=YYYY-MM-DD/ for one day)%n",
            pages.port());
      }
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

  private void announce(EmbeddedHBaseService.Served hbase, String dir) throws IOException {
    try (Connection c = ConnectionFactory.createConnection(hbase.conf());
        Admin admin = c.getAdmin()) {
      TableCreator.createAll(admin, getConf());
    }
    File address = hbase.advertise();
    out.printf("embedded HBase serving the data in %s%n", dir);
    out.printf("  hbase.zookeeper.quorum              localhost%n");
    out.printf("  hbase.zookeeper.property.clientPort %d%n", hbase.port());
    out.printf(
        "  hbase shell:  hbase shell -Dhbase.zookeeper.quorum=localhost"
            + " -Dhbase.zookeeper.property.clientPort=%d%n",
        hbase.port());
    out.printf("  written to %s; other dmp commands now use this HBase%n", address);
  }

  private static int port(String text) throws UsageException {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new UsageException("--http must be a port number (0-65535), not '" + text + "'");
  }
}
