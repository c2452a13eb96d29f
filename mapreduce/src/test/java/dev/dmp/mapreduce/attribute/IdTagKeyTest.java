package dev.dmp.mapreduce.attribute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Random;
import org.apache.hadoop.io.DataOutputBuffer;
import org.junit.jupiter.api.Test;

/** The composite key's partitioner and comparators as pure functions. */
class IdTagKeyTest {

  private static byte[] bytes(IdTagKey k) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    k.write(out);
    return java.util.Arrays.copyOf(out.getData(), out.getLength());
  }

  private static int sort(IdTagKey a, IdTagKey b) throws IOException {
    byte[] x = bytes(a);
    byte[] y = bytes(b);
    return new IdTagKey.SortComparator().compare(x, 0, x.length, y, 0, y.length);
  }

  private static int group(IdTagKey a, IdTagKey b) throws IOException {
    byte[] x = bytes(a);
    byte[] y = bytes(b);
    return new IdTagKey.GroupingComparator().compare(x, 0, x.length, y, 0, y.length);
  }

  @Test
  void theAssignmentSortsBeforeTheEventsOfItsIdentifier() throws IOException {
    assertThat(
            sort(
                new IdTagKey("cookie:a", IdTagKey.ASSIGNMENT),
                new IdTagKey("cookie:a", IdTagKey.EVENT)))
        .isNegative();
    assertThat(
            sort(
                new IdTagKey("cookie:a", IdTagKey.EVENT),
                new IdTagKey("cookie:ab", IdTagKey.ASSIGNMENT)))
        .isNegative();
    assertThat(
            group(
                new IdTagKey("cookie:a", IdTagKey.ASSIGNMENT),
                new IdTagKey("cookie:a", IdTagKey.EVENT)))
        .isZero();
    assertThat(
            group(
                new IdTagKey("cookie:a", IdTagKey.EVENT),
                new IdTagKey("cookie:ab", IdTagKey.EVENT)))
        .isNegative();
  }

  @Test
  void rawComparisonAgreesWithObjectComparison() throws IOException {
    Random r = new Random(3);
    for (int i = 0; i < 5000; i++) {
      IdTagKey a = new IdTagKey(randomId(r), (byte) r.nextInt(2));
      IdTagKey b = new IdTagKey(randomId(r), (byte) r.nextInt(2));
      assertThat(Integer.signum(sort(a, b)))
          .as(a + " vs " + b)
          .isEqualTo(Integer.signum(a.compareTo(b)));
    }
  }

  @Test
  void thePartitionIgnoresTheTagStaysInRangeAndSpreads() {
    IdTagKey.IdPartitioner<Object> p = new IdTagKey.IdPartitioner<>();
    int[] load = new int[8];
    for (int i = 0; i < 80_000; i++) {
      String id = "cookie:ck_" + i;
      int a = p.getPartition(new IdTagKey(id, IdTagKey.ASSIGNMENT), null, 8);
      assertThat(p.getPartition(new IdTagKey(id, IdTagKey.EVENT), null, 8)).isEqualTo(a);
      load[a]++;
    }
    for (int l : load) {
      assertThat(l).isBetween(9_500, 10_500);
    }
  }

  private static String randomId(Random r) {
    StringBuilder b = new StringBuilder(r.nextBoolean() ? "email:" : "cookie:");
    for (int i = r.nextInt(4); i >= 0; i--) {
      b.append((char) ('a' + r.nextInt(3)));
    }
    if (r.nextInt(10) == 0) {
      b.append('\u00e9'); // a multi-byte character: compared as UTF-8 bytes, like Text
    }
    return b.toString();
  }
}
