package dev.dmp.mapreduce.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.avro.IdAssignment;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.run.RunTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.mapreduce.testing.DecodedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmp forget} reaches everything: after it, no file under the base directory but the
 * suppression list holds anything of the person, clear or hashed (every Avro file decoded, every
 * other file read), their records are gone from the raw zone and the quarantine too, everyone else
 * is untouched, the erasure is recorded without saying who, and rerunning the days does not bring
 * them back.
 */
class ErasureTest {

  private static final String DAY1 = "2026-11-20";
  private static final String DAY2 = "2026-11-21";
  private static final String EMAIL = "Erin.Erased@Example.CN";
  private static final String PHONE_DIGITS = "13912345678";

  @TempDir Path dir;

  private static String event(String id, String day, String type, String ids) {
    return "{\"event_id\":\""
        + id
        + "\",\"event_type\":\""
        + type
        + "\",\"event_time\":\""
        + day
        + "T10:00:00Z\",\"source\":\"web\",\"ids\":{"
        + ids
        + "},\"url\":\"https://shop.example.com/p/"
        + id
        + "\",\"ip\":\"203.0.113.7\"}\n";
  }

  private void day(CommandRunner commands, String day, String... lines) throws Exception {
    Path file = dir.resolve(day + ".jsonl");
    Files.writeString(file, String.join("", lines));
    assertThat(commands.run(new IngestTool(), "--date", day, file.toString()))
        .as(commands.err())
        .isZero();
    commands.conf().setFloat("dmp.gate.max.reject.rate", 0.5f);
    assertThat(commands.run(new RunTool(), "--date", day)).as(commands.err()).isZero();
  }

  @Test
  void forgetRemovesThePersonFromEveryFileAndARerunDoesNotBringThemBack() throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    day(
        commands,
        DAY1,
        event("e1", DAY1, "page_view", "\"cookie\":\"erin-c1\",\"email\":\"" + EMAIL + "\""),
        event("e2", DAY1, "purchase", "\"cookie\":\"erin-c1\",\"phone\":\"+86 139 1234 5678\""),
        event("e3", DAY1, "click", "\"cookie\":\"erin-c2\",\"email\":\" erin.erased@example.cn\""),
        event("b1", DAY1, "page_view", "\"cookie\":\"bob-c1\",\"email\":\"bob@example.com\""),
        event("b2", DAY1, "click", "\"cookie\":\"bob-c1\""),
        event("b3", DAY1, "click", "\"cookie\":\"bob-c2\",\"email\":\"bob@example.com\""),
        // Quarantined: broken JSON with her address; no event time, with her phone.
        "{\"event_id\":\"bad-1\",\"ids\":{\"email\":\"ERIN.ERASED@example.cn\"},\n",
        "{\"event_id\":\"bad-2\",\"event_type\":\"click\",\"source\":\"web\","
            + "\"ids\":{\"phone\":\"139-1234-5678\"}}\n",
        "{\"event_id\":\"bad-3\",\"event_type\":\"click\",\"source\":\"web\","
            + "\"ids\":{\"cookie\":\"bob-c1\"}}\n",
        // Her address only inside a URL, percent-encoded: a substring of the raw bytes.
        "{\"event_id\":\"bad-4\",\"event_type\":\"click\",\"source\":\"web\","
            + "\"url\":\"https://shop.example.cn/?to=erin.erased%40example.cn\"}\n");
    day(
        commands,
        DAY2,
        event("e4", DAY2, "page_view", "\"cookie\":\"erin-c2\""),
        event("b4", DAY2, "page_view", "\"cookie\":\"bob-c1\""));

    IdentifierNormalizer normalizer = IdentifierNormalizer.withDefaults();
    Set<String> hers = new TreeSet<>();
    for (String[] id :
        new String[][] {
          {"email", EMAIL},
          {"phone", "+86 139 1234 5678"},
          {"cookie", "erin-c1"},
          {"cookie", "erin-c2"}
        }) {
      String canonical =
          ((IdentifierNormalizer.Usable) normalizer.normalize(id[0], id[1])).id().toString();
      hers.add(canonical);
      hers.add(canonical.substring(canonical.indexOf(':') + 1));
    }
    DmpPaths paths = DmpPaths.of(commands.conf());
    for (IdAssignment a :
        AvroFiles.read(
            commands.conf(),
            DmpPaths.assignments(paths.graph(RunDate.parse(DAY2))),
            IdAssignment.class)) {
      if (hers.contains(a.getId().toString())) {
        hers.add(a.getOneId().toString());
      }
    }
    assertThat(hers).hasSize(9); // four identifiers, each with and without its type, one OneID
    assertThat(leaks(hers)).as("before forget").isNotEmpty();

    commands.reset();
    // As in `dmp forget`, where the embedded HBase has started: the JVM's shared local file
    // system then writes no checksum files, and the rewritten files must not keep stale ones.
    FileSystem shared = FileSystem.getLocal(commands.conf());
    shared.setWriteChecksum(false);
    try {
      assertThat(commands.run(new ForgetTool(), "--id", "email: ERIN.ERASED@EXAMPLE.CN "))
          .as(commands.err())
          .isZero();
    } finally {
      shared.setWriteChecksum(true);
    }

    assertThat(checksumErrors(commands.conf())).as("read by a new process").isEmpty();
    assertThat(leaks(hers)).isEmpty();
    assertThat(everything()).contains("bob-c1", "bob-c2");
    JsonNode record = erasureRecord();
    assertThat(record.toString()).doesNotContain("erin", "Erin", hers.iterator().next());
    assertThat(record.get("people").asInt()).isEqualTo(1);
    assertThat(record.get("identifiers_suppressed").asInt()).isEqualTo(4);
    Map<String, Long> removed =
        new ObjectMapper().convertValue(record.get("records_removed_by_dataset"), Map.class);
    assertThat(removed).containsKeys("raw", "rejects", "clean", "attributed", "graph", "profiles");
    assertThat(commands.out()).contains("purged ").contains("erasure recorded in ");

    for (String day : List.of(DAY1, DAY2)) {
      commands.reset();
      assertThat(commands.run(new RunTool(), "--date", day)).as(commands.err()).isZero();
    }
    assertThat(leaks(hers)).as("after rerunning both days").isEmpty();
    assertThat(everything()).contains("bob-c1");
  }

  /** What of {@code tokens} (and the clear e-mail and phone) the files still hold, by file. */
  private List<String> leaks(Set<String> tokens) throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : files()) {
      String text = text(f);
      String digits = text.replaceAll("[\\s().+-]", "");
      for (String t : tokens) {
        if (text.contains(t)) {
          found.add(f + ": " + t);
        }
      }
      if (text.toLowerCase().replace("%40", "@").contains(EMAIL.toLowerCase())) {
        found.add(f + ": the clear e-mail");
      }
      if (digits.contains(PHONE_DIGITS)) {
        found.add(f + ": the clear phone");
      }
    }
    return found;
  }

  /** The files that a reader verifying checksums (a new process's file system) cannot read. */
  private List<String> checksumErrors(Configuration conf) throws IOException {
    List<String> errors = new ArrayList<>();
    try (FileSystem fresh = FileSystem.newInstance(dir.toUri(), conf)) {
      fresh.setVerifyChecksum(true);
      for (Path f : files()) {
        if (f.getFileName().toString().endsWith(".crc")) {
          continue;
        }
        try (InputStream in = fresh.open(new org.apache.hadoop.fs.Path(f.toUri()))) {
          in.readAllBytes();
        } catch (ChecksumException e) {
          errors.add(f + ": " + e.getMessage());
        }
      }
    }
    return errors;
  }

  private String everything() throws IOException {
    StringBuilder b = new StringBuilder();
    for (Path f : files()) {
      b.append(text(f));
    }
    return b.toString();
  }

  /** Every file under the base but the suppression list, hidden ones included. */
  private List<Path> files() throws IOException {
    return DecodedFiles.under(dir.resolve("base"), dir.resolve("base/suppression"));
  }

  private static String text(Path f) throws IOException {
    return DecodedFiles.text(f);
  }

  private JsonNode erasureRecord() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("base/erasures"))) {
      Path f = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
      return new ObjectMapper().readTree(f.toFile());
    }
  }
}
