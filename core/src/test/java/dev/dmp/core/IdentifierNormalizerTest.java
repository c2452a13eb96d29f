package dev.dmp.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierNormalizerTest {

  private final IdentifierNormalizer n = IdentifierNormalizer.withDefaults();

  private String canonical(String type, String value) {
    IdentifierNormalizer.Result r = n.normalize(type, value);
    assertThat(r).as(type + " " + value).isInstanceOf(IdentifierNormalizer.Usable.class);
    return ((IdentifierNormalizer.Usable) r).id().toString();
  }

  @Test
  void emailSpellingsHashAlikeAndNeverShowTheAddress() {
    String expected = "email:" + IdentifierNormalizer.sha256Hex("alice@example.com");
    assertThat(canonical("email", "alice@example.com")).isEqualTo(expected);
    assertThat(canonical("EMAIL", "  Alice@EXAMPLE.com ")).isEqualTo(expected);
    assertThat(expected).doesNotContain("alice");
    // A known SHA-256 value, so that anyone can reproduce the hash.
    assertThat(IdentifierNormalizer.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void phoneSpellingsGoToE164BeforeHashing() {
    String expected = "phone:" + IdentifierNormalizer.sha256Hex("+8613800138000");
    assertThat(canonical("phone", "13800138000")).isEqualTo(expected);
    assertThat(canonical("phone", "+86 138 0013 8000")).isEqualTo(expected);
    assertThat(canonical("phone", "+86-138-0013-8000")).isEqualTo(expected);
    assertThat(canonical("phone", "0086 138 0013 8000")).isEqualTo(expected);
  }

  @Test
  void theDefaultRegionIsConfigurable() {
    IdentifierNormalizer us =
        IdentifierNormalizer.fromSettings(
            k -> k.equals(IdentifierNormalizer.PHONE_REGION) ? "US" : null);
    assertThat(((IdentifierNormalizer.Usable) us.normalize("phone", "(650) 253-0000")).id().value())
        .isEqualTo(IdentifierNormalizer.sha256Hex("+16502530000"));
  }

  @Test
  void aValueThatIsAlreadyASha256IsTakenAsHashed() {
    String hash = IdentifierNormalizer.sha256Hex("bob@example.com");
    assertThat(canonical("email", hash.toUpperCase())).isEqualTo("email:" + hash);
    assertThat(canonical("phone", hash)).isEqualTo("phone:" + hash);
  }

  @Test
  void advertisingIdsBecomeLowerCaseUuids() {
    assertThat(canonical("idfa", "6D92078A-8246-4BA4-AE5B-76104861E7DC"))
        .isEqualTo("idfa:6d92078a-8246-4ba4-ae5b-76104861e7dc");
    assertThat(canonical("gaid", "6d92078a82464ba4ae5b76104861e7dc"))
        .isEqualTo("gaid:6d92078a-8246-4ba4-ae5b-76104861e7dc");
    assertThat(n.normalize("idfa", "not-a-uuid")).isInstanceOf(IdentifierNormalizer.Junk.class);
  }

  @ParameterizedTest
  @CsvSource({
    "cookie,''",
    "cookie,null",
    "cookie,NULL",
    "cookie,undefined",
    "cookie,unknown",
    "user_id,-1",
    "device_id,00000000-0000-0000-0000-000000000000",
    "idfa,00000000-0000-0000-0000-000000000000",
    "imei,000000000000000",
    "phone,11111111111",
    "email,not-an-email",
    "phone,12",
    "imei,12ab"
  })
  void junkNeverIdentifiesAnyone(String type, String value) {
    assertThat(n.normalize(type, value)).isInstanceOf(IdentifierNormalizer.Junk.class);
  }

  @Test
  void overlongValuesAndBlockListedOnesAreJunk() {
    assertThat(n.normalize("cookie", "c".repeat(100) + "d".repeat(200)))
        .isInstanceOf(IdentifierNormalizer.Junk.class);
    IdentifierNormalizer blocking =
        new IdentifierNormalizer("CN", Set.of(), Set.of("test-account", "email:qa@example.com"));
    assertThat(blocking.normalize("user_id", "test-account"))
        .isInstanceOf(IdentifierNormalizer.Junk.class);
    assertThat(blocking.normalize("email", "QA@example.com"))
        .isInstanceOf(IdentifierNormalizer.Junk.class);
    assertThat(blocking.normalize("email", "other@example.com"))
        .isInstanceOf(IdentifierNormalizer.Usable.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"loyalty_id", "LOYALTY_ID"})
  void configuredTypesAreOpaqueAndOthersUnknown(String type) {
    assertThat(n.normalize(type, "L-1")).isInstanceOf(IdentifierNormalizer.UnknownType.class);
    IdentifierNormalizer extra =
        IdentifierNormalizer.fromSettings(
            k -> k.equals(IdentifierNormalizer.EXTRA_TYPES) ? "loyalty_id, crm_key" : null);
    assertThat(((IdentifierNormalizer.Usable) extra.normalize(type, " L-1 ")).id())
        .isEqualTo(new Identifier("loyalty_id", "L-1"));
  }

  @Test
  void identifierStringsSplitAtTheFirstColon() {
    assertThat(Identifier.parse("cookie:a:b")).isEqualTo(new Identifier("cookie", "a:b"));
    assertThat(new Identifier("email", "x").toString()).isEqualTo("email:x");
  }
}
