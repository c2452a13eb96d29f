package dev.dmp.mapreduce.testing;

import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/** Runs {@code dmp} commands in-process, as the launcher would, and keeps what they print. */
public final class CommandRunner {

  private final Configuration conf;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  public CommandRunner(Configuration conf) {
    this.conf = conf;
  }

  /** Embedded mode: local file system and job runner, datasets under {@code base}. */
  public static Configuration embedded(Path base) {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.set(DmpPaths.BASE_DIR, base.toString());
    conf.setInt("mapreduce.client.completion.pollinterval", 50); // as scripts/dmp sets it
    // No HBase unless a test gives one (embeddedHBase below).
    conf.setBoolean(HBaseConnections.ENABLED, false);
    return conf;
  }

  /** Embedded mode with its HBase, whose data is in {@code dir}. */
  public static Configuration embeddedHBase(Configuration conf, Path dir) {
    conf.set(HBaseConnections.EMBEDDED_DIR, dir.toString());
    conf.setBoolean(HBaseConnections.ENABLED, true);
    return conf;
  }

  public Configuration conf() {
    return conf;
  }

  /** Runs the command; returns its exit status. */
  public int run(DmpTool tool, String... args) throws Exception {
    tool.redirect(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return ToolRunner.run(conf, tool, args);
  }

  /** What the commands printed on standard output so far. */
  public String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What the commands printed on standard error so far. */
  public String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  public void reset() {
    out.reset();
    err.reset();
  }
}
