package dev.dmp.mapreduce.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * {@code dmp-default.xml} (in the job jar) lists every setting the code reads, and nothing else;
 * the configuration page's table (docs/configuration.md) lists the same keys with the same
 * defaults.
 */
class ConfigurationKeysTest {

  /** {@code dmp.*} names in the code that are not settings, each with why. */
  private static final Map<String, String> NOT_SETTINGS = new TreeMap<>();

  static {
    for (String handoff :
        List.of(
            "dmp.attribute.super.path",
            "dmp.clean.date",
            "dmp.clean.rates.resolved",
            "dmp.export.segment",
            "dmp.export.types",
            "dmp.idgraph.date",
            "dmp.idgraph.super.path",
            "dmp.ingest.job.day",
            "dmp.ingest.job.feed",
            "dmp.ingest.job.partition",
            "dmp.ingest.job.received.at",
            "dmp.load.date",
            "dmp.load.profile.cells.written",
            "dmp.load.salt.buckets",
            "dmp.load.suppressed.path",
            "dmp.profile.date",
            "dmp.profile.graph.path",
            "dmp.profile.segments.text",
            "dmp.profile.taxonomy.text",
            "dmp.purge.base",
            "dmp.purge.people.path",
            "dmp.report.date")) {
      NOT_SETTINGS.put(handoff, "set by a stage in its jobs' configuration for its own tasks");
    }
    NOT_SETTINGS.put("dmp.clean.by_source", "a counter group");
    NOT_SETTINGS.put("dmp.clean.unrated", "a counter group");
    NOT_SETTINGS.put("dmp.export.written", "a counter group");
    NOT_SETTINGS.put("dmp.load.cells", "a counter group");
    NOT_SETTINGS.put("dmp.load.delete.markers", "a counter group");
    NOT_SETTINGS.put("dmp.purge.removed", "a counter group");
    NOT_SETTINGS.put("dmp.purge.rewritten", "a counter group");
    NOT_SETTINGS.put("dmp.purge.scrubbed", "a counter group");
    NOT_SETTINGS.put("dmp.audit", "the lookup audit logger's name");
    NOT_SETTINGS.put(
        "dmp.kafka.broker.classpath", "a system property: the sandbox's Kafka broker's class path");
    NOT_SETTINGS.put("dmp.drill.job.mapper", "a drilled job's own mapper, set by its driver");
    NOT_SETTINGS.put("dmp.drill.job.map.point", "a drilled job's drill point, set by its driver");
    NOT_SETTINGS.put("dmp.drill.job.reducer", "a drilled job's own reducer, set by its driver");
    NOT_SETTINGS.put(
        "dmp.drill.job.reduce.point", "a drilled job's drill point, set by its driver");
    NOT_SETTINGS.put("dmp.salt.buckets", "an attribute of the dmp:profile table");
    NOT_SETTINGS.put(
        "dmp.stream.kafka.", "the prefix of the Kafka client settings (dmp.stream.kafka.NAME)");
    NOT_SETTINGS.put("dmp.clean.bytes.per.reducer", "the deprecated name of dmp.bytes.per.reducer");
  }

  private static final Pattern KEY = Pattern.compile("\"(dmp\\.[a-z0-9_.]+)\"");
  private static final Pattern README_ROW =
      Pattern.compile("(?m)^\\| `(dmp\\.[a-z0-9_.]+)` \\| .* \\| (.*) \\|$");

  @Test
  void everySettingTheCodeReadsIsListedWithItsDefault() throws Exception {
    Map<String, String> listed = defaults();
    Set<String> inCode = new TreeSet<>();
    for (String module : List.of("core", "hbase", "mapreduce", "stream", "sandbox")) {
      try (Stream<Path> files = Files.walk(Path.of("..", module, "src", "main", "java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = KEY.matcher(Files.readString(f));
          while (m.find()) {
            inCode.add(m.group(1));
          }
        }
      }
    }
    Set<String> settings = new TreeSet<>(inCode);
    settings.removeAll(NOT_SETTINGS.keySet());
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(settings);
    assertThat(inCode).containsAll(NOT_SETTINGS.keySet());
  }

  @Test
  void theConfigurationPageListsTheSameKeysWithTheSameDefaults() throws Exception {
    String table = Files.readString(Path.of("..", "docs", "configuration.md"));
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher m = README_ROW.matcher(table);
    while (m.find()) {
      rows.put(m.group(1), m.group(2));
    }
    Map<String, String> listed = defaults();
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(listed.keySet());
    listed.forEach(
        (key, value) -> {
          if (value != null) {
            assertThat(rows.get(key)).as(key).isEqualTo("`" + value + "`");
          }
        });
  }

  /** The keys of dmp-default.xml and their values (null where it gives none). */
  private static Map<String, String> defaults() throws IOException {
    byte[] xml;
    try (InputStream in = ConfigurationKeysTest.class.getResourceAsStream("/dmp-default.xml")) {
      assertThat(in).as("dmp-default.xml on the class path").isNotNull();
      xml = in.readAllBytes();
    }
    Configuration conf = new Configuration(false);
    conf.addResource(new ByteArrayInputStream(xml), "dmp-default.xml");
    // Configuration skips a property without a value: the names come from the text.
    Map<String, String> out = new TreeMap<>();
    Matcher names =
        Pattern.compile("<name>([^<]+)</name>").matcher(new String(xml, StandardCharsets.UTF_8));
    while (names.find()) {
      out.put(names.group(1), null);
    }
    out.replaceAll((key, none) -> conf.get(key));
    return out;
  }
}
