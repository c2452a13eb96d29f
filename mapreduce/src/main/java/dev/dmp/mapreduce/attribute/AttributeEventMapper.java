package dev.dmp.mapreduce.attribute;

import dev.dmp.avro.CleanEvent;
import dev.dmp.core.identity.JoinIds;
import dev.dmp.mapreduce.idgraph.SuperConnectors;
import java.io.IOException;
import java.util.Set;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Clean events, keyed by their join identifier, as the bytes of their encoding ({@link
 * JoinValues}).
 */
public class AttributeEventMapper
    extends Mapper<AvroKey<CleanEvent>, NullWritable, IdTagKey, BytesWritable> {
  private Set<String> superConnectors;
  private final IdTagKey key = new IdTagKey();
  private final BytesWritable value = new BytesWritable();
  private final JoinValues values = new JoinValues();

  @Override
  protected void setup(Context context) throws IOException {
    Configuration conf = context.getConfiguration();
    superConnectors = SuperConnectors.load(conf, new Path(conf.get(AttributeJob.SUPER_PATH)));
  }

  @Override
  protected void map(AvroKey<CleanEvent> event, NullWritable ignored, Context context)
      throws IOException, InterruptedException {
    context.getCounter(AttributeCounters.EVENTS).increment(1);
    CleanEvent e = event.datum();
    String id = JoinIds.joinId(e.getIds(), superConnectors);
    if (id == null) {
      context.getCounter(AttributeCounters.UNATTRIBUTED).increment(1);
      return;
    }
    int shared = JoinIds.withoutSuperConnectors(e, superConnectors);
    context.getCounter(AttributeCounters.SUPER_CONNECTOR_IDS).increment(shared);
    key.set(id, IdTagKey.EVENT);
    values.event(e, value);
    context.write(key, value);
  }
}
