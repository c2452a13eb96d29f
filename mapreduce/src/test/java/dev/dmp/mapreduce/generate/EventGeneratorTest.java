package dev.dmp.mapreduce.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.core.clean.UserAgentClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
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
}
