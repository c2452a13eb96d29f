package dev.dmp.mapreduce.profile;

import dev.dmp.avro.Profile;
import dev.dmp.avro.ProfileInput;
import dev.dmp.avro.SegmentSize;
import dev.dmp.core.profile.ProfileBuilder;
import dev.dmp.core.profile.SegmentRules;
import dev.dmp.core.profile.Taxonomy;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.money.RatesFiles;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds a person's snapshots and events into today's profile, and writes the person's {@code
 * dmp:profile} cells into the task's HFiles ({@link ProfileHFiles}) when the platform serves from
 * HBase: the key is the row key, and people come in the table's order.
 */
public class ProfileReducer
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
  private ProfileHFiles hfiles;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    outputs = new AvroMultipleOutputs(context);
    Configuration conf = context.getConfiguration();
    asOf = LocalDate.parse(conf.get(ProfileJob.DATE));
    taxonomy = Taxonomy.parse(conf.get(ProfileJob.TAXONOMY_TEXT));
    rules = SegmentRules.parse(conf.get(ProfileJob.SEGMENTS_TEXT));
    halfLife = ProfileJob.halfLifeDays(conf);
    currency = RatesFiles.reportingCurrencyOfTask(conf);
    if (HBaseConnections.enabled(conf)) {
      hfiles =
          new ProfileHFiles(
              conf,
              new Path(FileOutputFormat.getWorkOutputPath(context), ProfileHFiles.SUBDIR),
              asOf,
              context.getTaskAttemptID().toString());
    }
  }

  @Override
  protected void reduce(Text rowKey, Iterable<AvroValue<ProfileInput>> inputs, Context context)
      throws IOException, InterruptedException {
    String row = rowKey.toString();
    ProfileBuilder b =
        new ProfileBuilder(DmpTables.Profile.oneId(row), asOf, taxonomy, halfLife, currency);
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
    if (hfiles != null) {
      hfiles.write(row, p);
    }
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
    if (hfiles != null) {
      hfiles.close();
      context.getCounter(ProfileCounters.HFILE_CELLS).increment(hfiles.cells());
    }
  }
}
