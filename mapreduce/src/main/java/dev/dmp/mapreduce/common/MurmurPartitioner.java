package dev.dmp.mapreduce.common;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.util.hash.MurmurHash;

/**
 * Partitions on the bytes of a {@link Text} key with Murmur hash rather than {@code
 * String.hashCode}: identifiers and event ids share long prefixes ({@code cookie:ck_}, {@code
 * web-2a1f-}) that a weak hash spreads unevenly.
 */
public class MurmurPartitioner<V> extends Partitioner<Text, V> {

  private static final MurmurHash HASH = (MurmurHash) MurmurHash.getInstance();

  @Override
  public int getPartition(Text key, V value, int numPartitions) {
    int h = HASH.hash(key.getBytes(), 0, key.getLength(), 0x5eed);
    return (h & Integer.MAX_VALUE) % numPartitions;
  }
}
