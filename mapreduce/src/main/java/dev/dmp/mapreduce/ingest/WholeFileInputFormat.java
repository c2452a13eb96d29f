package dev.dmp.mapreduce.ingest;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * One split per file and one record per split: the file's path. Ingest reads whole files itself,
 * because gzip streams cannot be split and an Avro file must be checked block by block.
 */
public class WholeFileInputFormat extends FileInputFormat<Text, NullWritable> {

  @Override
  protected boolean isSplitable(JobContext context, Path filename) {
    return false;
  }

  @Override
  public RecordReader<Text, NullWritable> createRecordReader(
      InputSplit split, TaskAttemptContext context) {
    return new RecordReader<>() {
      private Text path;
      private boolean done;

      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) {
        path = new Text(((FileSplit) s).getPath().toString());
      }

      @Override
      public boolean nextKeyValue() {
        if (done) {
          return false;
        }
        done = true;
        return true;
      }

      @Override
      public Text getCurrentKey() {
        return path;
      }

      @Override
      public NullWritable getCurrentValue() {
        return NullWritable.get();
      }

      @Override
      public float getProgress() {
        return done ? 1f : 0f;
      }

      @Override
      public void close() throws IOException {}
    };
  }
}
