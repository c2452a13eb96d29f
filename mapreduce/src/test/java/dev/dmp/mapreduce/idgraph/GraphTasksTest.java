package dev.dmp.mapreduce.idgraph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.CcMessage;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.ComponentMember;
import dev.dmp.avro.ComponentSet;
import dev.dmp.avro.IdAssignment;
import dev.dmp.avro.IdNode;
import dev.dmp.avro.OneIdMerge;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
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
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each identity-graph mapper and reducer through the harness, with its job's configuration. */
class GraphTasksTest {

  @TempDir static Path dir;
  private static Configuration base;
  private static final RunDate DAY = new RunDate(java.time.LocalDate.parse("2026-11-20"));

  @BeforeAll
  static void layout() throws Exception {
    base = CommandRunner.embedded(dir.resolve("base"));
    base.setInt(IdGraphJob.MAX_DEGREE, 3);
    base.setInt(IdGraphJob.REDUCE_TASKS, 2);
    Files.createDirectories(dir.resolve("base/clean/dt=2026-11-20"));
  }

  private static org.apache.hadoop.fs.Path p(String name) {
    return new org.apache.hadoop.fs.Path(dir.resolve(name).toUri());
  }

  private static AvroKey<CleanEvent> event(Map<String, String> ids) {
    return new AvroKey<>(
        CleanEvent.newBuilder()
            .setEventId("e")
            .setEventTime(1L)
            .setSource("web")
            .setEventType("click")
            .setIds(ids)
            .setReceivedAt(1L)
            .setOriginFile("f")
            .setOriginLine(1L)
            .build());
  }

  @Test
  void adjacencyLinksAnEventsIdentifiersAndGuardsAgainstSuperConnectors() throws Exception {
    Configuration conf =
        GraphJobs.configureAdjacency(base, DAY, DmpPaths.of(base), null, p("adj-out"))
            .getConfiguration();
    MapDriver<AvroKey<CleanEvent>, NullWritable, Text, Text> events =
        MapDriver.of(new Adjacency.EventMapper(), conf);
    events.withInput(event(Map.of("cookie", "a", "email", "h")), NullWritable.get());
    for (String c : List.of("c1", "c2", "c3", "c4")) {
      events.withInput(event(Map.of("device_id", "shop", "cookie", c)), NullWritable.get());
    }
    TaskResult<Text, Text> mapped = events.run();
    TaskResult<Text, Text> state =
        MapDriver.of(new Adjacency.StateMapper(), conf)
            .withInput(
                new AvroKey<>(new IdNode("email:h", List.of("phone:p"), 1, false)),
                NullWritable.get())
            .run();
    List<Map.Entry<Text, Text>> all = new ArrayList<>(mapped.outputs());
    all.addAll(state.outputs());

    TaskResult<AvroKey<IdNode>, NullWritable> nodes =
        ReduceDriver.<Text, Text, AvroKey<IdNode>, NullWritable>of(Adjacency.NodeReducer::new, conf)
            .withPairs(all)
            .run();

    Map<String, IdNode> byId = new java.util.HashMap<>();
    nodes.keys().forEach(k -> byId.put(k.datum().getId(), k.datum()));
    assertThat(byId.get("email:h").getNeighbours())
        .containsExactly("cookie:a", "phone:p"); // yesterday's edge kept
    assertThat(byId.get("device_id:shop").getSuperConnector())
        .isTrue(); // 4 neighbours > max.degree 3
    assertThat(byId.get("device_id:shop").getNeighbours()).isEmpty();
    assertThat(nodes.counter(IdGraphCounters.SUPER_CONNECTORS)).isEqualTo(1);
    assertThat(nodes.namedOutput(IdGraphJob.SUPER_OUTPUT, IdNode.class))
        .extracting(IdNode::getId)
        .containsExactly("device_id:shop");
  }

  @Test
  void aHashToMinRoundSendsSetsToTheMinimumAndCountsChanges() throws Exception {
    Configuration conf =
        ConnectedComponents.configureRound(base, p("cc-in"), p("cc-out"), 1).getConfiguration();
    MapReduceDriver.Result<AvroKey<ComponentSet>, NullWritable> r =
        MapReduceDriver
            .<AvroKey<ComponentSet>, NullWritable, Text, AvroValue<CcMessage>,
                AvroKey<ComponentSet>, NullWritable>
                of(new HashToMin.RoundMapper(), HashToMin.RoundReducer::new, conf)
            .withInput(new AvroKey<>(new ComponentSet("1", List.of("1", "2"))), NullWritable.get())
            .withInput(
                new AvroKey<>(new ComponentSet("2", List.of("1", "2", "3"))), NullWritable.get())
            .withInput(new AvroKey<>(new ComponentSet("3", List.of("2", "3"))), NullWritable.get())
            .run();
    Map<String, List<String>> sets = new java.util.HashMap<>();
    r.keys().forEach(k -> sets.put(k.datum().getId(), k.datum().getMembers()));
    // The first round of the example in Rastogi et al.: 1 learns of 3, 3 learns of 1.
    assertThat(sets)
        .containsEntry("1", List.of("1", "2", "3"))
        .containsEntry("2", List.of("1", "2", "3"))
        .containsEntry("3", List.of("1", "2"));
    assertThat(r.counter(IdGraphCounters.CHANGED)).isEqualTo(2); // 2 already knew {1,2,3}
  }

  @Test
  void theDecisionKeepsTheAnchorsOneIdAndRecordsMerges() throws Exception {
    Configuration join =
        GraphJobs.configureLabelJoin(base, p("cc"), p("prev"), p("members")).getConfiguration();
    TaskResult<Text, AvroValue<ComponentMember>> labels =
        MapDriver.of(new Assignment.LabelMapper(), join)
            .withInput(
                new AvroKey<>(new ComponentSet("cookie:a", List.of("cookie:a"))),
                NullWritable.get())
            .withInput(
                new AvroKey<>(new ComponentSet("email:h", List.of("cookie:a"))), NullWritable.get())
            .run();
    TaskResult<Text, AvroValue<ComponentMember>> previous =
        MapDriver.of(new Assignment.PreviousMapper(), join)
            .withInput(
                new AvroKey<>(new IdAssignment("cookie:a", "P2", "2026-11-19", "cookie:a", false)),
                NullWritable.get())
            .withInput(
                new AvroKey<>(new IdAssignment("email:h", "P1", "2026-11-18", "email:h", false)),
                NullWritable.get())
            .withInput(
                new AvroKey<>(
                    new IdAssignment(
                        "device_id:gone", "P3", "2026-11-18", "device_id:gone", false)),
                NullWritable.get())
            .run();
    List<Map.Entry<Text, AvroValue<ComponentMember>>> all = new ArrayList<>(labels.outputs());
    all.addAll(previous.outputs());
    TaskResult<AvroKey<ComponentMember>, NullWritable> members =
        ReduceDriver.<Text, AvroValue<ComponentMember>, AvroKey<ComponentMember>, NullWritable>of(
                Assignment.JoinReducer::new, join)
            .withPairs(all)
            .run();
    assertThat(members.keys())
        .extracting(k -> k.datum().getId())
        .containsExactlyInAnyOrder("cookie:a", "email:h");

    Configuration decide =
        GraphJobs.configureDecision(base, DAY, p("members"), p("assign")).getConfiguration();
    List<Map.Entry<Text, AvroValue<ComponentMember>>> byLabel = new ArrayList<>();
    for (var m : members.keys()) {
      byLabel.addAll(
          MapDriver.of(new Assignment.ComponentMapper(), decide)
              .withInput(m, NullWritable.get())
              .run()
              .outputs());
    }
    TaskResult<AvroKey<IdAssignment>, NullWritable> assigned =
        ReduceDriver.<Text, AvroValue<ComponentMember>, AvroKey<IdAssignment>, NullWritable>of(
                Assignment.DecisionReducer::new, decide)
            .withPairs(byLabel)
            .run();

    assertThat(assigned.keys())
        .extracting(
            k -> k.datum().getId() + "=" + k.datum().getOneId() + "@" + k.datum().getIssued())
        .containsExactlyInAnyOrder("cookie:a=P1@2026-11-18", "email:h=P1@2026-11-18");
    assertThat(assigned.namedOutput(IdGraphJob.MERGES_OUTPUT, OneIdMerge.class))
        .extracting(m -> m.getRetired() + ">" + m.getSurvivor())
        .containsExactly("P2>P1");
    assertThat(assigned.counter(IdGraphCounters.MERGED_ONEIDS)).isEqualTo(1);
  }
}
