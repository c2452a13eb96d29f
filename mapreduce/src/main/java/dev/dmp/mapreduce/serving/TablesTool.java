package dev.dmp.mapreduce.serving;

import dev.dmp.core.UsageException;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.TableCreator;
import dev.dmp.hbase.TableGrants;
import dev.dmp.mapreduce.common.DmpTool;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;

/**
 * {@code dmp tables create}: the namespace and the tables (hbase/create-tables.hbase does the same
 * from the HBase shell). Idempotent: existing tables are left as they are. Salt buckets and
 * compression come from {@value TableCreator#SALT_BUCKETS} and {@value TableCreator#COMPRESSION}.
 *
 * <p>{@code dmp tables grant}: on a cluster with HBase's AccessController, the grants of {@link
 * TableGrants} for the service user, the lookup role and the analysts (hbase/grant-tables.hbase for
 * the HBase shell). Run by an HBase superuser; granting again changes nothing.
 */
public class TablesTool extends DmpTool {

  public static final String NAME = "tables";

  public static void main(String[] args) throws Exception {
    main(new TablesTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "create | grant [--service USER] [--lookup USER|@GROUP] [--analysts USER|@GROUP]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("service")
                .hasArg()
                .argName("USER")
                .desc("grant: the user that runs the chain (default " + SERVICE + ")")
                .build())
        .addOption(
            Option.builder()
                .longOpt("lookup")
                .hasArg()
                .argName("WHO")
                .desc("grant: who looks people up (default " + LOOKUP + ")")
                .build())
        .addOption(
            Option.builder()
                .longOpt("analysts")
                .hasArg()
                .argName("WHO")
                .desc(
                    "grant: who reads segments, reports and attributes (default " + ANALYSTS + ")")
                .build());
  }

  private static final String SERVICE = "dmp";
  private static final String LOOKUP = "@dmp-lookup";
  private static final String ANALYSTS = "@analysts";

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    List<String> action = cmd.getArgList();
    if (action.equals(List.of("grant"))) {
      return grant(cmd);
    }
    if (!action.equals(List.of("create"))) {
      throw new UsageException("the actions are 'create' and 'grant'");
    }
    try (Connection c = HBaseConnections.connect(getConf());
        Admin admin = c.getAdmin()) {
      List<TableName> created = TableCreator.createAll(admin, getConf());
      for (TableName t : DmpTables.ALL) {
        out.println(
            t.getNameAsString()
                + (created.contains(t) ? "  created" : "  exists")
                + " ("
                + admin.getRegions(t).size()
                + " regions)");
      }
    }
    return OK;
  }

  private int grant(CommandLine cmd) throws Exception {
    List<TableGrants.Grant> grants =
        TableGrants.plan(
            cmd.getOptionValue("service", SERVICE),
            cmd.getOptionValue("lookup", LOOKUP),
            cmd.getOptionValue("analysts", ANALYSTS));
    int buckets;
    try (Connection c = HBaseConnections.connect(getConf());
        Admin admin = c.getAdmin()) {
      TableGrants.apply(c, grants);
      buckets = DmpTables.Profile.saltBuckets(admin.getDescriptor(DmpTables.Profile.NAME));
    }
    for (TableGrants.Grant g : grants) {
      out.println(g.shell(g.who()));
    }
    out.println(
        "read-only users cannot read the tables' attributes: give them "
            + TableCreator.SALT_BUCKETS
            + "="
            + buckets
            + " in their dmp-site.xml (the value the tables were created with)");
    return OK;
  }
}
