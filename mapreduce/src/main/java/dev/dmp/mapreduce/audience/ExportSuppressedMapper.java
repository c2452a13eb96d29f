package dev.dmp.mapreduce.audience;

import dev.dmp.avro.IdAssignment;
import java.io.IOException;
import java.util.Set;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.ByteWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/** The identifiers of the destination's types that the day's graph suppresses. */
public class ExportSuppressedMapper
    extends Mapper<AvroKey<IdAssignment>, NullWritable, Text, ByteWritable> {
  private Set<String> types;
  private final Text key = new Text();
  private final ByteWritable suppressed = new ByteWritable(AudienceExport.SUPPRESSED);

  @Override
  protected void setup(Context context) {
    types = Set.of(context.getConfiguration().getStrings(AudienceExport.TYPES));
  }

  @Override
  protected void map(AvroKey<IdAssignment> a, NullWritable ignored, Context context)
      throws IOException, InterruptedException {
    if (!a.datum().getSuppressed()) {
      return;
    }
    String id = a.datum().getId();
    int colon = id.indexOf(':');
    if (colon > 0 && types.contains(id.substring(0, colon))) {
      key.set(id.substring(0, colon) + "\t" + id.substring(colon + 1));
      context.write(key, suppressed);
    }
  }
}
