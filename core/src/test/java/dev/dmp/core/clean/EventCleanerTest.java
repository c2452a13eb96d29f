package dev.dmp.core.clean;

import static dev.dmp.core.clean.Records.event;
import static dev.dmp.core.clean.Records.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.RawEvent;
import dev.dmp.avro.RawFormat;
import dev.dmp.avro.RawRecord;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.RunDate;
import dev.dmp.core.SuppressionList;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventCleanerTest {

  private static UserAgentClassifier userAgents;
  private static final String EMAIL_HASH = IdentifierNormalizer.sha256Hex("someone@example.com");

  @BeforeAll
  static void analyzer() {
    userAgents = new UserAgentClassifier(1000); // Yauaa takes seconds to build: once per class
  }

  private static EventCleaner cleaner(Set<String> suppressed) {
    RunDate day = new RunDate(java.time.LocalDate.parse(Records.DAY));
    return new EventCleaner(
        new EventCleaner.Settings(
            day.startMillis() - 48 * 3_600_000L,
            day.endMillis() + 15 * 60_000L,
            64 * 1024,
            "CNY",
            dev.dmp.core.money.ExchangeRates.decode("CNY;USD=7.1042")),
        IdentifierNormalizer.withDefaults(),
        userAgents,
        new SuppressionList(suppressed));
  }

  private static CleanOutcome clean(String line) {
    return cleaner(Set.of()).clean(json(line));
  }

  @Test
  void aValidEventIsNormalisedAndHoldsNoPiiInTheClear() {
    CleanOutcome o =
        clean(
            event(
                "e1",
                "{\"email\":\" SomeOne@Example.com \",\"cookie\":\"ck1\",\"idfa\":\"null\"}"));

    assertThat(o).isInstanceOf(CleanOutcome.Clean.class);
    CleanEvent e = ((CleanOutcome.Clean) o).event();
    assertThat(e.getIds())
        .containsExactlyInAnyOrderEntriesOf(Map.of("email", EMAIL_HASH, "cookie", "ck1"));
    assertThat(o.droppedIds()).isEqualTo(1);
    assertThat(e.getSource()).isEqualTo("web");
    assertThat(e.getEventTime())
        .isEqualTo(java.time.Instant.parse("2026-11-20T02:00:00Z").toEpochMilli());
    assertThat(e.getUrl()).isEqualTo("https://shop.example.com/a?b=1");
    assertThat(e.getIpPrefix()).isEqualTo("203.0.113.0/24");
    assertThat(e.getDeviceClass()).isEqualTo("Desktop");
    assertThat(e.getBrowser()).startsWith("Chrome");
    assertThat(e.toString()).doesNotContain("someone@", "203.0.113.77");
  }

  @Test
  void unknownTopLevelFieldsAreKeptInProps() {
    String line =
        event("e1", "{\"cookie\":\"ck1\"}")
            .replace("{\"event_id\"", "{\"sdk\":{\"v\":4},\"app\":\"x\",\"event_id\"");
    CleanEvent e = ((CleanOutcome.Clean) clean(line)).event();
    assertThat(e.getProps()).containsEntry("app", "x").containsEntry("sdk", "{\"v\":4}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json | MALFORMED",
        "{\"event_id\":\"a\" | MALFORMED",
        "[1,2] | MALFORMED",
        "{\"event_id\":\"a\",\"revenue\":3E33333333333333333333333333333333333} | MALFORMED",
        "{\"event_id\":\"a\",\"event_id\":\"b\"} | MALFORMED",
        "{\"event_id\":\"a\",\"ids\":{\"cookie\":\"c\",\"cookie\":\"d\"}} | MALFORMED",
        "{\"event_id\":\"a\",\"x\":[{\"k\":1,\"k\":2}]} | MALFORMED",
        "{\"event_id\":\"a\"} {} | MALFORMED",
        "{\"event_id\":\"a\",\"x\":1,\"x\":2} | MALFORMED",
        "{\"event_id\":\"a\",\"geo\":{\"city\":\"p\",\"city\":\"q\"}} | MALFORMED",
        "{\"event_id\":\"a\",\"props\":{\"k\":{\"v\":1,\"v\":1}}} | MALFORMED",
        "[{\"k\":1,\"k\":2}] | MALFORMED",
        "{\"event_id\":\"a\"} x | MALFORMED",
        "{\"event_time\":\"2026-11-20T10:00:00Z\",\"source\":\"web\",\"event_type\":\"x\",\"ids\":{\"cookie\":\"c\"}} | MISSING_FIELD",
        "{\"event_id\":\"a\",\"event_time\":\"2026-11-20T10:00:00Z\",\"source\":\"web\",\"event_type\":\"x\",\"ids\":{}} | MISSING_FIELD",
        "{\"event_id\":\"a\",\"event_time\":\"yesterday\",\"source\":\"web\",\"event_type\":\"x\",\"ids\":{\"cookie\":\"c\"}} | BAD_TIMESTAMP",
        "{\"event_id\":\"a\",\"event_time\":\"2026-11-20 10:00:00\",\"source\":\"web\",\"event_type\":\"x\",\"ids\":{\"cookie\":\"c\"}} | BAD_TIMESTAMP",
        "{\"event_id\":\"a\",\"event_time\":\"2026-11-17T10:00:00Z\",\"source\":\"web\",\"event_type\":\"x\",\"ids\":{\"cookie\":\"c\"}} | BAD_TIMESTAMP",
        "{\"event_id\":\"a\",\"event_time\":1700000000,\"source\":\"web\",\"event_type\":\"x\",\"ids\":{\"cookie\":\"c\"}} | BAD_TIMESTAMP",
        "{\"event_id\":\"a\",\"event_time\":\"2026-11-20T10:00:00Z\",\"source\":\"web\",\"event_type\":\"x\",\"ids\":{\"cookie\":\"c\"},\"revenue\":-1} | BAD_VALUE",
        "{\"event_id\":\"a\",\"event_time\":\"2026-11-20T10:00:00Z\",\"source\":\"web\",\"event_type\":\"x\",\"ids\":{\"cookie\":\"c\"},\"revenue\":5,\"currency\":\"XYZ\"} | BAD_VALUE",
        "{\"event_id\":\"a\",\"event_time\":\"2026-11-20T10:00:00Z\",\"source\":\"web\",\"event_type\":\"Page View\",\"ids\":{\"cookie\":\"c\"}} | BAD_VALUE",
        "{\"event_id\":\"a\",\"event_time\":\"2026-11-20T10:00:00Z\",\"source\":\"web\",\"event_type\":\"x\",\"ids\":{\"idfa\":\"00000000-0000-0000-0000-000000000000\",\"cookie\":\"undefined\"}} | NO_IDENTIFIER",
      })
  void eachDefectHasItsReason(String line, RejectReason reason) {
    CleanOutcome o = clean(line);
    assertThat(o).isInstanceOf(CleanOutcome.Rejected.class);
    assertThat(((CleanOutcome.Rejected) o).reason()).isEqualTo(reason);
    assertThat(((CleanOutcome.Rejected) o).message()).isNotBlank();
  }

  @Test
  void oversizedIsCheckedBeforeAnythingElse() {
    RawRecord r = json("garbage that is not even JSON");
    r.setOriginalLength(10L << 20);
    CleanOutcome o = cleaner(Set.of()).clean(r);
    assertThat(((CleanOutcome.Rejected) o).reason()).isEqualTo(RejectReason.OVERSIZED);
  }

  @Test
  void invalidUtf8IsMalformed() {
    byte[] head = "{\"event_id\":\"a".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] line = java.util.Arrays.copyOf(head, head.length + 4);
    line[head.length] = (byte) 0xC3; // a lead byte without its continuation byte
    line[head.length + 1] = '(';
    line[head.length + 2] = '"';
    line[head.length + 3] = '}';
    CleanOutcome o = cleaner(Set.of()).clean(json(line, "f", 1, 1));
    assertThat(((CleanOutcome.Rejected) o).reason()).isEqualTo(RejectReason.MALFORMED);
  }

  @Test
  void anUnreadableStretchIsMalformedWithTheIngestProblem() {
    RawRecord r = json("x");
    r.setFormat(RawFormat.UNREADABLE);
    r.setProblem("corrupt Avro block at byte 77");
    CleanOutcome.Rejected o = (CleanOutcome.Rejected) cleaner(Set.of()).clean(r);
    assertThat(o.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(o.message()).contains("byte 77");
  }

  @Test
  void robotsAreBotsEvenWhenYauaaSeesAScript() {
    String ua = "Python-urllib/3.7";
    String line =
        event("e1", "{\"cookie\":\"c\"}").replaceAll("\"ua\":\"[^\"]*\"", "\"ua\":\"" + ua + "\"");
    assertThat(clean(line)).isInstanceOf(CleanOutcome.Bot.class);
  }

  @Test
  void fateOrderIsRejectedThenBotThenOptedOut() {
    Set<String> suppressed = Set.of("email:" + EMAIL_HASH);
    String robot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    String suppressedBot =
        event("e1", "{\"email\":\"someone@example.com\"}")
            .replaceAll("\"ua\":\"[^\"]*\"", "\"ua\":\"" + robot + "\"");
    assertThat(cleaner(suppressed).clean(json(suppressedBot))).isInstanceOf(CleanOutcome.Bot.class);

    CleanOutcome opted =
        cleaner(suppressed)
            .clean(json(event("e2", "{\"email\":\"SOMEONE@example.com\",\"cookie\":\"ck9\"}")));
    assertThat(opted).isInstanceOf(CleanOutcome.OptedOut.class);
    assertThat(((CleanOutcome.OptedOut) opted).ids()).containsEntry("cookie", "ck9");

    String suppressedAndBroken =
        event("e3", "{\"email\":\"someone@example.com\"}").replace("page_view", "Page View");
    assertThat(cleaner(suppressed).clean(json(suppressedAndBroken)))
        .isInstanceOf(CleanOutcome.Rejected.class);
  }

  @Test
  void anEventWithoutUserAgentIsNotABot() {
    String crm =
        "{\"event_id\":\"c1\",\"event_time\":1795140000000,\"source\":\"crm\",\"event_type\":\"purchase\",\"ids\":{\"phone\":\"+86 138 0013 8000\"},\"revenue\":99.5}";
    CleanOutcome.Clean c = (CleanOutcome.Clean) clean(crm);
    assertThat(c.event().getIds())
        .containsEntry("phone", IdentifierNormalizer.sha256Hex("+8613800138000"));
    assertThat(c.event().getCurrency()).isEqualTo("CNY");
  }

  @Test
  void revenueIsConvertedWithTheDaysRateAndKeptAsSent() {
    String usd =
        "{\"event_id\":\"u1\",\"event_time\":1795140000000,\"source\":\"shop\",\"event_type\":\"purchase\",\"ids\":{\"cookie\":\"c\"},\"revenue\":10.005,\"currency\":\"usd\"}";
    CleanEvent e = ((CleanOutcome.Clean) clean(usd)).event();
    assertThat(e.getRevenue()).isEqualTo(10.005);
    assertThat(e.getCurrency()).isEqualTo("USD");
    // 10.005 x 7.1042 = 71.077521, half-even to the cent.
    assertThat(e.getRevenueConverted()).isEqualByComparingTo("71.08");
    assertThat(e.getRevenueConverted().scale()).isEqualTo(2);
    assertThat(e.getConvertedCurrency()).isEqualTo("CNY");

    CleanEvent cny = ((CleanOutcome.Clean) clean(usd.replace("usd", "CNY"))).event();
    assertThat(cny.getRevenueConverted()).isEqualByComparingTo("10.00"); // 10.005: half-even

    // No rate that day: the event stays clean, unconverted; the gate stops the day.
    CleanEvent jpy = ((CleanOutcome.Clean) clean(usd.replace("usd", "JPY"))).event();
    assertThat(jpy.getCurrency()).isEqualTo("JPY");
    assertThat(jpy.getRevenueConverted()).isNull();
    assertThat(jpy.getConvertedCurrency()).isNull();
  }

  @Test
  void avroInputGoesThroughTheSameChecks() {
    RawEvent ev =
        RawEvent.newBuilder()
            .setEventId("a1")
            .setEventTime(1795140000000L)
            .setSource("APP")
            .setEventType("app_open")
            .setIds(Map.of("gaid", "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE"))
            .build();
    RawRecord r = json("");
    r.setFormat(RawFormat.AVRO);
    r.setEvent(ev);
    r.setBody(ByteBuffer.allocate(0));
    r.setOriginalLength(0L);
    CleanOutcome.Clean c = (CleanOutcome.Clean) cleaner(Set.of()).clean(r);
    assertThat(c.event().getIds()).containsEntry("gaid", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    assertThat(c.event().getSource()).isEqualTo("app");
  }

  @Test
  void personalDataOutsideIdsIsRemovedFromUrlsReferrersAndProps() {
    String line =
        "{\"event_id\":\"p1\",\"event_time\":1795140000000,\"source\":\"web\","
            + "\"event_type\":\"page_view\",\"ids\":{\"cookie\":\"c\"},"
            + "\"url\":\"https://Shop.example.com/done?email=alice%40ex.com&step=2\","
            + "\"referrer\":\"https://mail.example.com/?to=%2B8613800138000\","
            + "\"props\":{\"contact_email\":\"x\",\"size\":\"42\",\"note\":\"bob@example.org\"},"
            + "\"mobile\":\"13800138000\",\"plan\":\"gold\"}";
    EventCleaner cleaner = cleaner(Set.of());
    CleanEvent e = ((CleanOutcome.Clean) cleaner.clean(json(line))).event();
    assertThat(e.getUrl()).isEqualTo("https://shop.example.com/done?step=2");
    assertThat(e.getReferrer()).isEqualTo("https://mail.example.com/");
    assertThat(e.getProps()).containsOnlyKeys("size", "plan");
    assertThat(e.toString()).doesNotContain("alice", "13800138000", "bob@");
    assertThat(cleaner.scrubbedValues()).isEqualTo(5);
  }
}
