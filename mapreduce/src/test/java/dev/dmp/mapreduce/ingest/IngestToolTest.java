package dev.dmp.mapreduce.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.RawEvent;
import dev.dmp.avro.RawFormat;
import dev.dmp.avro.RawRecord;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.mapreduce.testing.SmallDisk;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest keeps every byte of bad input for clean to judge, and says clearly what it cannot do. */
class IngestToolTest {

  @TempDir Path dir;
  private Configuration conf;
  private CommandRunner commands;

  @BeforeEach
  void conf() {
    conf = CommandRunner.embedded(dir.resolve("base"));
    commands = new CommandRunner(conf);
  }

  private int ingest(String... args) throws Exception {
    return commands.run(new IngestTool(), args);
  }

  private List<RawRecord> raw() throws IOException {
    List<RawRecord> records = new ArrayList<>();
    Path day = dir.resolve("base/raw/dt=2026-11-20");
    List<Path> files;
    try (var s = Files.walk(day)) {
      files = s.filter(p -> p.toString().endsWith(".avro")).sorted().toList();
    }
    for (Path f : files) {
      try (DataFileReader<RawRecord> r =
          new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(RawRecord.class))) {
        r.forEach(records::add);
      }
    }
    return records;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static String body(RawRecord r) {
    return StandardCharsets.UTF_8.decode(r.getBody().duplicate()).toString();
  }

  @Test
  void everyNonBlankLineIsKeptByteForByteWithItsPosition() throws Exception {
    byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write("{\"event_id\":\"1\"}\r\n\n   \nnot json at all\n".getBytes(StandardCharsets.UTF_8));
    b.write(invalidUtf8);
    b.write("\n{\"last\":true}".getBytes(StandardCharsets.UTF_8)); // no final newline
    Path input = write("mixed.jsonl", b.toByteArray());

    assertThat(ingest("--date", "2026-11-20", "--feed", "web", input.toString())).isZero();

    List<RawRecord> records = raw();
    assertThat(records)
        .extracting(IngestToolTest::body)
        .containsExactly(
            "{\"event_id\":\"1\"}",
            "not json at all",
            new String(invalidUtf8, StandardCharsets.UTF_8),
            "{\"last\":true}");
    assertThat(records.get(2).getBody().remaining()).isEqualTo(invalidUtf8.length);
    assertThat(records).extracting(RawRecord::getOriginLine).containsExactly(1L, 4L, 5L, 6L);
    assertThat(records.get(1).getOriginOffset()).isEqualTo(23L); // 16 + CRLF, LF, 3 blanks + LF
    assertThat(records)
        .allSatisfy(
            r -> {
              assertThat(r.getFormat()).isEqualTo(RawFormat.JSON);
              assertThat(r.getFeed()).isEqualTo("web");
              assertThat(r.getOriginFile()).isEqualTo("mixed.jsonl");
            });
    assertThat(Files.exists(dir.resolve("base/raw/dt=2026-11-20/src=web/_SUCCESS"))).isTrue();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("base/raw"))))
        .isEqualTo("rwx------");
  }

  @Test
  void ingestingTheSameContentTwiceChangesNothing() throws Exception {
    Path a = write("a.jsonl", "{\"x\":1}\n{\"x\":2}\n".getBytes(StandardCharsets.UTF_8));
    Path renamedCopy = write("copy-of-a.jsonl", Files.readAllBytes(a));
    assertThat(ingest("--date", "2026-11-20", a.toString())).isZero();
    assertThat(
            ingest("--date", "2026-11-20", "--feed", "other", a.toString(), renamedCopy.toString()))
        .isZero();

    assertThat(raw()).hasSize(2);
    assertThat(commands.out()).contains("already ingested: " + a);
  }

  @Test
  void aGzipFileIsReadAndATruncatedOneKeepsWhatPrecedesTheBreak() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(gz)) {
      for (int i = 0; i < 2000; i++) {
        o.write(
            ("{\"event_id\":\"e" + i + "\",\"pad\":\"" + "p".repeat(i % 50) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] whole = gz.toByteArray();
    Path ok = write("whole.jsonl.gz", whole);
    Path truncated = write("truncated.gz", java.util.Arrays.copyOf(whole, whole.length / 2));

    assertThat(ingest("--date", "2026-11-20", ok.toString(), truncated.toString())).isZero();

    List<RawRecord> records = raw();
    List<RawRecord> fromTruncated =
        records.stream().filter(r -> r.getOriginFile().equals("truncated.gz")).toList();
    assertThat(records.stream().filter(r -> r.getOriginFile().equals("whole.jsonl.gz")))
        .hasSize(2000);
    RawRecord last = fromTruncated.get(fromTruncated.size() - 1);
    assertThat(last.getFormat()).isEqualTo(RawFormat.UNREADABLE);
    assertThat(last.getProblem()).contains("ends or breaks");
    assertThat(fromTruncated.subList(0, fromTruncated.size() - 1))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(body(r)).startsWith("{\"event_id\":\"e").endsWith("\"}"));
    assertThat(commands.err()).contains("truncated.gz").contains("ends or breaks");
  }

  @Test
  void binaryGarbageAndAHugeLineBecomeBoundedRecords() throws Exception {
    byte[] garbage = new byte[300_000];
    new Random(7).nextBytes(garbage);
    garbage[0] = 0x00; // not a gzip or Avro magic
    Path binary = write("garbage.bin", garbage);
    byte[] huge = new byte[10 << 20];
    java.util.Arrays.fill(huge, (byte) 'x');
    Path big = write("huge.jsonl", huge);
    conf.setInt(IngestTool.MAX_RECORD_BYTES, 1 << 20);

    assertThat(ingest("--date", "2026-11-20", binary.toString(), big.toString())).isZero();

    List<RawRecord> records = raw();
    long garbageLines =
        records.stream().filter(r -> r.getOriginFile().equals("garbage.bin")).count();
    assertThat(garbageLines).isGreaterThan(100);
    RawRecord hugeRecord =
        records.stream()
            .filter(r -> r.getOriginFile().equals("huge.jsonl"))
            .findFirst()
            .orElseThrow();
    assertThat(hugeRecord.getOriginalLength()).isEqualTo(10L << 20);
    assertThat(hugeRecord.getBody().remaining()).isEqualTo(1 << 20);
  }

  @Test
  void anEmptyFileIsNoRecordWithAWarning() throws Exception {
    Path empty = write("empty.jsonl", new byte[0]);
    assertThat(ingest("--date", "2026-11-20", empty.toString())).isZero();
    assertThat(raw()).isEmpty();
    assertThat(commands.err()).contains("empty.jsonl: no records (empty file)");
  }

  @Test
  void aCorruptAvroBlockBecomesOneUnreadableRecordAndTheOtherBlocksSurvive() throws Exception {
    File avro = dir.resolve("events.avro").toFile();
    List<Long> blockEnds = new ArrayList<>();
    try (DataFileWriter<RawEvent> w =
        new DataFileWriter<>(new SpecificDatumWriter<>(RawEvent.class))) {
      w.setCodec(CodecFactory.deflateCodec(6));
      w.create(RawEvent.getClassSchema(), avro);
      for (int block = 0; block < 3; block++) {
        for (int i = 0; i < 100; i++) {
          w.append(
              RawEvent.newBuilder()
                  .setEventId("b" + block + "-" + i)
                  .setSource("app")
                  .setIds(Map.of("device_id", "d" + i))
                  .build());
        }
        blockEnds.add(w.sync());
      }
    }
    try (RandomAccessFile f = new RandomAccessFile(avro, "rw")) {
      long middle = (blockEnds.get(0) + blockEnds.get(1)) / 2; // inside the second block's data
      f.seek(middle);
      f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }

    assertThat(ingest("--date", "2026-11-20", "--feed", "app", avro.getPath())).isZero();

    List<RawRecord> records = raw();
    List<String> ids =
        records.stream()
            .filter(r -> r.getFormat() == RawFormat.AVRO)
            .map(r -> r.getEvent().getEventId())
            .toList();
    // Blocks 0 and 2 whole; of block 1 only the records that decoded before the fault (deflate
    // output is sequential, so they are intact); no record invented, none twice.
    assertThat(ids).allMatch(id -> id.matches("b[0-2]-[0-9]+")).doesNotHaveDuplicates();
    assertThat(ids.stream().filter(id -> id.startsWith("b0-"))).hasSize(100);
    assertThat(ids.stream().filter(id -> id.startsWith("b2-"))).hasSize(100);
    assertThat(ids.stream().filter(id -> id.startsWith("b1-")).count()).isLessThan(100);
    RawRecord bad =
        records.stream()
            .filter(r -> r.getFormat() == RawFormat.UNREADABLE)
            .findFirst()
            .orElseThrow();
    assertThat(bad.getProblem()).startsWith("corrupt Avro block at byte " + blockEnds.get(0));
    assertThat(bad.getBody().remaining()).isEqualTo((int) (blockEnds.get(1) - blockEnds.get(0)));
    assertThat(commands.err()).contains("events.avro: corrupt Avro block");
  }

  @Test
  void anAvroFileOfAnotherSchemaIsAOneLineErrorNamingTheFile() throws Exception {
    File other = dir.resolve("other.avro").toFile();
    org.apache.avro.Schema schema =
        org.apache.avro.SchemaBuilder.record("Other").fields().requiredInt("event_id").endRecord();
    try (DataFileWriter<org.apache.avro.generic.GenericRecord> w =
        new DataFileWriter<>(new org.apache.avro.generic.GenericDatumWriter<>(schema))) {
      w.create(schema, other);
      w.append(new org.apache.avro.generic.GenericRecordBuilder(schema).set("event_id", 1).build());
    }
    assertThat(ingest("--date", "2026-11-20", other.getPath())).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err().strip())
        .startsWith("dmp ingest: other.avro: the Avro schema Other cannot be read")
        .doesNotContain("\n");
    assertThat(Files.exists(dir.resolve("base/raw/dt=2026-11-20")) ? raw() : List.of()).isEmpty();
  }

  @Test
  void aMissingInputIsAOneLineErrorAndABadDateAUsageError() throws Exception {
    assertThat(ingest("--date", "2026-11-20", dir.resolve("nope.jsonl").toString()))
        .isEqualTo(DmpTool.FAILED);
    assertThat(commands.err()).contains("dmp ingest: input").contains("nope.jsonl does not exist");

    commands.reset();
    assertThat(ingest("--date", "20/11/2026", dir.toString())).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err())
        .contains("--date '20/11/2026' is not a date of the form YYYY-MM-DD")
        .contains("usage: dmp ingest");

    commands.reset();
    assertThat(ingest("--date", "2026-11-20", "--hour", "24", dir.toString()))
        .isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("--hour '24'");
  }

  @Test
  void largeInputsGoThroughAMapReduceJobWithTheSameResult() throws Exception {
    Path a = write("a.jsonl", "{\"x\":1}\nbroken\n".getBytes(StandardCharsets.UTF_8));
    Path b = write("b.jsonl", "{\"x\":3}\n".getBytes(StandardCharsets.UTF_8));
    conf.setLong(IngestTool.MAPREDUCE_MIN_BYTES, 1);
    conf.set("mapreduce.framework.name", "local");

    assertThat(ingest("--date", "2026-11-20", "--hour", "7", a.toString(), b.toString())).isZero();
    assertThat(ingest("--date", "2026-11-20", "--hour", "7", a.toString())).isZero();

    assertThat(raw())
        .extracting(IngestToolTest::body)
        .containsExactlyInAnyOrder("{\"x\":1}", "broken", "{\"x\":3}");
    assertThat(Files.exists(dir.resolve("base/raw/dt=2026-11-20/hr=07/src=collector/_SUCCESS")))
        .isTrue();
    assertThat(commands.out()).contains("ingested 0 file(s), 1 already present");
  }

  @Test
  void anAvroFileWhoseHeaderIsCutIsOneUnreadableRecordNamingIt() throws Exception {
    byte[] header = {'O', 'b', 'j', 1, 4, 20, 'a', 'v', 'r', 'o'}; // magic, then the metadata cut
    Path cut = write("cut.avro", header);
    Path good = write("good.jsonl", "{\"x\":1}\n".getBytes(StandardCharsets.UTF_8));

    assertThat(ingest("--date", "2026-11-20", good.toString(), cut.toString()))
        .as(commands.err())
        .isZero();

    List<RawRecord> records = raw();
    assertThat(records).hasSize(2);
    RawRecord unreadable =
        records.stream().filter(r -> r.getFormat() == RawFormat.UNREADABLE).findFirst().get();
    assertThat(unreadable.getOriginFile()).isEqualTo("cut.avro");
    assertThat(unreadable.getProblem()).startsWith("not a readable Avro file");
    assertThat(unreadable.getBody().remaining()).isEqualTo(header.length);
    assertThat(commands.err()).contains("cut.avro: not a readable Avro file");
  }

  @Test
  void aFullDiskIsOneLineNamingTheFileAndLeavesNoTemporaryFile() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("small-disk"), "1m")) {
      Path small = disk.dir();
      conf.set("dmp.base.dir", small.resolve("base").toString());
      Random random = new Random(7);
      StringBuilder lines = new StringBuilder();
      while (lines.length() < 3 << 20) {
        lines.append("{\"pad\":\"").append(Long.toHexString(random.nextLong())).append("\"}\n");
      }
      Path first = write("first.jsonl", "{\"x\":1}\n".getBytes(StandardCharsets.UTF_8));
      Path big = write("big.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));

      assertThat(ingest("--date", "2026-11-20", first.toString(), big.toString()))
          .isEqualTo(DmpTool.FAILED);

      assertThat(commands.err().strip())
          .startsWith("dmp ingest: cannot ingest " + big.toUri().getPath().replaceAll("/$", ""))
          .contains("No space left on device")
          .doesNotContain("\n", "\tat ");
      Path partition = small.resolve("base/raw/dt=2026-11-20/src=collector");
      try (var files = Files.list(partition)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .noneMatch(n -> n.startsWith(".ingest-"))
            .doesNotContain("_SUCCESS");
      }

      // What landed before the disk filled up is not a whole feed: clean refuses it.
      commands.reset();
      assertThat(commands.run(new dev.dmp.mapreduce.clean.CleanJob(), "--date", "2026-11-20"))
          .isEqualTo(DmpTool.FAILED);
      assertThat(commands.err())
          .contains("small-disk/base/raw/dt=2026-11-20/src=collector is incomplete")
          .contains("its ingest did not finish");
    }
  }

  @Test
  void cleanRefusesAPartitionWhoseIngestDidNotFinish() throws Exception {
    Path a = write("a.jsonl", "{\"x\":1}\n".getBytes(StandardCharsets.UTF_8));
    assertThat(ingest("--date", "2026-11-20", "--feed", "web", a.toString())).isZero();
    // What an interrupted second ingest of the feed leaves: its files so far, and no flag.
    Files.delete(dir.resolve("base/raw/dt=2026-11-20/src=web/_SUCCESS"));

    commands.reset();
    assertThat(commands.run(new dev.dmp.mapreduce.clean.CleanJob(), "--date", "2026-11-20"))
        .isEqualTo(DmpTool.FAILED);
    assertThat(commands.err()).contains("src=web is incomplete").contains("run that ingest again");
    assertThat(dir.resolve("base/clean")).doesNotExist();

    commands.reset();
    assertThat(ingest("--date", "2026-11-20", "--feed", "web", a.toString())).isZero();
    assertThat(commands.run(new dev.dmp.mapreduce.clean.CleanJob(), "--date", "2026-11-20"))
        .as(commands.err())
        .isZero();
  }
}
