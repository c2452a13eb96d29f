package dev.dmp.mapreduce.load;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.KeyValueUtil;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * The cells of one row: the value of the load job's shuffle, which so moves and sorts a record per
 * row (a profile's ~26 cells in one) instead of one per cell.
 */
public class RowCells implements Writable {

  private final List<KeyValue> cells = new ArrayList<>();

  public void add(KeyValue kv) {
    cells.add(kv);
  }

  public void clear() {
    cells.clear();
  }

  public boolean isEmpty() {
    return cells.isEmpty();
  }

  /** The cells; each one a new object after every {@link #readFields}. */
  public List<KeyValue> cells() {
    return cells;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, cells.size());
    for (KeyValue kv : cells) {
      KeyValue.write(kv, out);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    cells.clear();
    int n = WritableUtils.readVInt(in);
    for (int i = 0; i < n; i++) {
      cells.add(KeyValueUtil.create(in));
    }
  }
}
