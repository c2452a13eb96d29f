package dev.dmp.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

/**
 * hbase/create-tables.hbase creates what {@link TableCreator} creates; hbase/grant-tables.hbase
 * grants what {@link TableGrants} grants.
 */
class HBaseShellScriptTest {

  @Test
  void theGrantScriptGrantsWhatTheToolGrants() throws Exception {
    List<String> grants =
        Files.readString(Path.of("grant-tables.hbase"))
            .lines()
            .filter(l -> l.startsWith("grant "))
            .toList();
    // The script names the three parties by Ruby variables of the same names.
    assertThat(grants)
        .containsExactlyElementsOf(
            TableGrants.plan("service", "lookup", "analysts").stream()
                .map(g -> g.shell(g.who()))
                .toList());
    assertThat(grants).noneMatch(g -> g.startsWith("grant analysts") && g.contains("id_index"));
  }

  private static final Pattern CREATE =
      Pattern.compile("(?m)^create '([^']+)',(.*?)(?=^create |\\z)", Pattern.DOTALL);
  private static final Pattern FAMILY = Pattern.compile("NAME => '([^']+)'");
  private static final Pattern SPLITS = Pattern.compile("SPLITS => \\[([^\\]]*)\\]");

  @Test
  void theShellScriptCreatesTheSameTablesFamiliesAndSplits() throws Exception {
    String script = Files.readString(Path.of("create-tables.hbase"));
    assertThat(script).contains("create_namespace '" + DmpTables.NAMESPACE + "'");
    Map<String, String> creates = new LinkedHashMap<>();
    Matcher m = CREATE.matcher(script);
    while (m.find()) {
      creates.put(m.group(1), m.group(2));
    }
    List<TableDescriptor> expected =
        TableCreator.descriptors(Salt.DEFAULT_BUCKETS, Compression.Algorithm.SNAPPY);
    assertThat(creates.keySet())
        .containsExactlyElementsOf(
            expected.stream().map(d -> d.getTableName().getNameAsString()).toList());
    for (TableDescriptor d : expected) {
      String body = creates.get(d.getTableName().getNameAsString());
      List<String> families = new ArrayList<>();
      Matcher f = FAMILY.matcher(body);
      while (f.find()) {
        families.add(f.group(1));
      }
      assertThat(families)
          .containsExactlyInAnyOrderElementsOf(
              d.getColumnFamilyNames().stream().map(Bytes::toString).toList());
      for (ColumnFamilyDescriptor c : d.getColumnFamilies()) {
        assertThat(body.replaceAll("\\s+", " ")).contains(shell(c));
      }
    }
    assertThat(splits(creates.get("dmp:profile"))).isEqualTo(strings(Salt.splitKeys(16)));
    assertThat(creates.get("dmp:profile"))
        .contains("'" + DmpTables.Profile.SALT_BUCKETS_ATTRIBUTE + "' => '16'");
    assertThat(splits(creates.get("dmp:id_index")))
        .isEqualTo(strings(DmpTables.IdIndex.splitKeys()));
  }

  /** A family as the script declares it, from its descriptor. */
  private static String shell(ColumnFamilyDescriptor c) {
    assertThat(c.getMaxVersions()).isEqualTo(1);
    return String.format(
        "{NAME => '%s', VERSIONS => 1, BLOOMFILTER => '%s', COMPRESSION => '%s',"
            + " DATA_BLOCK_ENCODING => '%s', BLOCKSIZE => %d%s}",
        c.getNameAsString(),
        c.getBloomFilterType(),
        c.getCompressionType(),
        c.getDataBlockEncoding(),
        c.getBlocksize(),
        c.getTimeToLive() == HConstants.FOREVER ? "" : ", TTL => " + c.getTimeToLive());
  }

  private static List<String> splits(String body) {
    Matcher s = SPLITS.matcher(body);
    assertThat(s.find()).isTrue();
    return Arrays.stream(s.group(1).split(","))
        .map(String::strip)
        .map(x -> x.substring(1, x.length() - 1))
        .toList();
  }

  private static List<String> strings(byte[][] keys) {
    return Arrays.stream(keys).map(Bytes::toString).toList();
  }
}
