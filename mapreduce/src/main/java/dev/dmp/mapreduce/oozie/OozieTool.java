package dev.dmp.mapreduce.oozie;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.security.Kerberos;
import dev.dmp.mapreduce.common.DmpTool;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.fs.Path;
import org.apache.oozie.client.AuthOozieClient;
import org.apache.oozie.client.CoordinatorAction;
import org.apache.oozie.client.CoordinatorJob;
import org.apache.oozie.client.OozieClient;
import org.apache.oozie.client.OozieClientException;
import org.apache.oozie.client.WorkflowAction;
import org.apache.oozie.client.WorkflowJob;
import org.apache.oozie.client.rest.RestConstants;

/**
 * {@code dmp oozie ACTION}: the Oozie applications of {@code workflows/}, deployed and driven
 * through Oozie's Java client.
 *
 * <pre>
 *   deploy [--apps DIR] [--dest DIR]         copy the applications and their lib/ to HDFS
 *   submit --config FILE                     start what FILE names (coordinator, bundle, workflow)
 *   status JOB                               a job, and each action's status, retries and error
 *   rerun JOB --failed                       a workflow's failed nodes, a coordinator's failed days
 *   backfill --config FILE --from D --to D   the daily coordinator over past days
 * </pre>
 *
 * The server is {@code --oozie URL}, else {@value #URL}, else {@code $OOZIE_URL}.
 */
public class OozieTool extends DmpTool {

  public static final String NAME = "oozie";

  /** The Oozie server's URL, e.g. http://oozie:11000/oozie. */
  public static final String URL = "dmp.oozie.url";

  /** Where the build writes the applications. */
  static final String DEFAULT_APPS = "workflows/target/oozie";

  /** Where job.properties expects them ({@code appBase}). */
  static final String DEFAULT_DEST = "/apps/dmp";

  public static void main(String[] args) throws Exception {
    main(new OozieTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "deploy [--apps DIR] [--dest DIR] | submit --config FILE | status JOB"
        + " | rerun JOB --failed | backfill --config FILE --from YYYY-MM-DD --to YYYY-MM-DD"
        + " [--oozie URL]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("oozie").hasArg().desc("Oozie server URL").build())
        .addOption(Option.builder().longOpt("apps").hasArg().desc("built applications").build())
        .addOption(Option.builder().longOpt("dest").hasArg().desc("HDFS directory").build())
        .addOption(Option.builder().longOpt("config").hasArg().desc("job.properties").build())
        .addOption(Option.builder().longOpt("failed").desc("rerun what failed").build())
        .addOption(Option.builder().longOpt("from").hasArg().desc("first day").build())
        .addOption(Option.builder().longOpt("to").hasArg().desc("last day").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    List<String> args = cmd.getArgList();
    if (args.isEmpty()) {
      throw new UsageException("name an action: deploy, submit, status, rerun or backfill");
    }
    try {
      return switch (args.get(0)) {
        case "deploy" -> {
          OozieDeployment.deploy(
              getConf(),
              new File(cmd.getOptionValue("apps", DEFAULT_APPS)),
              new Path(cmd.getOptionValue("dest", DEFAULT_DEST)),
              out);
          yield OK;
        }
        case "submit" -> submit(cmd);
        case "status" -> status(cmd, jobId(args));
        case "rerun" -> rerun(cmd, jobId(args));
        case "backfill" -> backfill(cmd);
        default -> throw new UsageException("unknown action '" + args.get(0) + "'");
      };
    } catch (OozieClientException e) {
      throw new DmpException(
          "Oozie at " + url(cmd) + ": " + e.getErrorCode() + " " + e.getMessage());
    }
  }

  private int submit(CommandLine cmd) throws IOException, UsageException, OozieClientException {
    String id = client(cmd).run(config(cmd));
    out.println(id);
    return OK;
  }

  /** The days D1..D2 for the daily coordinator: its start and end, end exclusive. */
  static Properties backfillWindow(Properties config, RunDate from, RunDate to)
      throws UsageException {
    if (to.day().isBefore(from.day())) {
      throw new UsageException("--to " + to + " is before --from " + from);
    }
    Properties p = new Properties();
    p.putAll(config);
    p.setProperty("start", from + "T00:00Z");
    p.setProperty("end", to.day().plusDays(1) + "T00:00Z");
    return p;
  }

  private int backfill(CommandLine cmd) throws IOException, UsageException, OozieClientException {
    RunDate from = RunDate.parse(required(cmd, "from"));
    RunDate to = RunDate.parse(required(cmd, "to"));
    Properties p = backfillWindow(config(cmd), from, to);
    if (p.getProperty(OozieClient.COORDINATOR_APP_PATH) == null) {
      throw new UsageException(
          "--config must name the daily coordinator (" + OozieClient.COORDINATOR_APP_PATH + ")");
    }
    String id = client(cmd).run(p);
    out.printf("%s: %s .. %s%n", id, from, to);
    return OK;
  }

  private int status(CommandLine cmd, String id) throws OozieClientException, UsageException {
    OozieClient client = client(cmd);
    if (id.endsWith("-W")) {
      WorkflowJob job = client.getJobInfo(id);
      WorkflowJob.Status status = job.getStatus();
      out.printf("%s  %s  %s  %s%n", job.getId(), status, job.getAppName(), job.getAppPath());
      for (WorkflowAction a : job.getActions()) {
        out.printf(
            "  %-28s %-10s retries %d/%d%s%n",
            a.getName(),
            a.getStatus(),
            a.getUserRetryCount(),
            a.getUserRetryMax(),
            a.getErrorCode() == null ? "" : "  " + a.getErrorCode() + " " + a.getErrorMessage());
      }
      return isFailure(status.name()) ? FAILED : OK;
    }
    if (id.endsWith("-C")) {
      CoordinatorJob job = client.getCoordJobInfo(id);
      out.printf("%s  %s  %s%n", job.getId(), job.getStatus(), job.getAppName());
      for (CoordinatorAction a : job.getActions()) {
        out.printf(
            "  %4d  %s  %-10s %s%s%n",
            a.getActionNumber(),
            a.getNominalTime().toInstant(),
            a.getStatus(),
            a.getExternalId() == null ? "" : a.getExternalId(),
            a.getMissingDependencies() == null || a.getMissingDependencies().isEmpty()
                ? ""
                : "  waiting for " + a.getMissingDependencies());
      }
      return isFailure(job.getStatus().name()) ? FAILED : OK;
    }
    throw new UsageException("a workflow (-W) or coordinator (-C) job id, not '" + id + "'");
  }

  private int rerun(CommandLine cmd, String id) throws OozieClientException, UsageException {
    if (!cmd.hasOption("failed")) {
      throw new UsageException("rerun reruns what failed: add --failed");
    }
    OozieClient client = client(cmd);
    if (id.endsWith("-W")) {
      Properties p = client.createConfiguration();
      p.setProperty(OozieClient.APP_PATH, client.getJobInfo(id).getAppPath());
      p.setProperty(OozieClient.RERUN_FAIL_NODES, "true");
      client.reRun(id, p);
      out.println(id + ": failed nodes rerunning");
      return OK;
    }
    if (id.endsWith("-C")) {
      List<String> failed = new ArrayList<>();
      for (CoordinatorAction a : client.getCoordJobInfo(id).getActions()) {
        if (isFailure(a.getStatus().name())) {
          failed.add(Integer.toString(a.getActionNumber()));
        }
      }
      if (failed.isEmpty()) {
        out.println(id + ": no failed action");
        return OK;
      }
      client.reRunCoord(
          id,
          RestConstants.JOB_COORD_SCOPE_ACTION,
          String.join(",", failed),
          true,
          false,
          true,
          null);
      out.println(id + ": actions " + String.join(",", failed) + " rerunning");
      return OK;
    }
    throw new UsageException("a workflow (-W) or coordinator (-C) job id, not '" + id + "'");
  }

  private static boolean isFailure(String status) {
    return status.equals("FAILED") || status.equals("KILLED") || status.equals("TIMEDOUT");
  }

  private static String jobId(List<String> args) throws UsageException {
    if (args.size() != 2) {
      throw new UsageException(args.get(0) + " takes one job id");
    }
    return args.get(1);
  }

  private Properties config(CommandLine cmd) throws IOException, UsageException {
    File f = new File(required(cmd, "config"));
    if (!f.isFile()) {
      throw new UsageException("no such file: " + f);
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(f.toPath())) {
      p.load(in);
    }
    p.putIfAbsent(OozieClient.USER_NAME, System.getProperty("user.name"));
    return p;
  }

  private String url(CommandLine cmd) {
    String env = System.getenv("OOZIE_URL");
    return cmd.getOptionValue(
        "oozie", getConf().get(URL, env == null ? "http://localhost:11000/oozie" : env));
  }

  private OozieClient client(CommandLine cmd) {
    // SPNEGO on a Kerberos cluster (the ticket of the login, see Kerberos); the plain client
    // else, which also talks to a server without an authentication filter.
    OozieClient client =
        Kerberos.enabled(getConf())
            ? new AuthOozieClient(url(cmd), AuthOozieClient.AuthType.KERBEROS.name())
            : new OozieClient(url(cmd));
    // One attempt: an operator's command should answer at once. (0 trips a null check in the
    // 5.2.1 client's retry loop.)
    client.setRetryCount(1);
    return client;
  }
}
