package dev.dmp.mapreduce.common;

import dev.dmp.core.DmpException;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.security.Kerberos;
import dev.dmp.hbase.security.Kerberos.KerberosLoginException;
import java.io.IOException;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.hbase.TableNotFoundException;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every {@code dmp} command: Hadoop generic options through {@link ToolRunner}, then
 * the command's own options, a Kerberos login on a secure cluster ({@link Kerberos}), and one
 * exit-status contract: 0 success, 1 failure with a one-line reason, 2 usage error with the usage
 * text (a {@link ConfigException}: one line naming the setting). A missing, expired or refused
 * ticket is one line naming the user and what to run.
 */
public abstract class DmpTool extends Configured implements Tool {

  private static final Logger LOG = LoggerFactory.getLogger(DmpTool.class);

  /**
   * A cluster's settings of the DMP, read by every command (and so by every job it submits) after
   * Hadoop's own site files: {@code dmp-site.xml} on the class path, in {@code HADOOP_CONF_DIR} on
   * an edge node.
   */
  public static final String SITE = "dmp-site.xml";

  static {
    Configuration.addDefaultResource(SITE);
  }

  /** Exit status of a command that ran to the end. */
  public static final int OK = 0;

  /** Exit status of a command that failed; the reason is printed on one line. */
  public static final int FAILED = 1;

  /** Exit status of a command line that cannot be run. */
  public static final int USAGE = 2;

  protected PrintStream out = System.out;
  protected PrintStream err = System.err;

  /** The command's name, as in {@code dmp <name>}. */
  public abstract String name();

  /** One line of synopsis, e.g. {@code --date YYYY-MM-DD [--json]}. */
  public abstract String synopsis();

  /** The command's options. */
  protected abstract Options options();

  /** The command's options, as {@code --help} lists them. */
  public final Options getOptions() {
    return options();
  }

  /** Runs the command with parsed options; returns its exit status. */
  protected abstract int execute(CommandLine cmd) throws Exception;

  /** Sends the command's output and messages elsewhere (tests). */
  public void redirect(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public final int run(String[] args) {
    // --help anywhere, also after a sub-command (dmp segment export --help), is the help.
    if (java.util.Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
      help();
      return OK;
    }
    try {
      CommandLine cmd;
      try {
        cmd = new DefaultParser().parse(options(), args);
      } catch (ParseException e) {
        throw new UsageException(e.getMessage());
      }
      Settings.check(getConf());
      DataPermissions.defaults(getConf());
      Kerberos.login(getConf());
      return execute(cmd);
    } catch (ConfigException e) {
      err.println("dmp " + name() + ": " + e.getMessage());
      return USAGE;
    } catch (UsageException e) {
      err.println("dmp " + name() + ": " + e.getMessage());
      err.println("usage: dmp " + name() + " " + synopsis());
      return USAGE;
    } catch (TableNotFoundException e) {
      // Its message is the table's name alone: say what it means to a new user.
      return failed(
          e,
          "HBase has no table "
              + e.getMessage()
              + " yet: load a day first (dmp run, or dmp load --date D)");
    } catch (KerberosLoginException e) {
      return failed(e, e.getMessage());
    } catch (DmpException | IOException | FSError e) {
      return failed(
          e, Kerberos.isAuthenticationFailure(e) ? Kerberos.refusal(getConf()) : oneLine(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("dmp " + name() + ": interrupted");
      return FAILED;
    } catch (Exception e) {
      err.println("dmp " + name() + ": unexpected error: " + oneLine(e));
      LOG.error("dmp {} failed", name(), e);
      return FAILED;
    }
  }

  /** Prints the one-line reason of a failure (the cause at DEBUG); returns {@link #FAILED}. */
  private int failed(Throwable e, String reason) {
    err.println("dmp " + name() + ": " + reason);
    LOG.debug("dmp {} failed", name(), e);
    return FAILED;
  }

  /** The usage line and every option with its description, on stdout. */
  private void help() {
    out.println("usage: dmp " + name() + " " + synopsis());
    for (Option o : options().getOptions()) {
      String flag = o.getLongOpt() != null ? "--" + o.getLongOpt() : "-" + o.getOpt();
      out.printf(
          "  %-24s %s%n",
          flag + (o.hasArg() ? " " + (o.getArgName() == null ? "VALUE" : o.getArgName()) : ""),
          o.getDescription() == null ? "" : o.getDescription());
    }
    out.println(
        "  Hadoop generic options (-D key=value, -conf FILE, -libjars JARS) go right after the"
            + " command name.");
  }

  /** The message of an exception and its causes, on one line. */
  public static String oneLine(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
      if (b.indexOf(m) < 0) {
        if (b.length() > 0) {
          b.append(": ");
        }
        b.append(m.replace('\n', ' '));
      }
    }
    return b.toString();
  }

  /** Runs {@code tool} from a {@code main} method and exits with its status. */
  protected static void main(DmpTool tool, String[] args) throws Exception {
    System.exit(ToolRunner.run(new Configuration(), tool, args));
  }

  /**
   * The whole number an option gives (its default when absent), from {@code min} to {@code max};
   * otherwise a usage error naming the option and the value.
   */
  protected static long wholeNumber(
      CommandLine cmd, String option, long byDefault, long min, long max) throws UsageException {
    String v = cmd.getOptionValue(option);
    if (v == null) {
      return byDefault;
    }
    try {
      long n = Long.parseLong(v.strip().replace("_", ""));
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new UsageException(
        "--"
            + option
            + " must be a whole number"
            + (max == Long.MAX_VALUE
                ? (min == Long.MIN_VALUE ? "" : " of at least " + min)
                : " from " + min + " to " + max)
            + ", not '"
            + v
            + "'");
  }

  /** The value of a required option, or a usage error naming it. */
  protected static String required(CommandLine cmd, String option) throws UsageException {
    String v = cmd.getOptionValue(option);
    if (v == null) {
      throw new UsageException("--" + option + " is required");
    }
    return v;
  }
}
