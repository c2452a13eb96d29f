package dev.dmp.mapreduce.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dmp.avro.RawFormat;
import dev.dmp.avro.RawRecord;
import dev.dmp.core.DmpException;
import dev.dmp.core.IdQueries;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.RunDate;
import dev.dmp.core.SuppressionList;
import dev.dmp.core.clean.CleanOutcome;
import dev.dmp.core.clean.EventCleaner;
import dev.dmp.core.clean.UserAgentClassifier;
import dev.dmp.hbase.DmpTables;
import dev.dmp.mapreduce.ingest.RawFileReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * Coverage-guided fuzzing (Jazzer) of everything that reads bytes or strings from outside: ingest's
 * readers (JSON Lines, gzip, Avro), the event cleaner, the identifier normaliser, the row-key
 * codecs and the lookup's identifier parser. Each target states what must hold for any input: every
 * input ends in a fate (records, a reject with a reason, a refusal with a message), nothing throws
 * anything else, and no clear e-mail or phone comes out of cleaning.
 *
 * <p>{@code mvn verify} runs each target twice: on its seeds (regression mode, with the other
 * tests), and fuzzing for a few seconds (one surefire run per target, {@code JAZZER_FUZZ=1}). A
 * longer run is in docs/testing.md.
 */
class FuzzTargetsTest {

  private static final int MAX_RECORD_BYTES = 4096;
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final IdentifierNormalizer NORMALIZER = IdentifierNormalizer.withDefaults();
  private static final List<String> TYPES =
      List.of(
          "email",
          "phone",
          "cookie",
          "user_id",
          "device_id",
          "idfa",
          "gaid",
          "oaid",
          "imei",
          "oneid",
          "shoe_size",
          "");

  private static Path scratch;
  private static EventCleaner cleaner;

  private static synchronized Path scratch() throws IOException {
    if (scratch == null) {
      scratch = Files.createTempDirectory("fuzz-ingest");
      scratch.toFile().deleteOnExit();
    }
    return scratch;
  }

  private static synchronized EventCleaner cleaner() {
    if (cleaner == null) {
      RunDate day = new RunDate(LocalDate.of(2026, 11, 20));
      cleaner =
          new EventCleaner(
              new EventCleaner.Settings(
                  day.startMillis() - 48 * 3_600_000L,
                  day.endMillis() + 15 * 60_000L,
                  MAX_RECORD_BYTES,
                  "CNY",
                  dev.dmp.core.money.ExchangeRates.decode("CNY;JPY=0.047512,USD=7.1042")),
              NORMALIZER,
              new UserAgentClassifier(1000),
              new SuppressionList(Set.of("email:" + IdentifierNormalizer.sha256Hex("a@b.cn"))));
    }
    return cleaner;
  }

  /** A raw record of a JSON Lines file holding {@code body} as its first line. */
  private static RawRecord jsonRecord(String file, byte[] body) {
    RawRecord raw = new RawRecord();
    raw.setFeed("web");
    raw.setOriginFile(file);
    raw.setOriginOffset(0L);
    raw.setOriginLine(1L);
    raw.setReceivedAt(0L);
    raw.setFormat(RawFormat.JSON);
    raw.setBody(ByteBuffer.wrap(body));
    raw.setOriginalLength((long) body.length);
    return raw;
  }

  @FuzzTest(maxDuration = "5s")
  void ingestReaders(byte[] data) throws IOException {
    Path file = scratch().resolve("input");
    Files.write(file, data);
    List<RawRecord> records = new ArrayList<>();
    RawFileReader.Summary summary;
    try {
      summary =
          new RawFileReader(new Configuration(false), MAX_RECORD_BYTES)
              .read(
                  new org.apache.hadoop.fs.Path(file.toUri()),
                  "input.bin",
                  "web",
                  0L,
                  records::add);
    } catch (DmpException refused) {
      assertThat(refused.getMessage()).startsWith("input.bin: ");
      return;
    }
    assertThat(summary.records()).isEqualTo(records.size());
    assertThat(summary.unreadable())
        .isEqualTo(records.stream().filter(r -> r.getFormat() == RawFormat.UNREADABLE).count());
    for (RawRecord r : records) {
      assertThat(r.getOriginFile()).isEqualTo("input.bin");
      assertThat(r.getBody()).isNotNull();
      assertThat(r.getBody().remaining()).isLessThanOrEqualTo(MAX_RECORD_BYTES);
      if (r.getFormat() == RawFormat.AVRO) {
        assertThat(r.getEvent()).isNotNull();
      }
      if (r.getFormat() == RawFormat.UNREADABLE) {
        assertThat(r.getProblem()).isNotBlank();
      }
    }
  }

  @FuzzTest(maxDuration = "5s")
  void eventCleaner(FuzzedDataProvider data) {
    CleanOutcome outcome =
        cleaner().clean(jsonRecord("input.jsonl", data.consumeRemainingAsBytes()));

    assertThat(outcome).isNotNull();
    if (outcome instanceof CleanOutcome.Clean c) {
      assertThat(c.event().getIds()).isNotEmpty();
      c.event()
          .getIds()
          .forEach(
              (type, value) -> {
                if (type.toString().equals("email") || type.toString().equals("phone")) {
                  assertThat(value.toString()).matches(SHA256);
                }
              });
      assertThat(
              c.event().getIpPrefix() == null
                  || !c.event().getIpPrefix().toString().matches("\\d+\\.\\d+\\.\\d+\\.[1-9]\\d*"))
          .as("no full IPv4 address")
          .isTrue();
    } else if (outcome instanceof CleanOutcome.Rejected r) {
      assertThat(r.reason()).isNotNull();
      assertThat(r.message()).isNotBlank();
    }
  }

  /**
   * The cleaner on events that parse, with fuzzed values in the fields that are bounded where they
   * are read (revenue, currency, time, texts, props): every one ends in a fate, and a clean event
   * always fits its schema (a revenue of 1e17 once failed the whole day's map output).
   */
  @FuzzTest(maxDuration = "5s")
  void eventCleanerFields(FuzzedDataProvider data) throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode e =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    e.put("event_id", data.consumeString(140));
    switch (data.consumeInt(0, 2)) {
      case 0 -> e.put("event_time", data.consumeLong());
      case 1 -> e.put("event_time", data.consumeString(40));
      default -> e.put("event_time", "2026-11-20T10:00:00Z");
    }
    e.put("source", data.consumeString(70));
    e.put("event_type", data.pickValue(List.of("purchase", "page_view", "X Y")));
    e.putObject("ids").put(data.pickValue(TYPES), data.consumeString(80));
    switch (data.consumeInt(0, 3)) {
      case 0 -> e.put("revenue", data.consumeDouble());
      case 1 -> e.put("revenue", data.consumeLong());
      case 2 ->
          e.put(
              "revenue",
              new java.math.BigDecimal(
                  data.consumeInt(-20, 20) + "e" + data.consumeInt(-400, 400)));
      default -> e.put("revenue", data.consumeString(30));
    }
    e.put("currency", data.pickValue(List.of("CNY", "cny", "USD", "JPY", "", "XXX", "€")));
    e.put("url", data.consumeString(200));
    e.putObject("props").put(data.consumeString(20), data.consumeString(50));
    CleanOutcome outcome =
        cleaner()
            .clean(
                jsonRecord(
                    "fields.jsonl",
                    e.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertThat(outcome).isNotNull();
    if (outcome instanceof CleanOutcome.Clean c) {
      org.apache.avro.io.DatumWriter<dev.dmp.avro.CleanEvent> writer =
          dev.dmp.mapreduce.common.DmpSpecificData.get()
              .createDatumWriter(dev.dmp.avro.CleanEvent.getClassSchema());
      org.apache.avro.io.BinaryEncoder out =
          org.apache.avro.io.EncoderFactory.get()
              .binaryEncoder(new java.io.ByteArrayOutputStream(), null);
      writer.write(c.event(), out);
      out.flush();
    } else if (outcome instanceof CleanOutcome.Rejected r) {
      assertThat(r.message()).isNotBlank();
    }
  }

  /**
   * The rates loader on any text: a table of rates, or a refusal naming the file and line; never
   * anything else, and never an amount that cannot be converted at once.
   */
  @FuzzTest(maxDuration = "5s")
  void exchangeRates(FuzzedDataProvider data) {
    String text =
        data.consumeBoolean()
            ? "base,currency,rate\nCNY,"
                + data.consumeString(5)
                + ","
                + data.consumeRemainingAsString()
            : data.consumeRemainingAsString();
    dev.dmp.core.money.ExchangeRates rates;
    try {
      rates = dev.dmp.core.money.ExchangeRates.parse(text, "rates.csv", "CNY");
    } catch (DmpException refused) {
      assertThat(refused.getMessage()).startsWith("rates.csv");
      return;
    }
    for (String currency : rates.rates().keySet()) {
      assertThat(rates.convert(1e10, currency)).isNotNull();
    }
    assertThat(dev.dmp.core.money.ExchangeRates.decode(rates.encode()).rates())
        .isEqualTo(rates.rates());
  }

  @FuzzTest(maxDuration = "5s")
  void identifierNormalizer(FuzzedDataProvider data) {
    String type = data.pickValue(TYPES);
    String value = data.consumeRemainingAsString();
    IdentifierNormalizer.Result r = NORMALIZER.normalize(type, value);
    assertThat(r).isNotNull();
    if (r instanceof IdentifierNormalizer.Usable u) {
      assertThat(u.id().type()).isEqualTo(type);
      assertThat(u.id().value()).isNotBlank();
      if (type.equals("email") || type.equals("phone")) {
        assertThat(u.id().value()).matches(SHA256);
      } else {
        assertThat(u.id().value().length())
            .isLessThanOrEqualTo(IdentifierNormalizer.MAX_VALUE_LENGTH);
      }
    }
  }

  @FuzzTest(maxDuration = "5s")
  void rowKeyCodecs(FuzzedDataProvider data) {
    int buckets = data.consumeInt(1, 256);
    String segment = data.consumeString(64);
    String oneId = data.consumeRemainingAsString();
    if (oneId.isEmpty() || oneId.contains(":")) {
      return; // not a OneID: they are issued without a colon, which the row keys rely on
    }
    String profileRow = DmpTables.Profile.rowKey(oneId, buckets);
    assertThat(DmpTables.Profile.oneId(profileRow)).isEqualTo(oneId);
    if (!segment.contains(":")) {
      String segmentRow = DmpTables.Segment.rowKey(segment, oneId, buckets);
      assertThat(DmpTables.Segment.oneId(segmentRow)).isEqualTo(oneId);
      assertThat(segmentRow).startsWith(DmpTables.Segment.prefix(segment));
    }
  }

  @FuzzTest(maxDuration = "5s")
  void lookupIdParser(FuzzedDataProvider data) {
    String query = data.consumeRemainingAsString();
    String canonical;
    try {
      canonical = IdQueries.canonicalize(NORMALIZER, query);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    int colon = canonical.indexOf(':');
    assertThat(colon).isPositive();
    String type = canonical.substring(0, colon);
    assertThat(TYPES).contains(type);
    if (type.equals("email") || type.equals("phone")) {
      assertThat(canonical.substring(colon + 1)).matches(SHA256);
    }
  }
}
