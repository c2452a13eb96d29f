package dev.dmp.mapreduce.audience;

import dev.dmp.avro.Profile;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.ByteWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/** The members' identifiers of the destination's types. */
public class ExportMemberMapper extends Mapper<AvroKey<Profile>, NullWritable, Text, ByteWritable> {
  private String segment;
  private List<String> types;
  private final Text key = new Text();
  private final ByteWritable member = new ByteWritable(AudienceExport.MEMBER);

  @Override
  protected void setup(Context context) {
    segment = context.getConfiguration().get(AudienceExport.SEGMENT);
    types = Arrays.asList(context.getConfiguration().getStrings(AudienceExport.TYPES));
  }

  @Override
  protected void map(AvroKey<Profile> p, NullWritable ignored, Context context)
      throws IOException, InterruptedException {
    Profile profile = p.datum();
    if (!profile.getSegments().contains(segment)) {
      return;
    }
    context.getCounter(AudienceExport.Counter.MEMBERS).increment(1);
    boolean any = false;
    for (String type : types) {
      List<String> values = profile.getIdentifiers().get(type);
      if (values != null) {
        for (String v : values) {
          key.set(type + "\t" + v);
          context.write(key, member);
          any = true;
        }
      }
    }
    if (!any) {
      context.getCounter(AudienceExport.Counter.MEMBERS_WITHOUT_IDENTIFIER).increment(1);
    }
  }
}
