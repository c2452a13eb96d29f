package dev.dmp.mapreduce.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.core.quality.QualityGate;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityGateTest {

  private static final QualityGate.Limits LIMITS = new QualityGate.Limits(0.05, 0.5, 3, 10);

  @Test
  void aDayWithinTheLimitsPasses() {
    assertThat(QualityGate.checkClean(1000, 50, List.of(900L, 1000L, 1100L), LIMITS)).isEmpty();
  }

  @Test
  void aHighRejectRateFailsNamingTheRateAndTheLimit() {
    assertThat(QualityGate.checkClean(1000, 101, List.of(), LIMITS))
        .containsExactly(
            "reject rate 10.10 % (101 of 1000 records) is above the limit of 5.00 % (dmp.gate.max.reject.rate)");
  }

  @Test
  void oneBadRecordOfAFirstSmallDayDoesNotStopIt() {
    assertThat(QualityGate.checkClean(3, 1, List.of(), LIMITS)).isEmpty();
    assertThat(QualityGate.checkClean(30, 10, List.of(), LIMITS))
        .singleElement()
        .asString()
        .startsWith("reject rate 33.33 % (10 of 30 records)");
  }

  @Test
  void aVolumeDropAgainstTheTrailingMedianFailsOnceThereIsHistory() {
    assertThat(QualityGate.checkClean(400, 0, List.of(1000L, 5000L, 900L, 1100L), LIMITS))
        .singleElement()
        .asString()
        .startsWith("volume 400 records is 61.9 % below the median of the previous 4 days (1050)")
        .endsWith("(dmp.gate.max.volume.drop)");
    assertThat(QualityGate.checkClean(400, 0, List.of(1000L, 1000L), LIMITS))
        .isEmpty(); // too little history
    assertThat(QualityGate.checkClean(0, 0, List.of(), LIMITS))
        .containsExactly("no records were read");
  }

  @Test
  void eachCurrencyWithoutARateIsOneFailureNamingItsEvents() {
    assertThat(
            QualityGate.checkRates(
                "2026-03-04", new java.util.TreeMap<>(java.util.Map.of("JPY", 1L, "USD", 3L))))
        .containsExactly(
            "1 event has revenue in JPY, which has no exchange rate on 2026-03-04: load the day's"
                + " rates (dmp rates --date 2026-03-04 --load FILE) and run the day again",
            "3 events have revenue in USD, which has no exchange rate on 2026-03-04: load the"
                + " day's rates (dmp rates --date 2026-03-04 --load FILE) and run the day again");
    assertThat(QualityGate.checkRates("2026-03-04", java.util.Map.of())).isEmpty();
  }
}
