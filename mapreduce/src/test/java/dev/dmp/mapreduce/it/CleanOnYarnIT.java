package dev.dmp.mapreduce.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.clean.ForgetTool;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.RunDate;
import dev.dmp.mapreduce.generate.GenerateTool;
import dev.dmp.mapreduce.ingest.IngestTool;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chain so far on a real HDFS and YARN, from the packaged job jar: ingest through its MapReduce
 * path and clean as a YARN job; the counts equal the generator's truth.
 */
@ExtendWith(MiniClusters.class)
class CleanOnYarnIT {

  @Test
  void ingestAndCleanOnYarnMatchTheTruth() throws Exception {
    Configuration conf = new Configuration(MiniClusters.get().conf());
    conf.set(DmpPaths.BASE_DIR, "/dmp-it");
    conf.setInt(CleanJob.REDUCE_TASKS, 2);
    FileSystem fs = MiniClusters.get().fs();
    Path input = new Path("/incoming/2026-11-20");

    run(
        conf,
        new GenerateTool(),
        "--date",
        "2026-11-20",
        "--events",
        "8000",
        "--seed",
        "99",
        "--out",
        input.toString());
    // The web feed through ingest's MapReduce path (a YARN job), the others written directly.
    Configuration viaYarn = new Configuration(conf);
    viaYarn.setLong(IngestTool.MAPREDUCE_MIN_BYTES, 1);
    run(
        viaYarn,
        new IngestTool(),
        "--date",
        "2026-11-20",
        "--feed",
        "web",
        new Path(input, "web").toString());
    for (String source : List.of("app", "crm", "ads")) {
      run(
          conf,
          new IngestTool(),
          "--date",
          "2026-11-20",
          "--feed",
          source,
          new Path(input, source).toString());
    }
    run(conf, new ForgetTool(), "--file", new Path(input, "suppress.txt").toString());
    CleanReport report = CleanJob.run(conf, RunDate.parse("2026-11-20"));

    JsonNode truth;
    try (InputStream in = fs.open(new Path(input, "truth.json"))) {
      truth = new ObjectMapper().readTree(in);
    }
    assertThat(report.read).isEqualTo(8000);
    assertThat(report.clean).isEqualTo(truth.at("/fates/clean").asLong());
    assertThat(report.rejectedTotal).isEqualTo(truth.at("/fates/rejected").asLong());
    assertThat(report.duplicate).isEqualTo(truth.at("/fates/duplicate").asLong());
    assertThat(report.bot).isEqualTo(truth.at("/fates/bot").asLong());
    assertThat(report.optedOut).isEqualTo(truth.at("/fates/opted_out").asLong());
    assertThat(fs.exists(new Path("/dmp-it/clean/dt=2026-11-20/_SUCCESS"))).isTrue();
    assertThat(
            fs.getFileStatus(new Path("/dmp-it/rejects/dt=2026-11-20")).getPermission().toString())
        .isEqualTo("rwx------");
    assertThat(fs.getFileStatus(new Path("/dmp-it/raw")).getPermission().toString())
        .isEqualTo("rwx------");
  }

  private static void run(Configuration conf, DmpTool tool, String... args) throws Exception {
    assertThat(ToolRunner.run(conf, tool, args)).as("dmp " + tool.name()).isZero();
  }
}
