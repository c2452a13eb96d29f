package dev.dmp.mapreduce.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.profile.ProfileHFiles;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GenerateTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole day by plain {@code hadoop jar} (no {@code HADOOP_USE_CLIENT_CLASSLOADER}) on Hadoop
 * 3.3.6's own class path, whose Avro (1.7), Jackson (2.12) and commons-cli (1.2) are older than the
 * job jar's: forget, ingest of every feed, rates and {@code run} through profile, report and the
 * page, in Hadoop's local job runner on the local file system. Every fate equals the generator's
 * truth and the graph finds every planted person.
 */
class HadoopJar33IT {

  private static final String DAY = "2026-11-20";

  @TempDir Path dir;

  @Test
  void aWholeDayRunsByPlainHadoopJarOnHadoop33() throws Exception {
    Path in = dir.resolve("in");
    CommandRunner local = new CommandRunner(CommandRunner.embedded(dir.resolve("gen")));
    assertThat(
            local.run(
                new GenerateTool(),
                "--date",
                DAY,
                "--events",
                "3000",
                "--seed",
                "33",
                "--out",
                in.toString()))
        .as(local.err())
        .isZero();

    Configuration site = new Configuration(false);
    site.set("fs.defaultFS", "file:///");
    site.set("mapreduce.framework.name", "local");
    site.set(DmpPaths.BASE_DIR, dir.resolve("base").toString());
    site.setBoolean(HBaseConnections.ENABLED, false);
    site.set(
        ProfileJob.SEGMENTS_FILE,
        Path.of("..", "conf", "segments.properties").toAbsolutePath().toString());
    site.set(
        ProfileJob.TAXONOMY_FILE,
        Path.of("..", "conf", "taxonomy.properties").toAbsolutePath().toString());
    HadoopJar hadoop = new HadoopJar(site, dir.resolve("hadoop-jar"), HadoopJar.Hadoop.V3_3, false);

    hadoop.run("forget", "--file", in.resolve("_suppress.txt").toString());
    for (String feed : List.of("web", "app", "crm", "ads")) {
      hadoop.run("ingest", "--date", DAY, "--feed", feed, in.resolve(feed).toString());
    }
    hadoop.run("rates", "--date", DAY, "--load", in.resolve("_rates.csv").toString());
    String printed = hadoop.run("run", "--date", DAY);
    assertThat(printed).contains("run " + DAY + ": done");

    ObjectMapper json = new ObjectMapper();
    JsonNode truth = json.readTree(in.resolve("_truth.json").toFile());
    Path quality = dir.resolve("base").resolve("quality").resolve("dt=" + DAY);
    JsonNode clean = json.readTree(quality.resolve("clean.json").toFile());
    assertThat(clean.get("read").asLong()).isEqualTo(3000);
    for (String fate : List.of("clean", "duplicate", "bot", "opted_out")) {
      assertThat(clean.path(fate).asLong()).as(fate).isEqualTo(truth.at("/fates/" + fate).asLong());
    }
    assertThat(clean.get("rejected_total").asLong())
        .isEqualTo(truth.at("/fates/rejected").asLong());
    long people = Files.readAllLines(in.resolve("_components.jsonl")).size();
    assertThat(json.readTree(quality.resolve("idgraph.json").toFile()).get("components").asLong())
        .isEqualTo(people);
    JsonNode profile = json.readTree(quality.resolve("profile.json").toFile());
    assertThat(profile.get("profiles").asLong()).isPositive().isLessThanOrEqualTo(people);
    assertThat(profile.get("segments").size()).as("JEXL segments evaluated").isPositive();
    assertThat(dir.resolve("base").resolve("reports").resolve("html").resolve("dt=" + DAY))
        .isDirectoryContaining("glob:**/index.html");

    // The profile stage of a platform that serves from HBase writes dmp:profile's HFiles with
    // HBase's writer, whose metrics classes HBase ships in Hadoop's packages: they come from the
    // job jar, not from Hadoop's class path, which has none.
    hadoop.run("profile", "-D", HBaseConnections.ENABLED + "=true", "--date", DAY);
    Path hfiles = dir.resolve("base").resolve("profile-hfiles").resolve("dt=" + DAY);
    assertThat(hfiles.resolve(ProfileHFiles.INFO)).isRegularFile();
    assertThat(hfiles.resolve("p"))
        .isDirectoryContaining(f -> !f.getFileName().toString().startsWith("."));
  }
}
