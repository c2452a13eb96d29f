package dev.dmp.hbase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.security.access.AccessControlClient;
import org.apache.hadoop.hbase.security.access.Permission;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Who may do what in the DMP's tables under HBase's {@code AccessController} (which grants per
 * namespace, table and column family, and refuses everything not granted):
 *
 * <ul>
 *   <li>the service principal that runs the chain: everything in namespace {@code dmp} (it creates,
 *       bulk-loads, writes hourly cells and erases);
 *   <li>the lookup role ({@link DmpClient}, {@code dmp lookup}, {@code dmp segment}): read on the
 *       id index, the profiles and the segments;
 *   <li>the analysts' group: read on {@code dmp:segment}, {@code dmp:report} and the profile
 *       families that hold no identifier (all but {@code i}), and nothing on {@code dmp:id_index}.
 * </ul>
 *
 * {@code dmp tables grant} applies the plan; {@code hbase/grant-tables.hbase} is the same for the
 * HBase shell (a test keeps the two in step).
 */
public final class TableGrants {

  /** One grant: to a user or {@code @group}, on a namespace, a table or one family of a table. */
  public record Grant(
      String who, String namespace, TableName table, byte[] family, String actions) {

    /** The grant as an HBase shell command, {@code who} as given (a name or a Ruby variable). */
    public String shell(String whoInShell) {
      String on =
          table == null
              ? "'@" + namespace + "'"
              : "'"
                  + table.getNameAsString()
                  + "'"
                  + (family == null ? "" : ", '" + Bytes.toString(family) + "'");
      return "grant " + whoInShell + ", '" + actions + "', " + on;
    }

    void apply(Connection connection) throws IOException {
      Permission.Action[] a = toActions(actions);
      try {
        if (table == null) {
          AccessControlClient.grant(connection, namespace, who, a);
        } else {
          AccessControlClient.grant(connection, table, who, family, null, a);
        }
      } catch (IOException e) {
        throw e;
      } catch (Throwable t) {
        throw new IOException("granting " + shell("'" + who + "'") + ": " + t.getMessage(), t);
      }
    }
  }

  private TableGrants() {}

  /**
   * The grants for a service principal's short name, the lookup role's user or group, and the
   * analysts' user or group ({@code @name} for a group).
   */
  public static List<Grant> plan(String service, String lookup, String analysts) {
    List<Grant> out = new ArrayList<>();
    out.add(new Grant(service, DmpTables.NAMESPACE, null, null, "RWXCA"));
    for (TableName t :
        List.of(
            DmpTables.IdIndex.NAME,
            DmpTables.Profile.NAME,
            DmpTables.Segment.NAME,
            DmpTables.Load.NAME)) {
      out.add(new Grant(lookup, null, t, null, "R"));
    }
    out.add(new Grant(analysts, null, DmpTables.Segment.NAME, null, "R"));
    out.add(new Grant(analysts, null, DmpTables.Report.NAME, null, "R"));
    out.add(new Grant(analysts, null, DmpTables.Load.NAME, null, "R"));
    for (byte[] family : DmpTables.Profile.FAMILIES) {
      if (!Bytes.equals(family, DmpTables.Profile.IDENTIFIERS)) {
        out.add(new Grant(analysts, null, DmpTables.Profile.NAME, family, "R"));
      }
    }
    return out;
  }

  /**
   * Applies {@code grants}; granting again what is granted changes nothing.
   *
   * @throws IOException also when the cluster does not authorize (no AccessController), saying so
   */
  public static void apply(Connection connection, List<Grant> grants) throws IOException {
    if (!AccessControlClient.isAuthorizationEnabled(connection)) {
      throw new IOException(
          "HBase does not check permissions on this cluster (no AccessController:"
              + " hbase.security.authorization=true and the coprocessor in hbase-site.xml);"
              + " there is nothing to grant");
    }
    for (Grant g : grants) {
      g.apply(connection);
    }
  }

  private static Permission.Action[] toActions(String letters) {
    Permission.Action[] out = new Permission.Action[letters.length()];
    for (int i = 0; i < letters.length(); i++) {
      char c = letters.charAt(i);
      out[i] =
          switch (c) {
            case 'R' -> Permission.Action.READ;
            case 'W' -> Permission.Action.WRITE;
            case 'X' -> Permission.Action.EXEC;
            case 'C' -> Permission.Action.CREATE;
            case 'A' -> Permission.Action.ADMIN;
            default -> throw new IllegalArgumentException("not an HBase permission: " + c);
          };
    }
    return out;
  }
}
