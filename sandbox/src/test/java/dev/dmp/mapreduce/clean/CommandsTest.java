package dev.dmp.mapreduce.clean;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.SuppressionList;
import dev.dmp.mapreduce.Driver;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.SuppressionFiles;
import dev.dmp.mapreduce.erasure.ForgetTool;
import dev.dmp.mapreduce.gate.QualityTool;
import dev.dmp.mapreduce.serving.LookupTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.mapreduce.testing.SmallDisk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableNotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit statuses and one-line messages of the commands. */
class CommandsTest {

  @TempDir Path dir;
  private Configuration conf;
  private CommandRunner commands;

  @BeforeEach
  void conf() {
    conf = CommandRunner.embedded(dir);
    commands = new CommandRunner(conf);
  }

  private int run(DmpTool tool, String... args) throws Exception {
    return commands.run(tool, args);
  }

  @Test
  void forgetStoresOnlyTheHashAndEchoesNoClearValue() throws Exception {
    assertThat(
            run(
                new ForgetTool(),
                "--id",
                "email: Alice@Example.com",
                "--id",
                "phone:+86 138 0013 8000"))
        .isZero();
    // Counts only: not even the hashes, which are the person's identifiers in the datasets.
    String printed = commands.out();
    assertThat(printed)
        .contains("2 identifier(s) added to ")
        .doesNotContain("Alice", "138 0013")
        .doesNotContain(IdentifierNormalizer.sha256Hex("alice@example.com"))
        .doesNotContain(IdentifierNormalizer.sha256Hex("+8613800138000"));
    SuppressionList list = SuppressionFiles.read(conf, DmpPaths.of(conf).suppression());
    assertThat(list.size()).isEqualTo(2);
    assertThat(list.contains("email:" + IdentifierNormalizer.sha256Hex("alice@example.com")))
        .isTrue();
    try (var files = Files.list(dir.resolve("suppression"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
          .singleElement()
          .asString()
          .startsWith("forget-")
          .endsWith(".avro");
    }
  }

  @Test
  void onAFullDiskLookupAndForgetSayWhyInOneLine() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("small-disk"), "2m")) {
      conf.set(DmpPaths.BASE_DIR, disk.dir().resolve("base").toString());
      CommandRunner.embeddedHBase(conf, disk.dir().resolve("hbase"));
      Files.createDirectories(disk.dir().resolve("hbase"));
      disk.fill();
      assertThat(run(new LookupTool(), "--id", "cookie:abc")).isEqualTo(DmpTool.FAILED);
      assertThat(commands.err().strip())
          .startsWith("dmp lookup: only ")
          .contains("KiB are free for the embedded HBase in ")
          .doesNotContain("\n");
      commands.reset();
      // The erasure's pending record is its first write: it fails there, having changed nothing.
      assertThat(run(new ForgetTool(), "--id", "cookie:abc")).isEqualTo(DmpTool.FAILED);
      assertThat(commands.err().strip())
          .isEqualTo("dmp forget: No space left on device")
          .doesNotContain("\n");
      assertThat(disk.dir().resolve("base/suppression")).doesNotExist();
    }
  }

  @Test
  void forgetRefusesWhatIdentifiesNoOneWithoutEchoingIt() throws Exception {
    assertThat(run(new ForgetTool(), "--id", "email:not-an-address")).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err())
        .contains("identifier 1 (email): not a valid email")
        .doesNotContain("not-an-address");
    commands.reset();
    assertThat(run(new ForgetTool(), "--id", "shoe_size:42")).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("unknown type 'shoe_size'");
    commands.reset();
    assertThat(run(new ForgetTool())).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("give --id or --file").contains("usage: dmp forget");
    assertThat(Files.exists(dir.resolve("suppression"))).isFalse();
  }

  @Test
  void cleanWithoutRawDataAndQualityWithoutAReportNameTheStepToRunFirst() throws Exception {
    assertThat(run(new CleanJob(), "--date", "2026-11-20")).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err().strip())
        .startsWith("dmp clean: no raw data for 2026-11-20")
        .endsWith(": run ingest first");
    commands.reset();
    assertThat(run(new QualityTool(), "--date", "2026-11-20")).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err())
        .contains("no quality report for 2026-11-20")
        .contains("run clean first");
    commands.reset();
    assertThat(run(new CleanJob(), "--date", "tomorrow")).isEqualTo(DmpTool.USAGE);
    assertThat(run(new CleanJob(), "--bogus")).isEqualTo(DmpTool.USAGE);
    assertThat(commands.err()).contains("Unrecognized option: --bogus");
  }

  /** What a lookup says on a fresh DMP_HOME, before any day was loaded into HBase. */
  @Test
  void aMissingTableIsOneLineThatSaysToLoadADayFirst() throws Exception {
    DmpTool beforeAnyLoad =
        new DmpTool() {
          @Override
          public String name() {
            return "lookup";
          }

          @Override
          public String synopsis() {
            return "";
          }

          @Override
          protected Options options() {
            return new Options();
          }

          @Override
          protected int execute(CommandLine cmd) throws Exception {
            throw new TableNotFoundException("dmp:profile");
          }
        };
    assertThat(run(beforeAnyLoad)).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err().strip())
        .isEqualTo(
            "dmp lookup: HBase has no table dmp:profile yet: load a day first (dmp run, or dmp"
                + " load --date D)");
  }

  @Test
  void theDriverNamesEveryStageAndRefusesUnknownOnes() throws Throwable {
    PrintStream saved = System.out;
    ByteArrayOutputStream listing = new ByteArrayOutputStream();
    System.setOut(new PrintStream(listing, true, StandardCharsets.UTF_8));
    try {
      assertThat(Driver.programs().run(new String[] {"no-such-stage"})).isEqualTo(-1);
    } finally {
      System.setOut(saved);
    }
    // Every command of docs/commands.md, so that none can be left out of the job jar's entry point.
    assertThat(listing.toString(StandardCharsets.UTF_8))
        .contains(
            "generate:",
            "ingest:",
            "forget:",
            "clean:",
            "idgraph:",
            "attribute:",
            "profile:",
            "report:",
            "gate:",
            "run:",
            "quality:",
            "retention:",
            "demo:",
            "bench:");
  }

  @Test
  void helpPrintsTheUsageAndEveryOptionAndSucceeds() throws Exception {
    assertThat(run(new dev.dmp.mapreduce.serving.LookupTool(), "--help")).isZero();
    assertThat(commands.out())
        .startsWith("usage: dmp lookup ")
        .contains("--id VALUE", "--file VALUE", "--json", "Hadoop generic options");
    assertThat(run(new CleanJob(), "-h")).isZero();
    assertThat(commands.out()).contains("usage: dmp clean --date YYYY-MM-DD", "--date VALUE");
  }
}
