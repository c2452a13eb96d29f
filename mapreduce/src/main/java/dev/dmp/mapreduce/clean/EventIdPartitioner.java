package dev.dmp.mapreduce.clean;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.util.hash.MurmurHash;

/**
 * Sends every copy of an event to the same reducer by its event_id. Murmur hash of the id's bytes
 * rather than {@code String.hashCode}: collectors mint ids with long common prefixes and sequential
 * suffixes, which a weak hash spreads unevenly.
 */
public class EventIdPartitioner<V> extends Partitioner<Text, V> {

  private static final MurmurHash HASH = (MurmurHash) MurmurHash.getInstance();

  @Override
  public int getPartition(Text eventId, V value, int numPartitions) {
    int h = HASH.hash(eventId.getBytes(), 0, eventId.getLength(), 0x5eed);
    return (h & Integer.MAX_VALUE) % numPartitions;
  }
}
