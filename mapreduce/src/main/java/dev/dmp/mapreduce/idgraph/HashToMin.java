package dev.dmp.mapreduce.idgraph;

import dev.dmp.avro.CcMessage;
import dev.dmp.avro.ComponentSet;
import dev.dmp.avro.IdNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Connected components in a logarithmic number of rounds: Hash-to-Min (Rastogi et al., "Finding
 * Connected Components in Map-Reduce in Logarithmic Rounds", ICDE 2013). Each identifier v holds a
 * set C(v), at first itself and its neighbours. In a round, v sends C(v) to the smallest member m,
 * and {m} to every other member; the new C(u) is the union of what u received. The distance a label
 * travels doubles each round, so a path of diameter d converges in about log2(d) rounds, not d.
 * When no set changes, each component's smallest identifier (its label) is the smallest member of
 * every C(v).
 */
public final class HashToMin {

  private HashToMin() {}

  /** Round 0: C(v) = v and its neighbours, leaving out super-connectors, which join no one. */
  public static class InitMapper
      extends Mapper<AvroKey<IdNode>, NullWritable, AvroKey<ComponentSet>, NullWritable> {
    private Set<String> superConnectors;
    private final AvroKey<ComponentSet> out = new AvroKey<>();

    @Override
    protected void setup(Context context) throws IOException {
      Configuration conf = context.getConfiguration();
      superConnectors = SuperConnectors.load(conf, new Path(conf.get(IdGraphJob.SUPER_PATH)));
    }

    @Override
    protected void map(AvroKey<IdNode> node, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      IdNode n = node.datum();
      if (n.getSuperConnector()) {
        return;
      }
      TreeSet<String> members = new TreeSet<>();
      members.add(n.getId());
      for (String u : n.getNeighbours()) {
        if (!superConnectors.contains(u)) {
          members.add(u);
        }
      }
      out.datum(new ComponentSet(n.getId(), new ArrayList<>(members)));
      context.write(out, NullWritable.get());
    }
  }

  /** One round: C(v) to its minimum, the minimum to every other member, C(v) back to v. */
  public static class RoundMapper
      extends Mapper<AvroKey<ComponentSet>, NullWritable, Text, AvroValue<CcMessage>> {
    private final Text key = new Text();
    private final AvroValue<CcMessage> value = new AvroValue<>();

    @Override
    protected void map(AvroKey<ComponentSet> set, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      ComponentSet c = set.datum();
      List<String> members = c.getMembers();
      String min = members.get(0); // sorted
      key.set(c.getId());
      value.datum(new CcMessage(members, true));
      context.write(key, value);
      key.set(min);
      value.datum(new CcMessage(members, false));
      context.write(key, value);
      List<String> onlyMin = List.of(min);
      for (String u : members) {
        if (!u.equals(min)) {
          key.set(u);
          value.datum(new CcMessage(onlyMin, false));
          context.write(key, value);
        }
      }
    }
  }

  /** The union of what an identifier received; counts it as changed if it differs. */
  public static class RoundReducer
      extends Reducer<Text, AvroValue<CcMessage>, AvroKey<ComponentSet>, NullWritable> {
    private final AvroKey<ComponentSet> out = new AvroKey<>();

    @Override
    protected void reduce(Text id, Iterable<AvroValue<CcMessage>> messages, Context context)
        throws IOException, InterruptedException {
      TreeSet<String> union = new TreeSet<>();
      List<String> previous = null;
      for (AvroValue<CcMessage> m : messages) {
        if (m.datum().getPrevious()) {
          previous = new ArrayList<>(m.datum().getMembers());
        } else {
          union.addAll(m.datum().getMembers());
        }
      }
      List<String> members = new ArrayList<>(union);
      if (!members.equals(previous)) {
        context.getCounter(IdGraphCounters.CHANGED).increment(1);
      }
      out.datum(new ComponentSet(id.toString(), members));
      context.write(out, NullWritable.get());
    }
  }
}
