package dev.dmp.mapreduce.audience;

import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;

/**
 * The lines of an export file, each keyed by the file's identifier type (its name: {@code
 * email.csv}). The record reader sees the file's own split, which a mapper behind {@code
 * MultipleInputs} does not.
 */
public class PreviousExportInputFormat extends FileInputFormat<Text, Text> {
  @Override
  public RecordReader<Text, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
    LineRecordReader lines = new LineRecordReader();
    Text type = new Text();
    return new RecordReader<>() {
      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) throws IOException {
        String name = ((FileSplit) s).getPath().getName();
        type.set(name.substring(0, name.length() - ".csv".length()));
        lines.initialize(s, c);
      }

      @Override
      public boolean nextKeyValue() throws IOException {
        return lines.nextKeyValue();
      }

      @Override
      public Text getCurrentKey() {
        return type;
      }

      @Override
      public Text getCurrentValue() {
        return lines.getCurrentValue();
      }

      @Override
      public float getProgress() throws IOException {
        return lines.getProgress();
      }

      @Override
      public void close() throws IOException {
        lines.close();
      }
    };
  }
}
