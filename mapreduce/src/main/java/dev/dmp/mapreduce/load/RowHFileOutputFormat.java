package dev.dmp.mapreduce.load;

import dev.dmp.mapreduce.common.TaskHFileMetrics;
import java.io.IOException;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.io.ImmutableBytesWritable;
import org.apache.hadoop.hbase.mapreduce.MultiTableHFileOutputFormat;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * {@link MultiTableHFileOutputFormat} taking a row's sorted cells as one record. The reduce task
 * wraps every record it writes in a byte count that walks the file system statistics of every
 * thread that ever wrote to that file system (hundreds in a JVM with an embedded HBase), so one
 * write per row instead of per cell is what the load's reducers spend their time on otherwise.
 */
public class RowHFileOutputFormat extends OutputFormat<ImmutableBytesWritable, RowCells> {

  private final MultiTableHFileOutputFormat cells = new MultiTableHFileOutputFormat();

  @Override
  public RecordWriter<ImmutableBytesWritable, RowCells> getRecordWriter(TaskAttemptContext context)
      throws IOException, InterruptedException {
    TaskHFileMetrics.recordNothing();
    RecordWriter<ImmutableBytesWritable, Cell> writer = cells.getRecordWriter(context);
    return new RecordWriter<>() {
      @Override
      public void write(ImmutableBytesWritable row, RowCells sorted)
          throws IOException, InterruptedException {
        for (KeyValue kv : sorted.cells()) {
          writer.write(row, kv);
        }
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException, InterruptedException {
        writer.close(c);
      }
    };
  }

  @Override
  public void checkOutputSpecs(JobContext context) throws IOException, InterruptedException {
    cells.checkOutputSpecs(context);
  }

  @Override
  public OutputCommitter getOutputCommitter(TaskAttemptContext context)
      throws IOException, InterruptedException {
    return cells.getOutputCommitter(context);
  }
}
