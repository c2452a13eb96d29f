package dev.dmp.mapreduce;

import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.erasure.ForgetTool;
import dev.dmp.mapreduce.gate.GateTool;
import dev.dmp.mapreduce.gate.QualityTool;
import dev.dmp.mapreduce.hourly.HourlyJob;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.load.LoadJob;
import dev.dmp.mapreduce.money.RatesTool;
import dev.dmp.mapreduce.monitor.AlertsTool;
import dev.dmp.mapreduce.monitor.DashboardTool;
import dev.dmp.mapreduce.oozie.OozieTool;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.report.ReportJob;
import dev.dmp.mapreduce.retention.RetentionTool;
import dev.dmp.mapreduce.run.RerunTool;
import dev.dmp.mapreduce.run.RunTool;
import dev.dmp.mapreduce.serving.LookupTool;
import dev.dmp.mapreduce.serving.SegmentTool;
import dev.dmp.mapreduce.serving.ServeTool;
import dev.dmp.mapreduce.serving.TablesTool;
import dev.dmp.mapreduce.sql.SqlTool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.hadoop.util.ProgramDriver;

/** The one entry point: {@code hadoop jar dmp-<version>-job.jar <stage> [options]}. */
public final class Driver {

  private Driver() {}

  /** A command of the job jar: its name, its Tool, and the line {@code hadoop jar} lists. */
  public record Command(String name, Class<? extends DmpTool> tool, String description) {
    /** A new instance of the command's Tool. */
    public DmpTool newTool() throws ReflectiveOperationException {
      return tool.getDeclaredConstructor().newInstance();
    }
  }

  /**
   * More commands, found on the class path: the sandbox's (generate, demo, bench) in embedded mode.
   * The job jar has none.
   */
  public interface CommandSet {
    List<Command> commands();
  }

  /** The commands of the job jar, in the order {@code hadoop jar} lists them. */
  private static final List<Command> PLATFORM =
      List.of(
          new Command(
              IngestTool.NAME, IngestTool.class, "land JSON Lines / Avro files in the raw zone"),
          new Command(
              CleanJob.NAME,
              CleanJob.class,
              "validate, normalise, de-duplicate, drop bots and opt-outs"),
          new Command(
              IdGraphJob.NAME,
              IdGraphJob.class,
              "the identity graph: people (OneIDs) from identifiers"),
          new Command(
              AttributeJob.NAME,
              AttributeJob.class,
              "join every clean event to its person's OneID"),
          new Command(
              ProfileJob.NAME,
              ProfileJob.class,
              "one profile per person, built incrementally, with tags and segments"),
          new Command(
              ReportJob.NAME,
              ReportJob.class,
              "daily aggregates with unique-people sketches; roll-ups"),
          new Command(
              GateTool.NAME,
              GateTool.class,
              "the quality gate: stop a bad day before anything is loaded"),
          new Command(
              RatesTool.NAME,
              RatesTool.class,
              "load a day's exchange rates into the reporting currency, or print them"),
          new Command(
              LoadJob.NAME,
              LoadJob.class,
              "bulk-load a day's profiles, ids, segments, reports into HBase"),
          new Command(
              LookupTool.NAME, LookupTool.class, "look people up by any identifier or OneID"),
          new Command(SegmentTool.NAME, SegmentTool.class, "list a segment's members, or test one"),
          new Command(TablesTool.NAME, TablesTool.class, "create the HBase namespace and tables"),
          new Command(
              ServeTool.NAME,
              ServeTool.class,
              "keep the embedded HBase up for other commands and shells"),
          new Command(QualityTool.NAME, QualityTool.class, "print a day's data-quality report"),
          new Command(
              SqlTool.NAME,
              SqlTool.class,
              "the datasets as SQL tables: DDL, a day's partitions, the data dictionary"),
          new Command(
              AlertsTool.NAME,
              AlertsTool.class,
              "list the alerts; evaluate the alert rules on a day or hour"),
          new Command(
              DashboardTool.NAME,
              DashboardTool.class,
              "write a day's report page: one HTML file with charts and tables"),
          new Command(
              ForgetTool.NAME,
              ForgetTool.class,
              "erase people: HBase, every dataset, the suppression list"),
          new Command(
              RunTool.NAME,
              RunTool.class,
              "the daily chain: clean, gate, idgraph, attribute, profile, report, gate"),
          new Command(
              RerunTool.NAME,
              RerunTool.class,
              "run a day again and every later day after it, in order"),
          new Command(
              HourlyJob.NAME,
              HourlyJob.class,
              "clean and attribute one hour; update today's activity in HBase"),
          new Command(
              RetentionTool.NAME,
              RetentionTool.class,
              "delete rejects and raw days past their retention period"),
          new Command(
              OozieTool.NAME,
              OozieTool.class,
              "deploy the Oozie applications; submit, watch, rerun, backfill"));

  /**
   * Every command of this class path, in the order they are listed: the job jar's, then those of
   * every {@link CommandSet} on the class path.
   */
  public static final List<Command> COMMANDS = commands();

  private static List<Command> commands() {
    List<Command> all = new ArrayList<>(PLATFORM);
    ServiceLoader.load(CommandSet.class, Driver.class.getClassLoader())
        .forEach(set -> all.addAll(set.commands()));
    return List.copyOf(all);
  }

  /** The command called {@code name}, if there is one. */
  public static Optional<Command> command(String name) {
    return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Every command of the job jar, by name. */
  public static ProgramDriver programs() throws Throwable {
    ProgramDriver pd = new ProgramDriver();
    for (Command c : COMMANDS) {
      pd.addClass(c.name(), c.tool(), c.description());
    }
    return pd;
  }

  /**
   * Every command, two lines each: its name and synopsis, then what it does. The launcher's usage
   * ({@code scripts/dmp --help}) is this list, so that it cannot fall behind the job jar.
   */
  public static void printCommands(PrintStream out) throws ReflectiveOperationException {
    for (Command c : COMMANDS) {
      out.printf(
          "  %-10s %s%n  %-10s   %s%n", c.name(), c.newTool().synopsis(), "", c.description());
    }
  }

  /**
   * {@code hadoop jar dmp-<version>-job.jar <command> [options]}; with no command, or {@code
   * --help}, the list of commands.
   */
  public static void main(String[] args) throws Throwable {
    if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
      System.out.println("usage: <command> [generic options] [options]; <command> --help for more");
      System.out.println();
      System.out.println("commands:");
      printCommands(System.out);
      System.exit(args.length == 0 ? 2 : 0);
    }
    int status = programs().run(args);
    System.exit(status == -1 ? 2 : status);
  }
}
