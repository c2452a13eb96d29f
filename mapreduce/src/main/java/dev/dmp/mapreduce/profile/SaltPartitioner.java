package dev.dmp.mapreduce.profile;

import dev.dmp.hbase.TableCreator;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * Partitions the profile job on the salt of its key, a {@code dmp:profile} row key ({@code
 * <salt>:<OneID>}): each salt bucket goes to a contiguous range of reducers, so that a reducer's
 * HFiles ({@link ProfileHFiles}) each fall in one region of the pre-split table. With fewer
 * reducers than buckets a reducer takes several whole buckets; with more, a bucket's people are
 * spread over its reducers by a hash of the key.
 */
public class SaltPartitioner<V> extends Partitioner<Text, V> implements Configurable {

  private Configuration conf;
  private int buckets;

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
    this.buckets = TableCreator.saltBuckets(conf);
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public int getPartition(Text rowKey, V value, int reducers) {
    byte[] b = rowKey.getBytes();
    int bucket = Character.digit(b[0], 16) * 16 + Character.digit(b[1], 16);
    long first = (long) bucket * reducers / buckets;
    long end = Math.max(first + 1, (long) (bucket + 1) * reducers / buckets);
    int width = (int) (end - first);
    if (width == 1) {
      return (int) first;
    }
    int h = WritableComparator.hashBytes(b, rowKey.getLength());
    return (int) first + (h & Integer.MAX_VALUE) % width;
  }
}
