package dev.dmp.mapreduce.attribute;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.AttributionValue;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.IdAssignment;
import dev.dmp.mapreduce.idgraph.SuperConnectors;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;

/** The mappers and the reducer of the attribution join. */
public final class Attribution {

  private Attribution() {}

  /**
   * The identifier an event is joined on: its smallest identifier (in {@code type:value} order)
   * that is not a super-connector. All of an event's other identifiers are in the same component,
   * so any of them gives the same person; null when every identifier is a super-connector.
   */
  static String joinId(Map<String, String> ids, Set<String> superConnectors) {
    String smallest = null;
    for (Map.Entry<String, String> e : ids.entrySet()) {
      String id = e.getKey() + ":" + e.getValue();
      if (!superConnectors.contains(id) && (smallest == null || id.compareTo(smallest) < 0)) {
        smallest = id;
      }
    }
    return smallest;
  }

  /**
   * Leaves the event's super-connectors out of its identifiers: a shared device belongs to no one,
   * so it must not reach anyone's profile (nor, through it, {@code dmp:id_index}). Returns how many
   * were left out.
   */
  static int withoutSuperConnectors(CleanEvent e, Set<String> superConnectors) {
    Map<String, String> kept = new HashMap<>();
    e.getIds()
        .forEach(
            (type, value) -> {
              if (!superConnectors.contains(type + ":" + value)) {
                kept.put(type, value);
              }
            });
    int left = e.getIds().size() - kept.size();
    if (left > 0) {
      e.setIds(kept);
    }
    return left;
  }

  /** Identifier assignments, tagged to come first. */
  public static class AssignmentMapper
      extends Mapper<AvroKey<IdAssignment>, NullWritable, IdTagKey, AvroValue<AttributionValue>> {
    private final IdTagKey key = new IdTagKey();
    private final AvroValue<AttributionValue> value = new AvroValue<>();

    @Override
    protected void map(AvroKey<IdAssignment> a, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      key.set(a.datum().getId(), IdTagKey.ASSIGNMENT);
      value.datum(new AttributionValue(a.datum(), null));
      context.write(key, value);
    }
  }

  /** Clean events, keyed by their join identifier. */
  public static class EventMapper
      extends Mapper<AvroKey<CleanEvent>, NullWritable, IdTagKey, AvroValue<AttributionValue>> {
    private Set<String> superConnectors;
    private final IdTagKey key = new IdTagKey();
    private final AvroValue<AttributionValue> value = new AvroValue<>();

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
      String id = joinId(e.getIds(), superConnectors);
      if (id == null) {
        context.getCounter(AttributeCounters.UNATTRIBUTED).increment(1);
        return;
      }
      int shared = withoutSuperConnectors(e, superConnectors);
      context.getCounter(AttributeCounters.SUPER_CONNECTOR_IDS).increment(shared);
      key.set(id, IdTagKey.EVENT);
      value.datum(new AttributionValue(null, e));
      context.write(key, value);
    }
  }

  /** The assignment arrives first; the events stream past it and take its OneID. */
  public static class JoinReducer
      extends Reducer<
          IdTagKey, AvroValue<AttributionValue>, AvroKey<AttributedEvent>, NullWritable> {
    private final AvroKey<AttributedEvent> out = new AvroKey<>();

    @Override
    protected void reduce(
        IdTagKey key, Iterable<AvroValue<AttributionValue>> values, Context context)
        throws IOException, InterruptedException {
      String oneId = null;
      boolean suppressed = false;
      for (AvroValue<AttributionValue> v : values) {
        IdAssignment a = v.datum().getAssignment();
        if (a != null) {
          oneId = a.getOneId();
          suppressed = a.getSuppressed();
          continue;
        }
        if (oneId == null) {
          context.getCounter(AttributeCounters.UNATTRIBUTED).increment(1);
        } else if (suppressed) {
          context.getCounter(AttributeCounters.SUPPRESSED).increment(1);
        } else {
          context.getCounter(AttributeCounters.ATTRIBUTED).increment(1);
          out.datum(new AttributedEvent(oneId, v.datum().getEvent()));
          context.write(out, NullWritable.get());
        }
      }
    }
  }
}
