package dev.dmp.mapreduce.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.Profile;
import dev.dmp.avro.ProfileInput;
import dev.dmp.avro.ReportRow;
import dev.dmp.avro.SegmentSize;
import dev.dmp.avro.SuppressedId;
import dev.dmp.core.RunDate;
import dev.dmp.core.money.Amounts;
import dev.dmp.core.profile.ProfileBuilder;
import dev.dmp.core.profile.SegmentRules;
import dev.dmp.core.profile.Taxonomy;
import dev.dmp.mapreduce.report.Reports;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.mapreduce.testing.MapDriver;
import dev.dmp.mapreduce.testing.MapReduceDriver;
import dev.dmp.mapreduce.testing.ReduceDriver;
import dev.dmp.mapreduce.testing.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile and report mappers and reducers through the harness. */
class ProfileTasksTest {

  @TempDir static Path dir;
  private static Configuration conf;
  private static final RunDate DAY = new RunDate(java.time.LocalDate.parse("2026-11-21"));

  @BeforeAll
  static void graph() throws Exception {
    Path graph = dir.resolve("graph");
    Files.createDirectories(graph.resolve("merges"));
    Files.createDirectories(graph.resolve("suppressed"));
    try (DataFileWriter<OneIdMerge> w =
        new DataFileWriter<>(new SpecificDatumWriter<>(OneIdMerge.class))) {
      w.create(OneIdMerge.getClassSchema(), graph.resolve("merges/part-00000.avro").toFile());
      w.append(new OneIdMerge("P2", "P1", "2026-11-21"));
    }
    try (DataFileWriter<SuppressedId> w =
        new DataFileWriter<>(new SpecificDatumWriter<>(SuppressedId.class))) {
      w.create(
          SuppressedId.getClassSchema(), graph.resolve("suppressed/part-r-00000.avro").toFile());
      w.append(new SuppressedId("P9", 0L));
    }
    Configuration base = CommandRunner.embedded(dir.resolve("base"));
    Path rules = dir.resolve("segments.properties");
    // ratio holds no one on the sample figures (events = 0), and divides by zero on a person whose
    // every event is a click.
    Files.writeString(
        rules,
        "clicker = count.click >= 2\nratio = events > 0 && 1 / (events - count.click) > 0\n");
    base.set(ProfileJob.SEGMENTS_FILE, rules.toString());
    conf =
        ProfileJob.configure(
                base,
                DAY,
                new org.apache.hadoop.fs.Path(graph.toUri()),
                List.of(),
                null,
                new org.apache.hadoop.fs.Path(dir.resolve("out").toUri()))
            .getConfiguration();
  }

  private static CleanEvent click(String id, String campaign, Double revenue) {
    return CleanEvent.newBuilder()
        .setEventId(id)
        .setEventTime(1795226400000L)
        .setSource("web")
        .setEventType("click")
        .setIds(Map.of("cookie", "c" + id))
        .setCampaignId(campaign)
        .setRevenue(revenue)
        // As clean writes it: the amount as sent, and converted into the reporting currency.
        .setCurrency(revenue == null ? null : "CNY")
        .setRevenueConverted(revenue == null ? null : Amounts.cents(revenue))
        .setConvertedCurrency(revenue == null ? null : "CNY")
        .setReceivedAt(1L)
        .setOriginFile("f")
        .setOriginLine(1L)
        .build();
  }

  private static Profile yesterday(String oneId, long clicks) {
    ProfileBuilder b =
        new ProfileBuilder(oneId, DAY.day().minusDays(1), new Taxonomy(Map.of()), 14);
    for (int i = 0; i < clicks; i++) {
      b.add(click(oneId + "-old" + i, null, null));
    }
    return b.build(SegmentRules.parse(""));
  }

  @Test
  void
      snapshotsOfRetiredOneIdsMergeIntoTheSurvivorAndSuppressedPeopleVanish_andARuleThatThrowsIsCounted()
          throws Exception {
    TaskResult<Text, AvroValue<ProfileInput>> events =
        MapDriver.of(new ProfileEventMapper(), conf)
            .withInput(
                new AvroKey<>(new AttributedEvent("P1", click("1", null, null))),
                NullWritable.get())
            .withInput(
                new AvroKey<>(new AttributedEvent("P9", click("9", null, null))),
                NullWritable.get())
            .run();
    TaskResult<Text, AvroValue<ProfileInput>> snapshots =
        MapDriver.of(new ProfileSnapshotMapper(), conf)
            .withInput(new AvroKey<>(yesterday("P2", 1)), NullWritable.get())
            .withInput(new AvroKey<>(yesterday("P9", 3)), NullWritable.get())
            .run();
    List<Map.Entry<Text, AvroValue<ProfileInput>>> all = new ArrayList<>(events.outputs());
    all.addAll(snapshots.outputs());
    TaskResult<AvroKey<Profile>, NullWritable> profiles =
        ReduceDriver.<Text, AvroValue<ProfileInput>, AvroKey<Profile>, NullWritable>of(
                ProfileReducer::new, conf)
            .withPairs(all)
            .run();

    assertThat(profiles.keys()).hasSize(1);
    Profile p1 = profiles.keys().get(0).datum();
    assertThat(p1.getOneId()).isEqualTo("P1");
    assertThat(p1.getEvents()).containsEntry("click", 2L); // P2's click of yesterday + today's
    assertThat(p1.getSegments()).containsExactly("clicker");
    assertThat(snapshots.counter(ProfileCounters.MERGED_SNAPSHOTS)).isEqualTo(1);
    assertThat(snapshots.counter(ProfileCounters.SUPPRESSED_SNAPSHOTS)).isEqualTo(1);
    assertThat(events.counter(ProfileCounters.SUPPRESSED_EVENTS)).isEqualTo(1);
    // The profile is kept; the rule that divided by zero on it is counted, not thrown.
    assertThat(profiles.namedOutput(ProfileJob.SEGMENTS_OUTPUT, SegmentSize.class))
        .containsExactlyInAnyOrder(
            new SegmentSize("clicker", 1L, 0L), new SegmentSize("ratio", 0L, 1L));
  }

  @Test
  void reportRowsAggregateInTheMapperAndUnionInTheReducer() throws Exception {
    Job job = Job.getInstance(CommandRunner.embedded(dir.resolve("base")));
    job.setMapOutputKeyClass(Text.class);
    org.apache.avro.mapreduce.AvroJob.setMapOutputValueSchema(job, ReportRow.getClassSchema());
    org.apache.avro.mapreduce.AvroJob.setDataModelClass(
        job, dev.dmp.mapreduce.common.DmpSpecificData.class);
    job.getConfiguration().set("dmp.report.date", "2026-11-21");
    job.setNumReduceTasks(1);
    MapReduceDriver.Result<AvroKey<ReportRow>, NullWritable> r =
        MapReduceDriver
            .<AvroKey<AttributedEvent>, NullWritable, Text, AvroValue<ReportRow>,
                AvroKey<ReportRow>, NullWritable>
                of(new Reports.AggregateMapper(), Reports.MergeReducer::new, job.getConfiguration())
            .withInput(
                new AvroKey<>(new AttributedEvent("P1", click("1", "cmp-1", 10.0))),
                NullWritable.get())
            .withInput(
                new AvroKey<>(new AttributedEvent("P1", click("2", "cmp-2", null))),
                NullWritable.get())
            .withInput(
                new AvroKey<>(new AttributedEvent("P2", click("3", null, 5.5))), NullWritable.get())
            .run();
    Map<String, ReportRow> rows = new java.util.HashMap<>();
    r.keys().forEach(k -> rows.put(k.datum().getCampaign(), k.datum()));
    assertThat(rows).containsOnlyKeys("cmp-1", "cmp-2", "-", "*");
    assertThat(rows.get("*").getEvents()).isEqualTo(3);
    assertThat(rows.get("*").getRevenue()).isEqualTo(15.5);
    assertThat(rows.get("*").getPeople())
        .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-6)); // HLL: near exact when small
    assertThat(rows.get("*").getDate()).isEqualTo("2026-11-21");
    assertThat(r.counter(Reports.ReportCounters.EVENTS)).isEqualTo(3);
  }
}
