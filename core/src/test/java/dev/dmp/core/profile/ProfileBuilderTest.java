package dev.dmp.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.Geo;
import dev.dmp.avro.Profile;
import dev.dmp.core.money.Amounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ProfileBuilderTest {

  private static final Taxonomy TAXONOMY =
      Taxonomy.parse("/sports = sports\n/sports/tennis = tennis\n/tech = technology\n");
  private static final LocalDate D1 = LocalDate.parse("2026-11-20");

  private static CleanEvent event(
      String id, LocalDate day, int hour, String type, Double revenue, String url, String device) {
    long t = day.atStartOfDay(ZoneOffset.UTC).plusHours(hour).toInstant().toEpochMilli();
    return CleanEvent.newBuilder()
        .setEventId(id)
        .setEventTime(t)
        .setSource("web")
        .setEventType(type)
        .setIds(Map.of("cookie", "c-" + id.charAt(0)))
        .setRevenue(revenue)
        // As clean writes it: the amount as sent, and converted into the reporting currency.
        .setCurrency(revenue == null ? null : "CNY")
        .setRevenueConverted(revenue == null ? null : Amounts.cents(revenue))
        .setConvertedCurrency(revenue == null ? null : "CNY")
        .setUrl(url)
        .setDeviceClass(device)
        .setOs(device == null ? null : "Android 14")
        .setBrowser(device == null ? null : "Chrome 124")
        .setGeo(new Geo("CN", null, id.contains("x") ? "Shanghai" : "Beijing"))
        .setReceivedAt(t)
        .setOriginFile("f")
        .setOriginLine(1L)
        .build();
  }

  @Test
  void countsWindowsDeviceGeoAndDecayedTags() {
    ProfileBuilder b = new ProfileBuilder("P1", D1, TAXONOMY, 14);
    b.add(event("a1", D1, 8, "page_view", null, "https://s.example.com/sports/tennis/x", "Phone"));
    b.add(
        event(
            "a2",
            D1.minusDays(10),
            9,
            "purchase",
            120.5,
            "https://s.example.com/tech/p",
            "Desktop"));
    b.add(
        event("a3x", D1.minusDays(40), 9, "purchase", 10.0, "https://s.example.com/sports", null));
    Profile p =
        b.build(SegmentRules.parse("buyer = count_30d.purchase >= 1\nbig = revenue_30d > 500\n"));

    assertThat(p.getEvents()).containsEntry("page_view", 1L).containsEntry("purchase", 2L);
    assertThat(p.getEvents7d()).containsOnlyKeys("page_view");
    assertThat(p.getEvents30d()).containsEntry("purchase", 1L);
    assertThat(p.getRevenue()).isEqualTo(130.5);
    assertThat(p.getRevenue30d()).isEqualTo(120.5);
    assertThat(p.getDays())
        .hasSize(2); // the 40-day-old event left the 30-day buckets, not the lifetime counts
    assertThat(p.getDeviceClass()).isEqualTo("Phone");
    assertThat(p.getTopGeo()).isEqualTo("CN/Beijing");
    assertThat(p.getTags().get("tennis")).isEqualTo(1.0); // longest prefix, today: weight 1
    assertThat(p.getTags().get("technology"))
        .isCloseTo(Math.pow(0.5, 10 / 14.0), Offset.offset(1e-12));
    assertThat(p.getTags().get("sports")).isCloseTo(Math.pow(0.5, 40 / 14.0), Offset.offset(1e-12));
    assertThat(p.getSegments()).containsExactly("buyer");
  }

  @Test
  void buildingDayByDayEqualsBuildingFromAllDaysAtOnce() {
    Random r = new Random(9);
    List<List<CleanEvent>> days = new ArrayList<>();
    for (int d = 0; d < 5; d++) {
      List<CleanEvent> events = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String[] types = {"page_view", "click", "purchase"};
        events.add(
            event(
                "e" + d + "-" + i,
                D1.plusDays(d).minusDays(r.nextInt(2)),
                r.nextInt(24),
                types[r.nextInt(3)],
                r.nextInt(5) == 0 ? 10.0 + r.nextInt(100) : null,
                r.nextBoolean() ? "https://x.example.com/sports/a" : "https://x.example.com/tech/b",
                r.nextBoolean() ? "Phone" : "Desktop"));
      }
      days.add(events);
    }
    SegmentRules rules = SegmentRules.parse("active = events_7d >= 20\nsporty = tags.sports > 3\n");
    Profile snapshot = null;
    for (int d = 0; d < 5; d++) {
      ProfileBuilder b = new ProfileBuilder("P", D1.plusDays(d), TAXONOMY, 14);
      if (snapshot != null) {
        b.add(snapshot);
      }
      days.get(d).forEach(b::add);
      snapshot = b.build(rules);
    }
    ProfileBuilder full = new ProfileBuilder("P", D1.plusDays(4), TAXONOMY, 14);
    days.forEach(day -> day.forEach(full::add));
    Profile recomputed = full.build(rules);

    ProfileAssert.assertSameProfile(snapshot, recomputed);
  }

  @Test
  void rulesThatCannotRunStopBeforeAnyTaskWithTheSegmentsName() {
    assertThatThrownBy(() -> SegmentRules.parse("broken = events >= \n"))
        .hasMessageStartingWith("segment broken:");
    assertThatThrownBy(() -> SegmentRules.parse("typo = evnets > 1\n"))
        .hasMessageStartingWith("segment typo:");
    assertThatThrownBy(() -> SegmentRules.parse("number = events + 1\n"))
        .hasMessageContaining("is not a condition");
    assertThatThrownBy(() -> SegmentRules.parse("Bad-Name = true\n"))
        .hasMessageContaining("lower-case word");
  }

  @Test
  void aCountOrTagThatCannotExistIsATypoNotAZero() {
    SegmentRules typo = SegmentRules.parse("buyer = count_30d.purchse >= 1\n");
    assertThatThrownBy(() -> typo.checkNames(Set.of("sports"), SegmentRules.EVENT_TYPES))
        .hasMessageStartingWith("segment buyer: count_30d.purchse counts an unknown event type")
        .hasMessageContaining("purchase")
        .hasMessageContaining("dmp.profile.extra.event.types");
    SegmentRules tag = SegmentRules.parse("fan = tags.sprots > 1 || count.page_view > 3\n");
    assertThatThrownBy(() -> tag.checkNames(Set.of("sports"), SegmentRules.EVENT_TYPES))
        .hasMessage("segment fan: tags.sprots is not a tag of the taxonomy (sports)");
    SegmentRules.parse("fan = tags.sports > 1 && count_7d.refund >= 1\n")
        .checkNames(Set.of("sports"), Set.of("refund"));
  }

  @Test
  void theShippedRulesAndTaxonomyParse() throws Exception {
    Path conf = Path.of("..", "conf");
    assertThat(SegmentRules.parse(Files.readString(conf.resolve("segments.properties"))).size())
        .isGreaterThanOrEqualTo(5);
    assertThat(
            Taxonomy.parse(Files.readString(conf.resolve("taxonomy.properties")))
                .tag("https://a.example.com/sports/x"))
        .isEqualTo("sports");
  }

  @Test
  void aSegmentRuleCannotTouchTheMachine(@org.junit.jupiter.api.io.TempDir Path tmp) {
    Path victim = tmp.resolve("x");
    for (String rule :
        List.of(
            "new('java.io.FileOutputStream', '" + victim + "') != null",
            "device_class.class.name == 'java.lang.String'",
            "''.getClass() != null",
            "events = 1",
            "`${new('java.io.File', '/')}` != ''")) {
      assertThatThrownBy(() -> SegmentRules.parse("p = " + rule + "\n"))
          .as(rule)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("segment p: ")
          .hasMessageNotContaining("\n");
    }
    assertThat(victim).doesNotExist();
  }
}
