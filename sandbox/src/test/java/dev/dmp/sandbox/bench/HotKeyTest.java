package dev.dmp.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.CleanEvent;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's hot key on a small day: the share is planted, the three stages run with the
 * reducers the figure needs, and every reduce task's time is read from the local runner's log.
 */
class HotKeyTest {

  @TempDir Path dir;

  @Test
  void theReduceTasksOfEveryKeyedJobAreTimed() throws Exception {
    Configuration conf = CommandRunner.embedded(dir.resolve("base"));
    conf.set("hadoop.tmp.dir", dir.resolve("hadoop").toString());
    RunDate day = new RunDate(LocalDate.now().minusDays(3));
    org.apache.hadoop.fs.Path clean =
        new org.apache.hadoop.fs.Path(DmpPaths.of(conf).clean(day), "part-r-00000.avro");
    try (OutputStream out = FileSystem.getLocal(conf).create(clean);
        DataFileWriter<CleanEvent> w =
            new DataFileWriter<>(new SpecificDatumWriter<>(CleanEvent.class))) {
      w.create(CleanEvent.getClassSchema(), out);
      for (int i = 0; i < 4_000; i++) {
        w.append(
            CleanEvent.newBuilder()
                .setEventId("e" + i)
                .setEventTime(day.startMillis() + i)
                .setSource("web")
                .setEventType("page_view")
                .setIds(Map.of("cookie", "c" + i % 700, "device", "d" + i % 500))
                .setReceivedAt(day.startMillis() + i)
                .setOriginFile("f")
                .setOriginLine(i + 1L)
                .build());
      }
    }

    Map<String, Object> hot =
        HotKey.run(conf, day, new org.apache.hadoop.fs.Path(dir.resolve("hot").toUri()));

    assertThat(hot).containsEntry("events", 4_000L).containsEntry("hot_events", 200L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) hot.get("jobs");
    assertThat(jobs)
        .extracting(j -> String.valueOf(j.get("job")))
        .anyMatch(n -> n.startsWith("dmp-idgraph-adjacency"))
        .anyMatch(n -> n.startsWith("dmp-attribute"))
        .anyMatch(n -> n.startsWith("dmp-profile"));
    for (Map<String, Object> j : jobs) {
      assertThat(j).containsEntry("reduce_tasks", HotKey.REDUCERS);
      assertThat(((Number) j.get("slowest_ms")).doubleValue())
          .isGreaterThanOrEqualTo(((Number) j.get("median_ms")).doubleValue());
    }
    assertThat((Double) hot.get("slowest_vs_median")).isGreaterThanOrEqualTo(1.0);
  }
}
