package dev.dmp.mapreduce.attribute;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.util.hash.MurmurHash;

/**
 * The composite key of the attribution join: an identifier (the natural key) and a tag that sorts
 * its assignment ({@link #ASSIGNMENT}) before its events ({@link #EVENT}). Partitioned and grouped
 * on the identifier alone, so one reduce call sees the assignment first and then streams the
 * events: no reducer holds a person's events in memory. Compared on the serialized bytes.
 */
public class IdTagKey implements WritableComparable<IdTagKey> {

  public static final byte ASSIGNMENT = 0;
  public static final byte EVENT = 1;

  private final Text id = new Text();
  private byte tag;

  public IdTagKey() {}

  public IdTagKey(String id, byte tag) {
    set(id, tag);
  }

  public void set(String id, byte tag) {
    this.id.set(id);
    this.tag = tag;
  }

  public Text id() {
    return id;
  }

  public byte tag() {
    return tag;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    id.write(out);
    out.writeByte(tag);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    id.readFields(in);
    tag = in.readByte();
  }

  @Override
  public int compareTo(IdTagKey o) {
    int c = id.compareTo(o.id);
    return c != 0 ? c : Byte.compare(tag, o.tag);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdTagKey k && id.equals(k.id) && tag == k.tag;
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + tag;
  }

  @Override
  public String toString() {
    return id + "#" + tag;
  }

  /** Length of the serialized identifier (vint length + bytes) at {@code start}. */
  private static int idLength(byte[] b, int start) throws IOException {
    int n = WritableComparator.readVInt(b, start);
    return WritableUtils.decodeVIntSize(b[start]) + n;
  }

  /** Sort order: identifier bytes, then tag. */
  public static class SortComparator extends WritableComparator {
    public SortComparator() {
      super(IdTagKey.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      try {
        int n1 = idLength(b1, s1);
        int n2 = idLength(b2, s2);
        int v1 = WritableUtils.decodeVIntSize(b1[s1]);
        int v2 = WritableUtils.decodeVIntSize(b2[s2]);
        int c = compareBytes(b1, s1 + v1, n1 - v1, b2, s2 + v2, n2 - v2);
        return c != 0 ? c : Byte.compare(b1[s1 + n1], b2[s2 + n2]);
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
    }
  }

  /** Grouping: the identifier only. */
  public static class GroupingComparator extends WritableComparator {
    public GroupingComparator() {
      super(IdTagKey.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      try {
        int v1 = WritableUtils.decodeVIntSize(b1[s1]);
        int v2 = WritableUtils.decodeVIntSize(b2[s2]);
        return compareBytes(b1, s1 + v1, idLength(b1, s1) - v1, b2, s2 + v2, idLength(b2, s2) - v2);
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public int compare(WritableComparable a, WritableComparable b) {
      return ((IdTagKey) a).id.compareTo(((IdTagKey) b).id);
    }
  }

  /** Partitions on the identifier only, so an assignment and its events meet. */
  public static class IdPartitioner<V> extends Partitioner<IdTagKey, V> {
    private static final MurmurHash HASH = (MurmurHash) MurmurHash.getInstance();

    @Override
    public int getPartition(IdTagKey key, V value, int numPartitions) {
      int h = HASH.hash(key.id.getBytes(), 0, key.id.getLength(), 0x5eed);
      return (h & Integer.MAX_VALUE) % numPartitions;
    }
  }

  static {
    WritableComparator.define(IdTagKey.class, new SortComparator());
  }
}
