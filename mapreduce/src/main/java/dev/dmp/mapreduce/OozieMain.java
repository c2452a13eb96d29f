package dev.dmp.mapreduce;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.Drill;
import dev.dmp.mapreduce.gate.GateTool;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.io.output.TeeOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;

/**
 * The main class of the workflows' java actions: {@code OozieMain COMMAND ARGS...} runs the {@code
 * dmp} command named, as {@code hadoop jar} would, with the action's configuration (the file Oozie
 * names in {@value #ACTION_CONF}).
 *
 * <p>A command that fails makes this main throw: Oozie counts that as a user error it may retry
 * (JA018) up to the action's {@code retry-max}, where an exit status would not be retried. The
 * exception carries the command's one-line message, which the kill node shows.
 *
 * <p>On a secure cluster the launcher holds delegation tokens, not a ticket: they are handed to the
 * jobs the command submits ({@code mapreduce.job.credentials.binary}), and the tags Oozie gives its
 * child jobs join each job's own (see {@code ClusterSettings}).
 *
 * <p>{@code gate --date D --stage S} does not fail a day it stops: it succeeds and hands the
 * verdict to the workflow's decision through {@code <capture-output/>}: {@code passed} ({@code
 * true}/{@code false}) and {@code message}.
 */
public final class OozieMain {

  /** The system property naming the action's configuration file (set by Oozie's launcher). */
  public static final String ACTION_CONF = "oozie.action.conf.xml";

  /** The system property naming the file a capture-output action writes (set by Oozie). */
  public static final String OUTPUT_PROPERTIES = "oozie.action.output.properties";

  /** Fault injection for tests and drills: see {@link Drill#FAIL_ONCE}. */
  public static final String FAIL_ONCE = Drill.FAIL_ONCE;

  /** Where YARN puts a container's delegation tokens (the launcher's, here). */
  static final String TOKEN_FILE = "HADOOP_TOKEN_FILE_LOCATION";

  /** The file of tokens a submitted job adds to its own. */
  static final String JOB_CREDENTIALS = "mapreduce.job.credentials.binary";

  /** Oozie's default limit on captured output is 2 KB; the message is cut well below it. */
  private static final int MAX_MESSAGE = 1_500;

  private static final Options GATE_OPTIONS =
      new Options()
          .addOption(Option.builder().longOpt("date").hasArg().build())
          .addOption(Option.builder().longOpt("stage").hasArg().build());

  private OozieMain() {}

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    String actionConf = System.getProperty(ACTION_CONF);
    if (actionConf != null) {
      conf.addResource(new Path("file:///", actionConf));
    }
    // The launcher's delegation tokens (HDFS, YARN and the workflow's hbase credential) go with
    // every job the command submits; on a Kerberos cluster the launcher has no ticket of its own.
    String tokens = System.getenv(TOKEN_FILE);
    if (tokens != null) {
      conf.set(JOB_CREDENTIALS, tokens);
    }
    String output = System.getProperty(OUTPUT_PROPERTIES);
    run(conf, args, output == null ? null : new File(output));
  }

  /**
   * Runs {@code args} (a command and its arguments) with {@code conf}; a gate's verdict goes to
   * {@code outputProperties}. Throws when the command fails.
   */
  public static void run(Configuration conf, String[] args, File outputProperties)
      throws Exception {
    if (args.length == 0) {
      throw new DmpException("no command given; the first argument names a dmp command");
    }
    String name = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    Drill.failOnce(conf, name);
    if (name.equals(GateTool.NAME)) {
      gate(conf, rest, outputProperties);
      return;
    }
    Driver.Command command =
        Driver.command(name)
            .orElseThrow(() -> new DmpException("'" + name + "' is not a dmp command"));
    DmpTool tool = command.newTool();
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    tool.redirect(System.out, tee(System.err, messages));
    int status = ToolRunner.run(conf, tool, rest);
    if (status != DmpTool.OK) {
      throw new DmpException(
          "dmp "
              + name
              + " failed (status "
              + status
              + "): "
              + messages.toString(StandardCharsets.UTF_8).strip());
    }
  }

  private static PrintStream tee(PrintStream out, OutputStream copy) {
    return new PrintStream(new TeeOutputStream(out, copy), true, StandardCharsets.UTF_8);
  }

  /** The gate's verdict as captured output; fails only when the gate cannot be evaluated. */
  private static void gate(Configuration conf, String[] args, File outputProperties)
      throws Exception {
    CommandLine cmd;
    try {
      cmd = new DefaultParser().parse(GATE_OPTIONS, args);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
    if (!cmd.hasOption("date")) {
      throw new UsageException("gate needs --date YYYY-MM-DD [--stage clean|report]");
    }
    RunDate day = RunDate.parse(cmd.getOptionValue("date"));
    String stageName = cmd.getOptionValue("stage", "clean");
    List<String> failures = GateTool.check(conf, day, stageName);
    String message =
        failures.isEmpty()
            ? "quality gate passed for " + day + " after " + stageName
            : "quality gate stopped "
                + day
                + " after "
                + stageName
                + ": "
                + String.join("; ", failures);
    System.out.println(message);
    if (outputProperties != null) {
      Properties p = new Properties();
      p.setProperty("passed", Boolean.toString(failures.isEmpty()));
      p.setProperty(
          "message", message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
      try (OutputStream o = Files.newOutputStream(outputProperties.toPath())) {
        p.store(o, "dmp gate");
      }
    }
  }
}
