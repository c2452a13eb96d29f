package dev.dmp.mapreduce.attribute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.IdAssignment;
import dev.dmp.avro.IdNode;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.mapreduce.testing.MapDriver;
import dev.dmp.mapreduce.testing.ReduceDriver;
import dev.dmp.mapreduce.testing.TaskResult;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attribution join through the harness, with the job's partitioner and comparators. */
class AttributionTasksTest {

  @TempDir static Path dir;
  private static Configuration conf;

  @BeforeAll
  static void job() throws Exception {
    Path graph = dir.resolve("graph");
    Files.createDirectories(graph.resolve("assignments"));
    Files.createDirectories(graph.resolve("super"));
    try (DataFileWriter<IdNode> w = new DataFileWriter<>(new SpecificDatumWriter<>(IdNode.class))) {
      w.create(IdNode.getClassSchema(), graph.resolve("super/part-r-00000.avro").toFile());
      w.append(new IdNode("device_id:shop-tablet", List.of(), 51, true));
    }
    Files.createDirectories(dir.resolve("events"));
    Configuration c = CommandRunner.embedded(dir.resolve("base"));
    c.setInt(AttributeJob.REDUCE_TASKS, 3);
    conf =
        AttributeJob.configure(
                c,
                new org.apache.hadoop.fs.Path(dir.resolve("events").toUri()),
                new org.apache.hadoop.fs.Path(graph.toUri()),
                new org.apache.hadoop.fs.Path(dir.resolve("out").toUri()))
            .getConfiguration();
  }

  private static CleanEvent event(String id, Map<String, String> ids) {
    return CleanEvent.newBuilder()
        .setEventId(id)
        .setEventTime(1L)
        .setSource("web")
        .setEventType("click")
        .setIds(ids)
        .setReceivedAt(1L)
        .setOriginFile("f")
        .setOriginLine(1L)
        .build();
  }

  private static AttributedEvent decoded(ByteBuffer avro) {
    try {
      return new SpecificDatumReader<>(AttributedEvent.class)
          .read(
              null,
              DecoderFactory.get()
                  .binaryDecoder(
                      avro.array(), avro.arrayOffset() + avro.position(), avro.remaining(), null));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void eventsTakeTheOneIdOfTheirIdentifierAndSuppressedPeopleGetNothing() throws Exception {
    List<Map.Entry<IdTagKey, BytesWritable>> shuffled = new ArrayList<>();
    TaskResult<IdTagKey, BytesWritable> events =
        MapDriver.of(new AttributeEventMapper(), conf)
            .withInput(
                new AvroKey<>(event("e1", Map.of("cookie", "c1", "device_id", "shop-tablet"))),
                NullWritable.get())
            .withInput(new AvroKey<>(event("e2", Map.of("cookie", "c1"))), NullWritable.get())
            .withInput(new AvroKey<>(event("e3", Map.of("email", "h9"))), NullWritable.get())
            .withInput(
                new AvroKey<>(event("e4", Map.of("device_id", "shop-tablet"))), NullWritable.get())
            .withInput(
                new AvroKey<>(event("e5", Map.of("cookie", "unknown-to-the-graph"))),
                NullWritable.get())
            .run();
    // The assignments go in after the events: the sort, not the input order, puts them first.
    TaskResult<IdTagKey, BytesWritable> assignments =
        MapDriver.of(new AttributeAssignmentMapper(), conf)
            .withInput(
                new AvroKey<>(
                    new IdAssignment("cookie:c1", "P1", "2026-11-20", "cookie:c1", false)),
                NullWritable.get())
            .withInput(
                new AvroKey<>(new IdAssignment("email:h9", "P2", "2026-11-20", "email:h9", true)),
                NullWritable.get())
            .run();
    shuffled.addAll(events.outputs());
    shuffled.addAll(assignments.outputs());

    TaskResult<ByteBuffer, NullWritable> r =
        ReduceDriver.<IdTagKey, BytesWritable, ByteBuffer, NullWritable>of(
                AttributeJoinReducer::new, conf)
            .withPairs(shuffled)
            .run();
    // What the reducer writes is AttributedEvent's encoding, read back as one.
    List<AttributedEvent> written = r.keys().stream().map(AttributionTasksTest::decoded).toList();

    assertThat(written)
        .extracting(a -> a.getEvent().getEventId() + "=" + a.getOneId())
        .containsExactlyInAnyOrder("e1=P1", "e2=P1");
    // The shop's tablet is no one's identifier: it leaves e1 before e1 reaches a profile.
    assertThat(written)
        .filteredOn(a -> a.getEvent().getEventId().equals("e1"))
        .extracting(a -> a.getEvent().getIds())
        .containsExactly(Map.of("cookie", "c1"));
    assertThat(events.counter(AttributeCounters.SUPER_CONNECTOR_IDS)).isEqualTo(1);
    assertThat(events.counter(AttributeCounters.EVENTS)).isEqualTo(5);
    assertThat(events.counter(AttributeCounters.UNATTRIBUTED))
        .isEqualTo(1); // e4: only a super-connector
    assertThat(r.counter(AttributeCounters.SUPPRESSED)).isEqualTo(1); // e3
    assertThat(r.counter(AttributeCounters.UNATTRIBUTED)).isEqualTo(1); // e5
    assertThat(r.counter(AttributeCounters.ATTRIBUTED)).isEqualTo(2);
  }
}
