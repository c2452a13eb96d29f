package dev.dmp.mapreduce.audience;

import dev.dmp.core.SuppressionList;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.SuppressionFiles;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.ByteWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;

/** Full, added and removed, without anyone suppressed. */
public class ExportDeltaReducer extends Reducer<Text, ByteWritable, Text, NullWritable> {
  private MultipleOutputs<Text, NullWritable> outputs;
  private SuppressionList suppression;
  private final Text value = new Text();

  @Override
  protected void setup(Context context) throws IOException {
    outputs = new MultipleOutputs<>(context);
    Configuration conf = context.getConfiguration();
    suppression = SuppressionFiles.read(conf, DmpPaths.of(conf).suppression());
  }

  @Override
  protected void reduce(Text key, Iterable<ByteWritable> tags, Context context)
      throws IOException, InterruptedException {
    boolean member = false;
    boolean previous = false;
    boolean suppressed = false;
    for (ByteWritable t : tags) {
      member |= t.get() == AudienceExport.MEMBER;
      previous |= t.get() == AudienceExport.PREVIOUS;
      suppressed |= t.get() == AudienceExport.SUPPRESSED;
    }
    String k = key.toString();
    int tab = k.indexOf('\t');
    String type = k.substring(0, tab);
    value.set(k.substring(tab + 1));
    if (suppressed || suppression.contains(type + ":" + value)) {
      if (member || previous) {
        context.getCounter(AudienceExport.Counter.SUPPRESSED).increment(1);
      }
      return;
    }
    if (member) {
      write("full", type, context);
      if (!previous) {
        write("added", type, context);
      }
    } else if (previous) {
      write("removed", type, context);
    }
  }

  private void write(String kind, String type, Context context)
      throws IOException, InterruptedException {
    outputs.write(value, NullWritable.get(), kind + "/" + type);
    context.getCounter(AudienceExport.WRITTEN, kind + "/" + type).increment(1);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    outputs.close();
  }
}
