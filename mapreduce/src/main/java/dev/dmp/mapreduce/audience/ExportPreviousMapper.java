package dev.dmp.mapreduce.audience;

import java.io.IOException;
import org.apache.hadoop.io.ByteWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/** The identifiers of the previous full export. */
public class ExportPreviousMapper extends Mapper<Text, Text, Text, ByteWritable> {
  private final Text key = new Text();
  private final ByteWritable previous = new ByteWritable(AudienceExport.PREVIOUS);

  @Override
  protected void map(Text type, Text line, Context context)
      throws IOException, InterruptedException {
    String value = line.toString().strip();
    if (AudienceExport.isValue(type.toString(), value)) { // the header is not
      key.set(type + "\t" + value);
      context.write(key, previous);
    }
  }
}
