package dev.dmp.mapreduce.hbase;

import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.Salt;
import dev.dmp.hbase.TableCreator;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.UsageException;
import dev.dmp.mapreduce.load.LoadJob;
import java.io.IOException;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.io.compress.Compression;

/**
 * {@code dmp tables create}: the namespace and the tables (hbase/create-tables.hbase does the same
 * from the HBase shell). Idempotent: existing tables are left as they are. Salt buckets and
 * compression come from {@value LoadJob#SALT_BUCKETS} and {@value LoadJob#COMPRESSION}.
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
  protected String synopsis() {
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
    try (Connection c = ConnectionFactory.createConnection(EmbeddedHBase.configure(getConf()));
        Admin admin = c.getAdmin()) {
      List<TableName> created = createTables(admin, getConf());
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

  /** Creates the namespace and the missing tables as {@code conf} says; returns those created. */
  public static List<TableName> createTables(Admin admin, Configuration conf) throws IOException {
    return TableCreator.createAll(
        admin,
        conf.getInt(LoadJob.SALT_BUCKETS, Salt.DEFAULT_BUCKETS),
        Compression.getCompressionAlgorithmByName(
            conf.get(LoadJob.COMPRESSION, LoadJob.DEFAULT_COMPRESSION)));
  }
}
