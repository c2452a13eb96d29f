package dev.dmp.hbase;

import dev.dmp.core.IdentifierNormalizer;

/**
 * The salt of a OneID's rows: two hex characters from the SHA-256 of the OneID, modulo the number
 * of buckets, so that people spread over the pre-split regions and a row key stays readable in the
 * shell ({@code 3f:p0a1b...}).
 */
public final class Salt {

  /** Buckets of salted tables; also the number of regions they are pre-split into. */
  public static final int DEFAULT_BUCKETS = 16;

  private Salt() {}

  public static String of(String oneId, int buckets) {
    if (buckets < 1 || buckets > 256) {
      throw new IllegalArgumentException("salt buckets must be 1..256, not " + buckets);
    }
    int first = Integer.parseInt(IdentifierNormalizer.sha256Hex(oneId).substring(0, 2), 16);
    return String.format("%02x", first % buckets);
  }

  /** The region boundaries of a table salted over {@code buckets}: "01:", "02:", ... */
  public static byte[][] splitKeys(int buckets) {
    byte[][] keys = new byte[buckets - 1][];
    for (int i = 1; i < buckets; i++) {
      keys[i - 1] = org.apache.hadoop.hbase.util.Bytes.toBytes(String.format("%02x:", i));
    }
    return keys;
  }
}
