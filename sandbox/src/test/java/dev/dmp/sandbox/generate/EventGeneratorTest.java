package dev.dmp.sandbox.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.avro.RawRecord;
import dev.dmp.core.clean.UserAgentClassifier;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.mapreduce.testing.DecodedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventGeneratorTest {

  @TempDir Path dir;

  private GroundTruth generate(Path out, long seed) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    return new EventGenerator(seed, LocalDate.parse("2026-11-20"), 5000)
        .write(fs, new org.apache.hadoop.fs.Path(out.toUri()));
  }

  @Test
  void theSameSeedWritesTheSameBytes() throws Exception {
    generate(dir.resolve("a"), 3);
    generate(dir.resolve("b"), 3);
    for (String f :
        List.of("web/part-00000.jsonl", "crm/part-00000.jsonl", "_truth.json", "_people.jsonl")) {
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(f)))
          .as(f)
          .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(f)));
    }
  }

  @Test
  void theTruthAddsUpAndPlantsEveryKindOfRecord() throws Exception {
    GroundTruth t = generate(dir.resolve("a"), 11);
    assertThat(t.records).isEqualTo(5000);
    assertThat(t.fates.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5000);
    assertThat(t.fates).allSatisfy((k, v) -> assertThat(v).as(k).isPositive());
    assertThat(t.bySource.values().stream().mapToLong(m -> m.get("read")).sum()).isEqualTo(5000);
    assertThat(t.sharedDevicePeople).isEqualTo(60);
    long people = Files.lines(dir.resolve("a/_people.jsonl")).count();
    assertThat(people).isEqualTo(t.people);
    JsonNode first =
        new ObjectMapper().readTree(Files.readAllLines(dir.resolve("a/_people.jsonl")).get(0));
    assertThat(first.get("ids").toString()).doesNotContain("@");
    assertThat(
            Files.readString(dir.resolve("a/_suppress.txt"))
                .lines()
                .filter(l -> !l.startsWith("#"))
                .count())
        .isEqualTo(t.suppressedPeople);
  }

  @Test
  void thePeoplesBrowsersAreNeverTakenForRobots() {
    UserAgentClassifier classifier = new UserAgentClassifier(100);
    assertThat(UserAgents.PEOPLE)
        .allSatisfy(ua -> assertThat(classifier.classify(ua).bot()).as(ua).isFalse());
  }

  @Test
  void aGeneratedDirectoryLandsItsEventsAndNotItsTruth() throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    Path out = dir.resolve("generated");
    assertThat(
            commands.run(
                new GenerateTool(), "--date", "2026-11-20", "--events", "300", "--out", "" + out))
        .as(commands.err())
        .isZero();
    long planted =
        new ObjectMapper().readTree(out.resolve("_truth.json").toFile()).get("records").asLong();

    assertThat(commands.run(new IngestTool(), "--date", "2026-11-20", out.toString()))
        .as(commands.err())
        .isZero();

    List<RawRecord> raw = new ArrayList<>();
    for (Path f : DecodedFiles.under(dir.resolve("base/raw/dt=2026-11-20"))) {
      if (f.toString().endsWith(".avro")) {
        try (DataFileReader<RawRecord> r =
            new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(RawRecord.class))) {
          r.forEach(raw::add);
        }
      }
    }
    assertThat(raw).hasSize((int) planted);
    assertThat(raw).extracting(RawRecord::getOriginFile).noneMatch(f -> f.startsWith("_"));
  }
}
