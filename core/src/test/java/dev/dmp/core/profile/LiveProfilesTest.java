package dev.dmp.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.Profile;
import dev.dmp.core.money.Amounts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveProfilesTest {

  private static final Taxonomy TAXONOMY = Taxonomy.parse("/sports = sports\n");
  private static final LocalDate DAY = LocalDate.parse("2026-11-21");
  private static final SegmentRules RULES =
      SegmentRules.parse(
          "buyer_30d = count_30d.purchase >= 1\n"
              + "active_7d = events_7d >= 5\n"
              + "big = revenue_30d > 500\n");
  private final LiveProfiles live = new LiveProfiles(TAXONOMY, 14, "CNY", RULES);

  private static CleanEvent event(String id, int hour, String type, Double revenue) {
    long t = DAY.atStartOfDay(ZoneOffset.UTC).plusHours(hour).toInstant().toEpochMilli();
    return CleanEvent.newBuilder()
        .setEventId(id)
        .setEventTime(t)
        .setSource("web")
        .setEventType(type)
        .setIds(Map.of("cookie", "c1"))
        .setRevenue(revenue)
        .setCurrency(revenue == null ? null : "CNY")
        .setRevenueConverted(revenue == null ? null : Amounts.cents(revenue))
        .setConvertedCurrency(revenue == null ? null : "CNY")
        .setUrl("https://s.example.com/sports/x")
        .setReceivedAt(t)
        .setOriginFile("web-0")
        .setOriginLine(1L)
        .build();
  }

  @Test
  void todayFoldedEventByEventIsWhatTheDailyBuilderMakesOfTheSameEvents() {
    List<CleanEvent> events =
        List.of(
            event("e1", 3, "page_view", null),
            event("e2", 9, "purchase", 99.5),
            event("e3", 1, "click", null));
    Profile today = null;
    for (CleanEvent e : events) {
      today = live.add("P1", DAY, today, e);
    }
    ProfileBuilder daily = new ProfileBuilder("P1", DAY, TAXONOMY, 14, "CNY");
    events.forEach(daily::add);
    Profile expected = daily.build(RULES);

    assertThat(today.getEvents()).isEqualTo(expected.getEvents());
    assertThat(today.getRevenueAmount()).isEqualByComparingTo(expected.getRevenueAmount());
    assertThat(today.getTags()).isEqualTo(expected.getTags());
    assertThat(live.segments("P1", DAY, null, today)).isEqualTo(expected.getSegments());
  }

  @Test
  void aLoadedProfileKeepsItsWindowsAndTodayEntersASegmentOnTopOfThem() {
    LiveProfiles.Loaded loaded =
        new LiveProfiles.Loaded(
            "P1",
            DAY.minusDays(1).toString(),
            Map.of("cookie", List.of("c1")),
            DAY.minusDays(20).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
            DAY.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
            Map.of("page_view", 12L),
            Map.of("page_view", 4L),
            Map.of("page_view", 9L),
            new BigDecimal("450.00"),
            new BigDecimal("0"),
            new BigDecimal("450.00"),
            Map.of(),
            null,
            null,
            null,
            null,
            List.of());
    Profile snapshot = LiveProfiles.snapshotOf(loaded, "CNY");
    ProfileBuilder asOfToday = new ProfileBuilder("P1", DAY, TAXONOMY, 14, "CNY");
    asOfToday.add(snapshot);
    Profile carried = asOfToday.build(RULES);
    assertThat(carried.getEvents7d()).containsEntry("page_view", 4L);
    assertThat(carried.getEvents30d()).containsEntry("page_view", 9L);
    assertThat(carried.getRevenue30d()).isEqualTo(450.0);
    assertThat(carried.getSegments()).isEmpty();

    // One page view today makes five in 7 days; a purchase of 60 makes 510 in 30 days.
    Profile today = live.add("P1", DAY, null, event("e1", 2, "page_view", null));
    today = live.add("P1", DAY, today, event("e2", 3, "purchase", 60.0));
    List<String> now = live.segments("P1", DAY, snapshot, today);
    assertThat(now).containsExactly("active_7d", "big", "buyer_30d");
    assertThat(LiveProfiles.entered(List.of("big"), now)).containsExactly("active_7d", "buyer_30d");
  }
}
