package dev.dmp.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

class RowKeysTest {

  @Test
  void saltIsStablePrintableAndSpreadsPeopleOverTheBuckets() {
    int[] load = new int[16];
    for (int i = 0; i < 32_000; i++) {
      String salt = Salt.of("p" + Integer.toHexString(i * 7919), 16);
      assertThat(salt).matches("0[0-9a-f]");
      load[Integer.parseInt(salt, 16)]++;
    }
    for (int l : load) {
      assertThat(l).isBetween(1_800, 2_200);
    }
    assertThat(Salt.of("p123", 16)).isEqualTo(Salt.of("p123", 16));
  }

  @Test
  void rowKeysReadInTheShellAndRoundTrip() {
    String row = DmpTables.Profile.rowKey("p0a1b2c", 16);
    assertThat(row).matches("0[0-9a-f]:p0a1b2c");
    assertThat(DmpTables.Profile.oneId(row)).isEqualTo("p0a1b2c");
    assertThat(DmpTables.IdIndex.rowKey("email", "ab12")).isEqualTo("email:ab12");
    assertThat(DmpTables.Segment.rowKey("big_spender", "p1", 16))
        .startsWith(DmpTables.Segment.prefix("big_spender"));
    assertThat(DmpTables.Report.rowKey("2026-11-20", "web", "click", "*"))
        .isEqualTo("2026-11-20:web:click:*");
  }

  @Test
  void splitKeysSortAndSeparateEveryBucketAndType() {
    byte[][] salt = Salt.splitKeys(16);
    assertThat(salt.length).isEqualTo(15);
    assertThat(Bytes.toString(salt[0])).isEqualTo("01:");
    byte[][] types = DmpTables.IdIndex.splitKeys();
    assertThat(types.length).isEqualTo(8); // nine built-in types, eight boundaries
    for (int i = 1; i < types.length; i++) {
      assertThat(Bytes.compareTo(types[i - 1], types[i])).isNegative();
    }
  }
}
