package dev.dmp.mapreduce.money;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.Profile;
import dev.dmp.avro.ReportRow;
import dev.dmp.core.money.ExchangeRates;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.gate.QualityTool;
import dev.dmp.mapreduce.run.RunTool;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revenue in four currencies through the daily chain: three with a rate that day and one without.
 * The day without the fourth rate stops at the clean gate, naming it; with it, every sum is in the
 * reporting currency, exact to the cent, and every event keeps what was sent.
 */
class CurrencyTest {

  private static final String DAY = "2026-11-20";

  @TempDir Path dir;

  @Test
  void aCurrencyWithoutARateStopsTheDayAndWithItEverySumIsConverted() throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    Path events =
        Files.write(
            dir.resolve("events.jsonl"),
            List.of(
                purchase("c1", "ck_a", "100.00", "CNY"),
                purchase("c2", "ck_a", "0.10", "cny"),
                purchase("c3", "ck_a", "5.5", null), // no currency: dmp.clean.default.currency
                purchase("u1", "ck_b", "10.005", "USD"), // 71.077521: half-even to 71.08
                purchase("u2", "ck_b", "1", "USD"), // 7.1042
                purchase("e1", "ck_c", "20.00", "EUR"), // 153.63
                purchase("y1", "ck_d", "1000", "JPY"), // no rate at first
                purchase("y2", "ck_d", "250", "JPY"),
                purchase("u1", "ck_b", "10.005", "USD"), // a duplicate: counted once
                // Over decimal(18,2): it failed the whole day's clean; now one reject each.
                purchase("x1", "ck_e", "1e17", "CNY"),
                purchase("x2", "ck_e", "2000000000", "USD"))); // 14.2 billion CNY
    Path rates =
        Files.writeString(
            dir.resolve("rates.csv"), "base,currency,rate\nCNY,USD,7.1042\nCNY,EUR,7.6815\n");
    run(commands, new RatesTool(), "--date", DAY, "--load", rates.toString());

    commands.reset();
    assertThat(commands.run(new RunTool(), "--date", DAY, events.toString()))
        .isEqualTo(DmpTool.FAILED);
    assertThat(commands.err().strip())
        .isEqualTo(
            "dmp run: quality gate failed for "
                + DAY
                + " after clean: 2 events have revenue in JPY, which has no exchange rate on "
                + DAY
                + ": load the day's rates (dmp rates --date "
                + DAY
                + " --load FILE) and run the day again; the chain stopped, nothing after clean"
                + " was run");
    assertThat(dir.resolve("base/attributed/dt=" + DAY)).doesNotExist();
    assertThat(run(commands, new QualityTool(), "--date", DAY))
        .contains("unrated JPY", "2 clean events with revenue in JPY, which has no exchange rate");

    Files.writeString(
        rates, "base,currency,rate\nCNY,USD,7.1042\nCNY,EUR,7.6815\nCNY,JPY,0.047512\n");
    run(commands, new RatesTool(), "--date", DAY, "--load", rates.toString());
    run(commands, new RunTool(), "--date", DAY, events.toString());

    // Every event keeps its amount and currency as sent, beside the converted amount.
    Map<String, CleanEvent> clean =
        read(commands, "clean", CleanEvent.class).stream()
            .collect(Collectors.toMap(CleanEvent::getEventId, e -> e));
    assertThat(clean).hasSize(8);
    assertThat(read(commands, "rejects", dev.dmp.avro.RejectRecord.class))
        .extracting(r -> r.getEventId() + " " + r.getReason() + " " + r.getMessage())
        .containsExactlyInAnyOrder(
            "x1 BAD_VALUE revenue must be a number from 0 to 10,000,000,000",
            "x2 BAD_VALUE revenue of USD converts to over 10,000,000,000 CNY");
    assertThat(clean.get("u1").getRevenue()).isEqualTo(10.005);
    assertThat(clean.get("u1").getCurrency()).isEqualTo("USD");
    assertThat(clean.get("u1").getRevenueConverted()).isEqualTo(new BigDecimal("71.08"));
    assertThat(clean.get("c3").getCurrency()).isEqualTo("CNY");
    assertThat(clean.get("y2").getRevenueConverted()).isEqualTo(new BigDecimal("11.88"));
    assertThat(clean.values()).allMatch(e -> "CNY".equals(e.getConvertedCurrency()));

    // The report's rows are in the reporting currency, and add up to the converted events.
    BigDecimal expected =
        new BigDecimal("100.00") // CNY
            .add(new BigDecimal("0.10"))
            .add(new BigDecimal("5.50"))
            .add(new BigDecimal("71.08")) // USD
            .add(new BigDecimal("7.10"))
            .add(new BigDecimal("153.63")) // EUR
            .add(new BigDecimal("47.51")) // JPY: 1000 x 0.047512
            .add(new BigDecimal("11.88")); // 250 x 0.047512 = 11.878
    List<ReportRow> all =
        read(commands, "reports", ReportRow.class).stream()
            .filter(r -> r.getCampaign().equals("*"))
            .toList();
    assertThat(all).allMatch(r -> "CNY".equals(r.getCurrency()));
    assertThat(
            all.stream().map(ReportRow::getRevenueAmount).reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualTo(expected);

    // Each person's profile sums their events' converted amounts.
    Map<String, BigDecimal> byCookie = new TreeMap<>();
    for (Profile p : read(commands, "profiles", Profile.class)) {
      assertThat(p.getCurrency()).isEqualTo("CNY");
      assertThat(p.getRevenue()).isEqualTo(p.getRevenueAmount().doubleValue());
      byCookie.put(p.getIdentifiers().get("cookie").get(0), p.getRevenueAmount());
    }
    assertThat(byCookie)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "ck_a", new BigDecimal("105.60"),
                    "ck_b", new BigDecimal("78.18"),
                    "ck_c", new BigDecimal("153.63"),
                    "ck_d", new BigDecimal("59.39"))));
    assertThat(read(commands, "attributed", AttributedEvent.class)).hasSize(8);
  }

  @Test
  void aRatesFileIsCheckedBeforeItIsLoaded() throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    Path wrongBase =
        Files.writeString(dir.resolve("usd.csv"), "base,currency,rate\nUSD,CNY,0.1408\n");
    assertThat(commands.run(new RatesTool(), "--date", DAY, "--load", wrongBase.toString()))
        .isEqualTo(DmpTool.FAILED);
    assertThat(commands.err())
        .contains(
            "usd.csv line 2: base USD is not the reporting currency CNY (dmp.report.currency)");
    assertThat(dir.resolve("base/rates/dt=" + DAY + "/rates.csv")).doesNotExist();

    commands.reset();
    Path negative = Files.writeString(dir.resolve("neg.csv"), "base,currency,rate\nCNY,EUR,-7.6\n");
    assertThat(commands.run(new RatesTool(), "--date", DAY, "--load", negative.toString()))
        .isEqualTo(DmpTool.FAILED);
    assertThat(commands.err()).contains("neg.csv line 2: the rate of EUR is not > 0");

    // A rate whose rounding alone would take minutes is refused at once, as is a long one.
    for (String rate : List.of("1e999999999", "1e-999999999", "7." + "1".repeat(40))) {
      commands.reset();
      Path huge = Files.writeString(dir.resolve("huge.csv"), "base,currency,rate\nCNY,EUR," + rate);
      assertThat(commands.run(new RatesTool(), "--date", DAY, "--load", huge.toString()))
          .isEqualTo(DmpTool.FAILED);
      assertThat(commands.err()).as(rate).contains("huge.csv line 2: ").hasLineCount(1);
    }

    // Another reporting currency: the file's base must be it.
    commands.reset();
    commands.conf().set(ExchangeRates.REPORT_CURRENCY, "USD");
    assertThat(commands.run(new RatesTool(), "--date", DAY, "--load", wrongBase.toString()))
        .as(commands.err())
        .isZero();
    assertThat(run(commands, new RatesTool(), "--date", DAY)).contains("CNY 0.1408");
  }

  private static String purchase(String id, String cookie, String revenue, String currency) {
    return String.format(
        "{\"event_id\":\"%s\",\"event_time\":\"%sT10:15:00+00:00\",\"source\":\"shop\","
            + "\"event_type\":\"purchase\",\"ids\":{\"cookie\":\"%s\"},\"revenue\":%s%s}",
        id, DAY, cookie, revenue, currency == null ? "" : ",\"currency\":\"" + currency + "\"");
  }

  private static String run(CommandRunner commands, DmpTool tool, String... args) throws Exception {
    commands.reset();
    assertThat(commands.run(tool, args)).as(commands.err()).isZero();
    return commands.out();
  }

  private <T> List<T> read(CommandRunner commands, String dataset, Class<T> type)
      throws java.io.IOException {
    return AvroFiles.read(
        commands.conf(),
        new org.apache.hadoop.fs.Path(dir.resolve("base/" + dataset + "/dt=" + DAY).toUri()),
        type);
  }
}
