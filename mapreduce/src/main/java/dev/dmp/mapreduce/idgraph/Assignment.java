package dev.dmp.mapreduce.idgraph;

import dev.dmp.avro.ComponentMember;
import dev.dmp.avro.ComponentSet;
import dev.dmp.avro.IdAssignment;
import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.SuppressedId;
import dev.dmp.core.SuppressionList;
import dev.dmp.core.identity.OneIds;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpSpecificData;
import dev.dmp.mapreduce.common.SuppressionFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The two jobs after the components: a join by identifier of today's label with yesterday's
 * assignment, then a decision by component ({@link OneIds}) that writes every identifier's OneID
 * and the day's merges.
 */
public final class Assignment {

  private Assignment() {}

  /** Today's component label of each identifier. */
  public static class LabelMapper
      extends Mapper<AvroKey<ComponentSet>, NullWritable, Text, AvroValue<ComponentMember>> {
    private final Text key = new Text();
    private final AvroValue<ComponentMember> value = new AvroValue<>();

    @Override
    protected void map(AvroKey<ComponentSet> set, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      ComponentSet c = set.datum();
      key.set(c.getId());
      value.datum(new ComponentMember(c.getMembers().get(0), c.getId(), null));
      context.write(key, value);
    }
  }

  /** Yesterday's assignment of each identifier. */
  public static class PreviousMapper
      extends Mapper<AvroKey<IdAssignment>, NullWritable, Text, AvroValue<ComponentMember>> {
    private final Text key = new Text();
    private final AvroValue<ComponentMember> value = new AvroValue<>();

    @Override
    protected void map(AvroKey<IdAssignment> a, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      key.set(a.datum().getId());
      value.datum(new ComponentMember("", a.datum().getId(), a.datum()));
      context.write(key, value);
    }
  }

  /**
   * One identifier: its label with its previous assignment. An identifier without a label left the
   * graph (it became a super-connector) and is dropped.
   */
  public static class JoinReducer
      extends Reducer<Text, AvroValue<ComponentMember>, AvroKey<ComponentMember>, NullWritable> {
    private final AvroKey<ComponentMember> out = new AvroKey<>();

    @Override
    protected void reduce(Text id, Iterable<AvroValue<ComponentMember>> values, Context context)
        throws IOException, InterruptedException {
      String label = null;
      IdAssignment previous = null;
      for (AvroValue<ComponentMember> v : values) {
        ComponentMember m = v.datum();
        if (!m.getLabel().isEmpty()) {
          label = m.getLabel();
        }
        if (m.getPrevious() != null) {
          previous = DmpSpecificData.get().deepCopy(IdAssignment.getClassSchema(), m.getPrevious());
        }
      }
      if (label != null) {
        out.datum(new ComponentMember(label, id.toString(), previous));
        context.write(out, NullWritable.get());
      }
    }
  }

  /** Groups the identifiers of a component under its label. */
  public static class ComponentMapper
      extends Mapper<AvroKey<ComponentMember>, NullWritable, Text, AvroValue<ComponentMember>> {
    private final Text key = new Text();
    private final AvroValue<ComponentMember> value = new AvroValue<>();

    @Override
    protected void map(AvroKey<ComponentMember> m, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      key.set(m.datum().getLabel());
      value.datum(m.datum());
      context.write(key, value);
    }
  }

  /** Decides the component's OneID and writes it for every identifier. */
  public static class DecisionReducer
      extends Reducer<Text, AvroValue<ComponentMember>, AvroKey<IdAssignment>, NullWritable> {
    private String date;
    private SuppressionList suppression;
    private AvroMultipleOutputs outputs;
    private final AvroKey<IdAssignment> out = new AvroKey<>();
    private final AvroKey<OneIdMerge> merge = new AvroKey<>();
    private final AvroKey<SuppressedId> suppressedKey = new AvroKey<>();

    @Override
    protected void setup(Context context) throws IOException {
      date = context.getConfiguration().get(IdGraphJob.DATE);
      suppression =
          SuppressionFiles.read(
              context.getConfiguration(), DmpPaths.of(context.getConfiguration()).suppression());
      outputs = new AvroMultipleOutputs(context);
    }

    @Override
    protected void reduce(Text label, Iterable<AvroValue<ComponentMember>> values, Context context)
        throws IOException, InterruptedException {
      List<ComponentMember> members = new ArrayList<>();
      for (AvroValue<ComponentMember> v : values) {
        members.add(DmpSpecificData.get().deepCopy(ComponentMember.getClassSchema(), v.datum()));
      }
      OneIds.Decision d = OneIds.decide(label.toString(), date, members, suppression::contains);
      context.getCounter(IdGraphCounters.COMPONENTS).increment(1);
      context.getCounter(IdGraphCounters.NEW_ONEIDS).increment(d.isNew() ? 1 : 0);
      context.getCounter(IdGraphCounters.MERGED_ONEIDS).increment(d.retired().size());
      context.getCounter(IdGraphCounters.SUPPRESSED_COMPONENTS).increment(d.suppressed() ? 1 : 0);
      context.getCounter(IdGraphCounters.SPLIT_IDS).increment(d.splitIds());
      for (ComponentMember m : members) {
        out.datum(
            new IdAssignment(m.getId(), d.oneId(), d.issued(), label.toString(), d.suppressed()));
        context.write(out, NullWritable.get());
      }
      if (d.suppressed()) {
        suppressedKey.datum(new SuppressedId(d.oneId(), 0L));
        outputs.write(
            IdGraphJob.SUPPRESSED_OUTPUT,
            suppressedKey,
            NullWritable.get(),
            IdGraphJob.SUPPRESSED_OUTPUT + "/part");
        for (ComponentMember m : members) {
          suppressedKey.datum(new SuppressedId(m.getId(), 0L));
          outputs.write(
              IdGraphJob.SUPPRESSED_IDS_OUTPUT,
              suppressedKey,
              NullWritable.get(),
              IdGraphJob.SUPPRESSED_IDS_OUTPUT + "/part");
        }
      }
      for (String retired : d.retired()) {
        merge.datum(new OneIdMerge(retired, d.oneId(), date));
        outputs.write(
            IdGraphJob.MERGES_OUTPUT,
            merge,
            NullWritable.get(),
            IdGraphJob.MERGES_OUTPUT + "/part");
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      outputs.close();
    }
  }
}
