package dev.dmp.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.mapreduce.idgraph.ConnectedComponents;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's giant component on a short path: the stage runs in a JVM of its own with the
 * settings it is given, through the jobs' path, and finds one component holding every identifier.
 */
class GiantComponentTest {

  @TempDir Path dir;

  @Test
  void aPathIsOneComponentFoundByTheJobsInAHeapOfItsOwn() throws Exception {
    Configuration conf = CommandRunner.embedded(dir.resolve("base"));
    conf.set("hadoop.tmp.dir", dir.resolve("hadoop").toString());
    conf.setLong(ConnectedComponents.MEMORY_MAX_NODES, 0); // the rounds, as for a large graph
    Path work = dir.resolve("giant");

    Map<String, Object> g =
        GiantComponent.run(conf, new org.apache.hadoop.fs.Path(work.toUri()), 3_000, 7);

    assertThat(g).containsEntry("completed", true).containsEntry("heap_mb", 1024);
    assertThat(g).containsEntry("nodes", 3_000L).containsEntry("components", 1L);
    assertThat((Integer) g.get("rounds")).isBetween(2, IdGraphRounds.bound(2_999));
    assertThat(Files.exists(work)).isFalse();
    StringBuilder md = new StringBuilder();
    BenchTables.giant(md, g);
    assertThat(md.toString())
        .contains("a path of 3,000 identifiers")
        .contains(g.get("rounds") + " Hash-to-Min rounds, 1 component(s)")
        .endsWith("| met |\n");
  }
}
