package dev.dmp.core;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Puts identifier values into canonical form (docs/product.md section 3): e-mail trimmed and
 * lower-cased, phones in E.164, both hashed with SHA-256; advertising ids as lower-case UUIDs; junk
 * values (empty, {@code null}, all-zero, all-same-character, too long, block-listed) refused with a
 * reason. Ingestion and the lookup client both use this class, so a value hashes the same way
 * everywhere. Thread-safe.
 */
public final class IdentifierNormalizer {

  /** Values longer than this never identify anyone. */
  public static final int MAX_VALUE_LENGTH = 256;

  private static final Set<String> JUNK_WORDS =
      Set.of("", "null", "nil", "none", "unknown", "undefined", "-1", "0", "n/a", "na", "(null)");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern UUID_NO_DASHES = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{14,16}");

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JVM has no SHA-256", e);
            }
          });

  /** The outcome of normalising one value: a canonical identifier, or why the value is unusable. */
  public sealed interface Result permits Usable, Junk, UnknownType {}

  /** The value identifies someone. */
  public record Usable(Identifier id) implements Result {}

  /** The value is junk and identifies no one; {@code why} is a short phrase for counters. */
  public record Junk(String why) implements Result {}

  /** The type is neither built in nor configured. */
  public record UnknownType(String type) implements Result {}

  private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
  private final String defaultRegion;
  private final Map<String, IdType.Kind> kinds = new HashMap<>();
  private final Set<String> blockList;

  /**
   * @param defaultRegion ISO 3166 region for phone numbers written without a country code
   * @param extraTypes configured types beyond the built-in ones, treated as opaque strings
   * @param blockList canonical values (before hashing) that identify no one, e.g. a test account
   */
  public IdentifierNormalizer(String defaultRegion, Set<String> extraTypes, Set<String> blockList) {
    this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
    if (!phones.getSupportedRegions().contains(this.defaultRegion)) {
      throw new IllegalArgumentException("unknown phone region '" + defaultRegion + "'");
    }
    for (IdType t : IdType.values()) {
      kinds.put(t.wireName(), t.kind());
    }
    for (String t : extraTypes) {
      kinds.putIfAbsent(t.trim().toLowerCase(Locale.ROOT), IdType.Kind.OPAQUE);
    }
    this.blockList = Set.copyOf(blockList);
  }

  /** Region of phone numbers written without a country code (ISO 3166), default {@code CN}. */
  public static final String PHONE_REGION = "dmp.ids.phone.region";

  /** Comma-separated identifier types beyond the built-in ones, default none. */
  public static final String EXTRA_TYPES = "dmp.ids.extra.types";

  /**
   * Comma-separated values that identify no one, canonical and before hashing, either bare or as
   * {@code type:value}; default none.
   */
  public static final String BLOCK_LIST = "dmp.ids.block.list";

  /** A normaliser with the defaults: region CN, no extra types, empty block list. */
  public static IdentifierNormalizer withDefaults() {
    return new IdentifierNormalizer("CN", Set.of(), Set.of());
  }

  /**
   * A normaliser configured by the keys {@value #PHONE_REGION}, {@value #EXTRA_TYPES} and {@value
   * #BLOCK_LIST}, read through {@code settings} (e.g. {@code conf::get}).
   */
  public static IdentifierNormalizer fromSettings(
      java.util.function.Function<String, String> settings) {
    String region = settings.apply(PHONE_REGION);
    return new IdentifierNormalizer(
        region == null ? "CN" : region,
        csv(settings.apply(EXTRA_TYPES)),
        csv(settings.apply(BLOCK_LIST)));
  }

  private static Set<String> csv(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    Set<String> out = new java.util.HashSet<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  /** Whether {@code type} (lower-case wire name) is known. */
  public boolean knows(String type) {
    return kinds.containsKey(type);
  }

  /** Normalises {@code rawValue} of identifier type {@code type} (case-insensitive type name). */
  public Result normalize(String type, String rawValue) {
    String typeName = type.trim().toLowerCase(Locale.ROOT);
    IdType.Kind kind = kinds.get(typeName);
    if (kind == null) {
      return new UnknownType(typeName);
    }
    if (rawValue == null) {
      return new Junk("empty");
    }
    String v = rawValue.strip();
    if (v.length() > MAX_VALUE_LENGTH) {
      return new Junk("too long");
    }
    if (JUNK_WORDS.contains(v.toLowerCase(Locale.ROOT))) {
      return new Junk("placeholder");
    }
    if (isOneRepeatedCharacter(v)) {
      return new Junk("one repeated character");
    }
    String canonical =
        switch (kind) {
          case OPAQUE -> v;
          case OPAQUE_LOWER -> canonicalUuidOr(v.toLowerCase(Locale.ROOT), true);
          case UUID -> canonicalUuidOr(v.toLowerCase(Locale.ROOT), false);
          case DIGITS -> DIGITS.matcher(v).matches() ? v : null;
          case EMAIL -> email(v);
          case PHONE -> phone(v);
        };
    if (canonical == null) {
      return new Junk("not a valid " + typeName);
    }
    if (blockList.contains(canonical) || blockList.contains(typeName + ":" + canonical)) {
      return new Junk("block-listed");
    }
    if (kind == IdType.Kind.EMAIL || kind == IdType.Kind.PHONE) {
      canonical = HEX64.matcher(canonical).matches() ? canonical : sha256Hex(canonical);
    }
    return new Usable(new Identifier(typeName, canonical));
  }

  private static String canonicalUuidOr(String v, boolean anyOtherAllowed) {
    if (UUID.matcher(v).matches()) {
      return v;
    }
    if (UUID_NO_DASHES.matcher(v).matches()) {
      return v.substring(0, 8)
          + '-'
          + v.substring(8, 12)
          + '-'
          + v.substring(12, 16)
          + '-'
          + v.substring(16, 20)
          + '-'
          + v.substring(20);
    }
    return anyOtherAllowed ? v : null;
  }

  private static String email(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    if (HEX64.matcher(lower).matches()) {
      return lower;
    }
    return EMAIL.matcher(lower).matches() ? lower : null;
  }

  private String phone(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    if (HEX64.matcher(lower).matches()) {
      return lower;
    }
    try {
      PhoneNumber number = phones.parse(v, defaultRegion);
      if (!phones.isValidNumber(number)) {
        return null;
      }
      return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      return null;
    }
  }

  /**
   * True for values such as {@code 00000000-0000-0000-0000-000000000000} or {@code 11111111}: one
   * character repeated, ignoring the separators {@code - : . space}.
   */
  static boolean isOneRepeatedCharacter(String v) {
    char first = 0;
    int seen = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '-' || c == ':' || c == '.' || c == ' ') {
        continue;
      }
      if (seen++ == 0) {
        first = Character.toLowerCase(c);
      } else if (Character.toLowerCase(c) != first) {
        return false;
      }
    }
    return seen > 1 || seen == 0;
  }

  /** SHA-256 of the UTF-8 bytes of {@code s}, as lower-case hex. */
  public static String sha256Hex(String s) {
    MessageDigest md = SHA256.get();
    md.reset();
    return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
