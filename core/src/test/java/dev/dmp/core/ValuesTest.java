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

  @Test
  void ipAddressesAreCutToTheirNetwork() {
    assertThat(IpPrefix.of("203.0.113.77")).isEqualTo("203.0.113.0/24");
    assertThat(IpPrefix.of("2001:db8:85a3::8a2e:370:7334")).isEqualTo("2001:db8:85a3::/48");
    assertThat(IpPrefix.of("256.1.1.1")).isNull();
    assertThat(IpPrefix.of("example.com")).isNull(); // never a name lookup
    assertThat(IpPrefix.of("1.2.3")).isNull();
  }
}
