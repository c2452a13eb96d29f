package dev.dmp.mapreduce.clean;

import static dev.dmp.core.clean.Records.event;
import static dev.dmp.core.clean.Records.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.IdLink;
import dev.dmp.avro.RawRecord;
import dev.dmp.avro.RejectRecord;
import dev.dmp.core.RunDate;
import dev.dmp.core.clean.Records;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpSpecificData;
import dev.dmp.mapreduce.erasure.ForgetTool;
import dev.dmp.mapreduce.testing.MapDriver;
import dev.dmp.mapreduce.testing.MapReduceDriver;
import dev.dmp.mapreduce.testing.ReduceDriver;
import dev.dmp.mapreduce.testing.TaskResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clean mapper and reducer, through the harness with the job's real configuration. */
class CleanTasksTest {

  @TempDir static Path base;
  private static Configuration conf;

  @BeforeAll
  static void job() throws Exception {
    Configuration c = new Configuration();
    c.set("fs.defaultFS", "file:///");
    c.set(DmpPaths.BASE_DIR, base.toString());
    c.setBoolean(HBaseConnections.ENABLED, false);
    Files.createDirectories(base.resolve("raw"));
    assertThat(ToolRunner.run(c, new ForgetTool(), new String[] {"--id", "email:gone@example.com"}))
        .isZero();
    c.setInt(CleanJob.REDUCE_TASKS, 3);
    conf =
        CleanJob.configure(
                c,
                new RunDate(LocalDate.parse(Records.DAY)),
                new org.apache.hadoop.fs.Path(base.resolve("raw").toString()),
                new org.apache.hadoop.fs.Path(base.resolve("out").toString()))
            .getConfiguration();
  }

  private static AvroKey<RawRecord> key(RawRecord r) {
    return new AvroKey<>(r);
  }

  /** A raw record that breaks its own format's contract: Avro, without the event it carries. */
  private static RawRecord avroWithoutEvent(long line) {
    RawRecord r = json(new byte[0], "broken.avro", line, 1);
    r.setFormat(dev.dmp.avro.RawFormat.AVRO);
    return r;
  }

  @Test
  void aRecordWhoseCleaningThrowsIsQuarantinedAndTheTaskGoesOn() throws Exception {
    TaskResult<Text, BytesWritable> r =
        MapDriver.of(new CleanMapper(), conf)
            .withInput(key(avroWithoutEvent(3)), NullWritable.get())
            .withInput(key(json(event("e1", "{\"cookie\":\"c1\"}"))), NullWritable.get())
            .run();
    assertThat(r.keys()).extracting(Text::toString).containsExactly("e1");
    assertThat(r.counter(CleanCounters.READ)).isEqualTo(2);
    assertThat(r.counter(CleanCounters.REJECTED_BAD_VALUE)).isEqualTo(1);
    RejectRecord reject = r.namedOutput(CleanJob.REJECTS, RejectRecord.class).get(0);
    assertThat(reject.getReason()).isEqualTo("BAD_VALUE");
    assertThat(reject.getMessage()).startsWith("could not be processed: NullPointerException");
    assertThat(reject.getOriginFile()).isEqualTo("broken.avro");
    assertThat(reject.getOriginLine()).isEqualTo(3);
  }

  @Test
  void pastTheLimitOfUnprocessableRecordsTheTaskFailsWithOneLine() {
    Configuration strict = new Configuration(conf);
    strict.setInt(CleanJob.MAX_UNPROCESSABLE, 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                MapDriver.of(new CleanMapper(), strict)
                    .withInput(key(avroWithoutEvent(1)), NullWritable.get())
                    .withInput(key(avroWithoutEvent(2)), NullWritable.get())
                    .run())
        .isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith(
            "2 records of this task could not be processed, over dmp.clean.max.unprocessable = 1;"
                + " the first: broken.avro line 1 could not be processed: NullPointerException")
        .hasMessageNotContaining("\n");
  }

  @Test
  void theMapperQuarantinesRejectsWithTheirBytesAndKeysSurvivorsByEventId() throws Exception {
    byte[] broken = "{\"event_id\":".getBytes(StandardCharsets.UTF_8);
    TaskResult<Text, BytesWritable> r =
        MapDriver.of(new CleanMapper(), conf)
            .withInput(key(json(event("e1", "{\"cookie\":\"c1\"}"))), NullWritable.get())
            .withInput(key(json(broken, "bad.jsonl", 7, 1)), NullWritable.get())
            .withInput(
                key(json(event("e2", "{\"email\":\"Gone@Example.com\",\"cookie\":\"c2\"}"))),
                NullWritable.get())
            .run();

    assertThat(r.keys()).extracting(Text::toString).containsExactly("e1");
    assertThat(r.counter(CleanCounters.READ)).isEqualTo(3);
    assertThat(r.counter(CleanCounters.REJECTED_MALFORMED)).isEqualTo(1);
    assertThat(r.counter(CleanCounters.OPTED_OUT)).isEqualTo(1);
    assertThat(r.counter(SourceCounters.GROUP, "rejected/" + SourceCounters.UNKNOWN)).isEqualTo(1);
    assertThat(r.counter(SourceCounters.GROUP, "opted_out/web")).isEqualTo(1);

    RejectRecord reject = r.namedOutput(CleanJob.REJECTS, RejectRecord.class).get(0);
    assertThat(reject.getReason()).isEqualTo("MALFORMED");
    assertThat(reject.getOriginFile()).isEqualTo("bad.jsonl");
    assertThat(reject.getOriginLine()).isEqualTo(7);
    assertThat(StandardCharsets.UTF_8.decode(reject.getBody()).toString())
        .isEqualTo("{\"event_id\":");

    IdLink link = r.namedOutput(CleanJob.LINKS, IdLink.class).get(0);
    assertThat(link.getIds()).containsEntry("cookie", "c2").containsKey("email");
  }

  @Test
  void theReducerKeepsTheEarliestReceivedCopy() throws Exception {
    CleanEvent late = copy("e9", 2000L, "a.jsonl", 1);
    CleanEvent first = copy("e9", 1000L, "z.jsonl", 5);
    CleanEvent sameTimeLaterFile = copy("e9", 1000L, "zz.jsonl", 1);
    TaskResult<ByteBuffer, NullWritable> r =
        ReduceDriver.<Text, BytesWritable, ByteBuffer, NullWritable>of(DedupReducer::new, conf)
            .withInput(new Text("e9"), encoded(late), encoded(first), encoded(sameTimeLaterFile))
            .run();

    assertThat(r.outputs()).hasSize(1);
    CleanEvent kept = decoded(r.outputs().get(0).getKey());
    assertThat(kept.getOriginFile()).isEqualTo("z.jsonl");
    assertThat(kept.getReceivedAt()).isEqualTo(1000L);
    assertThat(r.counter(CleanCounters.CLEAN)).isEqualTo(1);
    assertThat(r.counter(CleanCounters.DUPLICATE)).isEqualTo(2);
  }

  @Test
  void anEventThatCameOnceIsWrittenAsTheMapEncodedItAndCountedWithItsSourceAndCurrency()
      throws Exception {
    CleanEvent unrated = copy("e7", 1000L, "a.jsonl", 3);
    unrated.setSource("crm");
    unrated.setRevenue(12.5);
    unrated.setCurrency("EUR");
    BytesWritable bytes = encoded(unrated);
    TaskResult<ByteBuffer, NullWritable> r =
        ReduceDriver.<Text, BytesWritable, ByteBuffer, NullWritable>of(DedupReducer::new, conf)
            .withInput(new Text("e7"), bytes)
            .run();

    assertThat(decoded(r.outputs().get(0).getKey())).isEqualTo(unrated);
    assertThat(r.counter(CleanCounters.CLEAN)).isEqualTo(1);
    assertThat(r.counter(SourceCounters.GROUP, "clean/crm")).isEqualTo(1);
    assertThat(r.counter(CleanJob.UNRATED, "EUR")).isEqualTo(1);
  }

  @Test
  void copiesMeetAcrossMapOutputAndEveryFateIsCountedOnce() throws Exception {
    MapReduceDriver.Result<ByteBuffer, NullWritable> r =
        MapReduceDriver
            .<AvroKey<RawRecord>, NullWritable, Text, BytesWritable, ByteBuffer, NullWritable>of(
                new CleanMapper(), DedupReducer::new, conf)
            .withInput(visit("a", "c1", "f1", 1, 5), NullWritable.get())
            .withInput(visit("b", "c2", "f1", 2, 5), NullWritable.get())
            .withInput(visit("a", "c1", "f2", 1, 9), NullWritable.get())
            .withInput(visit("c", "c3", "f2", 2, 9), NullWritable.get())
            .withInput(visit("a", "c1", "f2", 3, 9), NullWritable.get())
            .run();

    List<CleanEvent> kept = r.keys().stream().map(CleanTasksTest::decoded).toList();
    assertThat(kept).extracting(CleanEvent::getEventId).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(
            kept.stream().filter(e -> e.getEventId().equals("a")).findFirst().get().getOriginFile())
        .isEqualTo("f1");
    assertThat(r.counter(CleanCounters.READ)).isEqualTo(5);
    assertThat(r.counter(CleanCounters.CLEAN)).isEqualTo(3);
    assertThat(r.counter(CleanCounters.DUPLICATE)).isEqualTo(2);
    assertThat(r.counter(SourceCounters.GROUP, "duplicate/web")).isEqualTo(2);
  }

  private static BytesWritable encoded(CleanEvent e) {
    BytesWritable b = new BytesWritable();
    new EncodedEvents().encode(e, b);
    return b;
  }

  /** An output record: the Avro bytes of a clean event. */
  private static CleanEvent decoded(ByteBuffer avro) {
    try {
      return (CleanEvent)
          DmpSpecificData.get()
              .createDatumReader(CleanEvent.getClassSchema())
              .read(
                  null,
                  DecoderFactory.get()
                      .binaryDecoder(
                          avro.array(),
                          avro.arrayOffset() + avro.position(),
                          avro.remaining(),
                          null));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A web event {@code id} of cookie {@code cookie}, received at line {@code line} of a file. */
  private static AvroKey<RawRecord> visit(
      String id, String cookie, String file, long line, long receivedAt) {
    String body = event(id, "{\"cookie\":\"" + cookie + "\"}");
    return key(json(body.getBytes(StandardCharsets.UTF_8), file, line, receivedAt));
  }

  private static CleanEvent copy(String id, long receivedAt, String file, long line) {
    return CleanEvent.newBuilder()
        .setEventId(id)
        .setEventTime(1L)
        .setSource("web")
        .setEventType("click")
        .setIds(java.util.Map.of("cookie", "c"))
        .setReceivedAt(receivedAt)
        .setOriginFile(file)
        .setOriginLine(line)
        .build();
  }
}
