package dev.dmp.mapreduce.serving;

import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.UsageException;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * {@code dmp tables create}: the namespace and the tables (hbase/create-tables.hbase does the same
 * from the HBase shell). Idempotent: existing tables are left as they are. Salt buckets and
 * compression come from {@value TableCreator#SALT_BUCKETS} and {@value TableCreator#COMPRESSION}.
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
    return "create";
  }

  @Override
  protected Options options() {
    return new Options();
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    if (!cmd.getArgList().equals(List.of("create"))) {
      throw new UsageException("the only action is 'create'");
    }
    try (Connection c =
            ConnectionFactory.createConnection(EmbeddedHBase.startIfEmbedded(getConf()));
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
}
