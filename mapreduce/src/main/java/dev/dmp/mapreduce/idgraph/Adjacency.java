package dev.dmp.mapreduce.idgraph;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.IdLink;
import dev.dmp.avro.IdNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The first identity-graph job: the graph state of the day. Every identifier seen with others is
 * sent each of them; yesterday's state is sent back in; the reducer keeps each identifier's
 * distinct neighbours and turns one with more than {@code max.degree} into a super-connector.
 */
public final class Adjacency {

  /** Sent in place of a neighbour: the identifier was already a super-connector. */
  static final String SUPER = "\u0000super";

  /** Sent alone: the identifier exists (an event may carry one identifier). */
  static final String PRESENT = "";

  private Adjacency() {}

  /** Sends each identifier of one event every other one, both ways. */
  static <K, V> void clique(
      Map<String, String> ids, Mapper<K, V, Text, Text>.Context context, Text key, Text value)
      throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(ids.size());
    ids.forEach((type, v) -> all.add(type + ":" + v));
    for (String a : all) {
      key.set(a);
      value.set(PRESENT);
      context.write(key, value);
      for (String b : all) {
        if (!a.equals(b)) {
          value.set(b);
          context.write(key, value);
        }
      }
    }
  }

  /** Identifiers of clean events. */
  public static class EventMapper extends Mapper<AvroKey<CleanEvent>, NullWritable, Text, Text> {
    private final Text key = new Text();
    private final Text value = new Text();

    @Override
    protected void map(AvroKey<CleanEvent> event, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      clique(event.datum().getIds(), context, key, value);
    }
  }

  /** Identifiers of opted-out events: they link the person, so erasure reaches all of them. */
  public static class LinkMapper extends Mapper<AvroKey<IdLink>, NullWritable, Text, Text> {
    private final Text key = new Text();
    private final Text value = new Text();

    @Override
    protected void map(AvroKey<IdLink> link, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      clique(link.datum().getIds(), context, key, value);
    }
  }

  /** Yesterday's state, sent back in so that today's edges add to it. */
  public static class StateMapper extends Mapper<AvroKey<IdNode>, NullWritable, Text, Text> {
    private final Text key = new Text();
    private final Text value = new Text();

    @Override
    protected void map(AvroKey<IdNode> node, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      IdNode n = node.datum();
      key.set(n.getId());
      value.set(n.getSuperConnector() ? SUPER : PRESENT);
      context.write(key, value);
      for (String neighbour : n.getNeighbours()) {
        value.set(neighbour);
        context.write(key, value);
      }
    }
  }

  /** One identifier's distinct neighbours, or a super-connector. */
  public static class NodeReducer extends Reducer<Text, Text, AvroKey<IdNode>, NullWritable> {
    private int maxDegree;
    private AvroMultipleOutputs outputs;
    private final AvroKey<IdNode> out = new AvroKey<>();

    @Override
    protected void setup(Context context) {
      maxDegree = IdGraphJob.maxDegree(context.getConfiguration());
      outputs = new AvroMultipleOutputs(context);
    }

    @Override
    protected void reduce(Text id, Iterable<Text> values, Context context)
        throws IOException, InterruptedException {
      TreeSet<String> neighbours = new TreeSet<>();
      boolean superConnector = false;
      int degree = 0;
      for (Text v : values) {
        String s = v.toString();
        if (s.equals(SUPER)) {
          superConnector = true;
        } else if (!s.isEmpty() && neighbours.size() <= maxDegree && neighbours.add(s)) {
          degree = neighbours.size();
        }
      }
      superConnector |= degree > maxDegree;
      IdNode node =
          IdNode.newBuilder()
              .setId(id.toString())
              .setNeighbours(superConnector ? List.of() : new ArrayList<>(neighbours))
              .setDegree(degree)
              .setSuperConnector(superConnector)
              .build();
      context.getCounter(IdGraphCounters.NODES).increment(1);
      out.datum(node);
      context.write(out, NullWritable.get());
      if (superConnector) {
        context.getCounter(IdGraphCounters.SUPER_CONNECTORS).increment(1);
        outputs.write(
            IdGraphJob.SUPER_OUTPUT, out, NullWritable.get(), IdGraphJob.SUPER_OUTPUT + "/part");
      } else {
        context.getCounter(IdGraphCounters.EDGES).increment(neighbours.size());
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      outputs.close();
    }
  }
}
