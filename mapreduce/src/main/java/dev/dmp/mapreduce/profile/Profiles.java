package dev.dmp.mapreduce.profile;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.Profile;
import dev.dmp.avro.ProfileInput;
import dev.dmp.avro.SegmentSize;
import dev.dmp.avro.SuppressedId;
import dev.dmp.core.profile.ProfileBuilder;
import dev.dmp.core.profile.SegmentRules;
import dev.dmp.core.profile.Taxonomy;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.money.RatesFiles;
import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The mappers and the reducer of the profile stage. */
public final class Profiles {

  private Profiles() {}

  /** Retired OneIDs to their survivors, and the suppressed OneIDs, of the day's graph. */
  static final class People {
    final Map<String, String> survivorOf = new HashMap<>();
    final Set<String> suppressed = new HashSet<>();

    People(Configuration conf) throws IOException {
      Path graph = new Path(conf.get(ProfileJob.GRAPH_PATH));
      for (OneIdMerge m : AvroFiles.read(conf, DmpPaths.merges(graph), OneIdMerge.class)) {
        survivorOf.put(m.getRetired(), m.getSurvivor());
      }
      for (SuppressedId s : AvroFiles.read(conf, DmpPaths.suppressed(graph), SuppressedId.class)) {
        suppressed.add(s.getId());
      }
    }

    String resolve(String oneId) {
      return survivorOf.getOrDefault(oneId, oneId);
    }
  }

  /** Attributed events, keyed by their (live) OneID. */
  public static class EventMapper
      extends Mapper<AvroKey<AttributedEvent>, NullWritable, Text, AvroValue<ProfileInput>> {
    private People people;
    private final Text key = new Text();
    private final AvroValue<ProfileInput> value = new AvroValue<>();

    @Override
    protected void setup(Context context) throws IOException {
      people = new People(context.getConfiguration());
    }

    @Override
    protected void map(AvroKey<AttributedEvent> e, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      String oneId = people.resolve(e.datum().getOneId());
      if (people.suppressed.contains(oneId)) {
        context.getCounter(ProfileCounters.SUPPRESSED_EVENTS).increment(1);
        return;
      }
      context.getCounter(ProfileCounters.EVENTS).increment(1);
      key.set(oneId);
      value.datum(new ProfileInput(null, e.datum().getEvent()));
      context.write(key, value);
    }
  }

  /** Yesterday's profiles; those of retired OneIDs go to their survivor. */
  public static class SnapshotMapper
      extends Mapper<AvroKey<Profile>, NullWritable, Text, AvroValue<ProfileInput>> {
    private People people;
    private final Text key = new Text();
    private final AvroValue<ProfileInput> value = new AvroValue<>();

    @Override
    protected void setup(Context context) throws IOException {
      people = new People(context.getConfiguration());
    }

    @Override
    protected void map(AvroKey<Profile> p, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      String oneId = people.resolve(p.datum().getOneId());
      if (people.suppressed.contains(oneId)) {
        context.getCounter(ProfileCounters.SUPPRESSED_SNAPSHOTS).increment(1);
        return;
      }
      context.getCounter(ProfileCounters.SNAPSHOTS).increment(1);
      if (!oneId.equals(p.datum().getOneId())) {
        context.getCounter(ProfileCounters.MERGED_SNAPSHOTS).increment(1);
      }
      key.set(oneId);
      value.datum(new ProfileInput(p.datum(), null));
      context.write(key, value);
    }
  }

  /** Folds a person's snapshots and events into today's profile. */
  public static class ProfileReducer
      extends Reducer<Text, AvroValue<ProfileInput>, AvroKey<Profile>, NullWritable> {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileReducer.class);
    private LocalDate asOf;
    private Taxonomy taxonomy;
    private SegmentRules rules;
    private double halfLife;
    private String currency;
    private final AvroKey<Profile> out = new AvroKey<>();
    private final Map<String, Long> segmentSizes = new TreeMap<>();
    private AvroMultipleOutputs outputs;

    @Override
    protected void setup(Context context) {
      outputs = new AvroMultipleOutputs(context);
      Configuration conf = context.getConfiguration();
      asOf = LocalDate.parse(conf.get(ProfileJob.DATE));
      taxonomy = Taxonomy.parse(conf.get(ProfileJob.TAXONOMY_TEXT));
      rules = SegmentRules.parse(conf.get(ProfileJob.SEGMENTS_TEXT));
      halfLife = ProfileJob.halfLifeDays(conf);
      currency = RatesFiles.reportingCurrencyOfTask(conf);
    }

    @Override
    protected void reduce(Text oneId, Iterable<AvroValue<ProfileInput>> inputs, Context context)
        throws IOException, InterruptedException {
      ProfileBuilder b = new ProfileBuilder(oneId.toString(), asOf, taxonomy, halfLife, currency);
      for (AvroValue<ProfileInput> in : inputs) {
        if (in.datum().getProfile() != null) {
          b.add(in.datum().getProfile());
        } else {
          b.add(in.datum().getEvent());
        }
      }
      Profile p = b.build(rules);
      context.getCounter(ProfileCounters.PROFILES).increment(1);
      for (String segment : p.getSegments()) {
        segmentSizes.merge(segment, 1L, Long::sum);
      }
      out.datum(p);
      context.write(out, NullWritable.get());
    }

    /** The reducer's segment sizes, one record per segment: bounded, unlike a counter each. */
    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      for (Map.Entry<String, Long> e : rules.errors().entrySet()) {
        segmentSizes.putIfAbsent(e.getKey(), 0L);
        LOG.warn(
            "segment {}: the rule failed on {} profile(s), which stay out of it; the first: {}",
            e.getKey(),
            e.getValue(),
            rules.firstError(e.getKey()));
      }
      AvroKey<SegmentSize> size = new AvroKey<>();
      for (Map.Entry<String, Long> e : segmentSizes.entrySet()) {
        size.datum(
            new SegmentSize(e.getKey(), e.getValue(), rules.errors().getOrDefault(e.getKey(), 0L)));
        outputs.write(
            ProfileJob.SEGMENTS_OUTPUT,
            size,
            NullWritable.get(),
            ProfileJob.SEGMENTS_OUTPUT + "/part");
      }
      outputs.close();
    }
  }
}
