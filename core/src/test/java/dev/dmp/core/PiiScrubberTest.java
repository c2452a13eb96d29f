package dev.dmp.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PiiScrubberTest {

  private final PiiScrubber scrubber =
      new PiiScrubber(IdentifierNormalizer.withDefaults(), Set.of("order_id"));

  @Test
  void personalQueryParametersAreRemovedAndTheRestKeptAsSent() {
    assertThat(
            scrubber.url(
                "https://shop.example.com/checkout?email=alice%40ex.com&utm_source=mail_list"
                    + "&ref=bob@example.org&step=2&tel=%2B86%20138%200013%208000&q=red+shoes"))
        .isEqualTo("https://shop.example.com/checkout?utm_source=mail_list&step=2&q=red+shoes");
    assertThat(scrubber.removed()).isEqualTo(3);
    assertThat(scrubber.url("https://x.example/p?phone_number=&password=hunter2"))
        .isEqualTo("https://x.example/p");
    assertThat(scrubber.url("https://x.example/p?contact=13800138000"))
        .as("a Chinese mobile number, without its name")
        .isEqualTo("https://x.example/p");
  }

  @Test
  void numbersThatAreNotPhonesAndAllowedNamesAreKept() {
    String url =
        "https://x.example/p?ts=1795140000000&order_id=13800138000&hotel=7&page=12&id=a-1234567";
    assertThat(scrubber.url(url)).isEqualTo(url);
    assertThat(scrubber.url("https://x.example/")).isEqualTo("https://x.example/");
    assertThat(scrubber.url(null)).isNull();
  }

  @Test
  void propertiesAreJudgedByNameAndValue() {
    assertThat(scrubber.personal("Customer_Email", "x")).isTrue();
    assertThat(scrubber.personal("note", "write to alice@example.com")).isFalse();
    assertThat(scrubber.personal("contact", "alice@example.com")).isTrue();
    assertThat(scrubber.personal("size", "42")).isFalse();
  }

  @Test
  void userInfoIsNeverKept() {
    assertThat(UrlCanonicalizer.canonicalize("https://alice:secret@example.com/a?b=1"))
        .isEqualTo("https://example.com/a?b=1");
  }
}
