package dev.dmp.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Event times, URLs and IP prefixes. */
class ValuesTest {

  @Test
  void eventTimesAreIsoWithOffsetOrEpochMillis() throws Exception {
    long expected = java.time.Instant.parse("2026-11-20T00:15:30.123Z").toEpochMilli();
    assertThat(EventTimes.parse("2026-11-20T08:15:30.123+08:00")).isEqualTo(expected);
    assertThat(EventTimes.parse("2026-11-20T00:15:30.123Z")).isEqualTo(expected);
    assertThat(EventTimes.parse(Long.toString(expected))).isEqualTo(expected);
    assertThatThrownBy(() -> EventTimes.parse("2026-11-20T08:15:30"))
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> EventTimes.parse("1795140000")).hasMessageContaining("seconds");
    assertThatThrownBy(() -> EventTimes.parse("99999999999999999999"))
        .hasMessageContaining("out of range");
  }

  /**
   * The fast path for the common shape reads every time as the ISO formatter does, or not at all.
   */
  @Test
  void theCommonShapeIsReadAsTheFormatterReadsIt() throws Exception {
    java.util.Random random = new java.util.Random(11);
    String[] offsets = {"Z", "+08:00", "-05:30", "+18:00", "-18:00", "+00:00", "+14:45"};
    String[] fractions = {"", ".1", ".12", ".123", ".1234", ".123456789", ".999"};
    int fast = 0;
    for (int i = 0; i < 20_000; i++) {
      String t =
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
              1970 + random.nextInt(100),
              1 + random.nextInt(12),
              1 + random.nextInt(31),
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60),
              fractions[random.nextInt(fractions.length)],
              offsets[random.nextInt(offsets.length)]);
      long common = EventTimes.common(t);
      Long reference = reference(t);
      if (common != Long.MIN_VALUE) {
        fast++;
        assertThat(common).as(t).isEqualTo(reference);
      }
      if (reference != null) {
        assertThat(EventTimes.parse(t)).as(t).isEqualTo(reference);
      } else {
        assertThatThrownBy(() -> EventTimes.parse(t)).as(t).hasMessageContaining("ISO-8601");
      }
    }
    assertThat(fast).isGreaterThan(15_000); // days 29-31 of short months fall back, and are refused
    for (String odd :
        new String[] {
          "2024-02-29T10:00:00Z", // a leap day
          "2025-02-29T10:00:00Z", // not one
          "2026-11-20T24:00:00Z",
          "2026-11-20T10:00:60Z",
          "2026-11-20T10:00:00+19:00",
          "2026-11-20T10:00:00.Z",
          "2026-11-20T10:00:00.1234567890Z",
          "2026-11-20T10:00:00+0800",
          "2026-11-20T10:00+08:00",
          "2026-11-20T10:00:00+08:00:30",
          "+12026-11-20T10:00:00Z",
          "2026-11-20t10:00:00z"
        }) {
      Long reference = reference(odd);
      long common = EventTimes.common(odd);
      if (common != Long.MIN_VALUE) {
        assertThat(common).as(odd).isEqualTo(reference);
      }
      if (reference == null) {
        assertThatThrownBy(() -> EventTimes.parse(odd)).as(odd).isNotNull();
      } else {
        assertThat(EventTimes.parse(odd)).as(odd).isEqualTo(reference);
      }
    }
  }

  private static Long reference(String t) {
    try {
      return java.time.OffsetDateTime.parse(
              t, java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  @Test
  void urlsAreCanonical() {
    assertThat(UrlCanonicalizer.canonicalize("HTTPS://Shop.Example.COM:443/Path/X?q=A#frag"))
        .isEqualTo("https://shop.example.com/Path/X?q=A");
    assertThat(UrlCanonicalizer.canonicalize("http://example.com:80"))
        .isEqualTo("http://example.com/");
    assertThat(UrlCanonicalizer.canonicalize("http://example.com:8080/a"))
        .isEqualTo("http://example.com:8080/a");
    assertThat(UrlCanonicalizer.canonicalize("/relative/path")).isNull();
    assertThat(UrlCanonicalizer.canonicalize("http://bad host/")).isNull();
  }

  /**
   * The single scan of the common shape gives what {@link java.net.URI} gives, for random URLs made
   * of the pieces that decide it (schemes, host names good and bad, ports, characters a URI takes
   * or refuses in paths, queries and fragments, escapes good and bad), and takes most of the
   * ordinary ones itself.
   */
  @Test
  void theCommonShapeIsCanonicalAsUriMakesIt() {
    java.util.Random random = new java.util.Random(13);
    String[] schemes = {"http://", "https://", "HTTP://", "HtTpS://", "ftp://", "http:/", "http:"};
    String[] labels = {"shop", "Example", "a", "x-1", "1a", "-a", "a-", "a_b", "", "123", "Z9"};
    String[] ports = {"", "", "", ":80", ":443", ":8080", ":", ":0443", ":99999", ":8a", "@h"};
    String[] pieces = {
      "a",
      "Z",
      "0",
      "/",
      "-",
      "_",
      ".",
      "!",
      "~",
      "*",
      "'",
      "(",
      ")",
      ";",
      ":",
      "@",
      "&",
      "=",
      "+",
      "$",
      ",",
      "%2F",
      "%e2%82%ac",
      "%zz",
      "%4",
      " ",
      "é",
      "[",
      "]",
      "|",
      "\"",
      "{",
      "<",
      "^",
      "`",
      "\\",
      "?",
      "#",
      "//"
    };
    int common = 0;
    for (int n = 0; n < 200_000; n++) {
      // Each part mostly one of the first, ordinary choices, sometimes any.
      StringBuilder url = new StringBuilder(pick(random, schemes, 4));
      int hostLabels = 1 + random.nextInt(3);
      for (int l = 0; l < hostLabels; l++) {
        url.append(l > 0 ? "." : "").append(pick(random, labels, 4));
      }
      url.append(pick(random, ports, 6));
      int length = random.nextInt(8);
      for (int c = 0; c < length; c++) {
        // Mostly ordinary characters, so that most URLs have the common shape.
        url.append(random.nextInt(3) > 0 ? "p" : pieces[random.nextInt(pieces.length)]);
      }
      String u = random.nextInt(20) == 0 ? " " + url + "\t" : url.toString();
      String expected = UrlCanonicalizer.byUri(u);
      assertThat(UrlCanonicalizer.canonicalize(u)).as(u).isEqualTo(expected);
      assertThat(UrlCanonicalizer.rawPath(u)).as(u).isEqualTo(rawPathByUri(u));
      if (expected != null) {
        assertThat(UrlCanonicalizer.rawPath(expected))
            .as(expected)
            .isEqualTo(rawPathByUri(expected));
      }
      if (UrlCanonicalizer.common(u.strip()) != null) {
        common++;
      }
    }
    assertThat(common).as("URLs read by the single scan").isGreaterThan(20_000);
  }

  private static String rawPathByUri(String url) {
    try {
      return new java.net.URI(url).getRawPath();
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static String pick(java.util.Random random, String[] choices, int ordinary) {
    return choices[
        random.nextInt(5) > 0 ? random.nextInt(ordinary) : random.nextInt(choices.length)];
  }

  @Test
  void ipAddressesAreCutToTheirNetwork() {
    assertThat(IpPrefix.of("203.0.113.77")).isEqualTo("203.0.113.0/24");
    assertThat(IpPrefix.of("2001:db8:85a3::8a2e:370:7334")).isEqualTo("2001:db8:85a3::/48");
    assertThat(IpPrefix.of("256.1.1.1")).isNull();
    assertThat(IpPrefix.of("example.com")).isNull(); // never a name lookup
    assertThat(IpPrefix.of("1.2.3")).isNull();
  }
}
