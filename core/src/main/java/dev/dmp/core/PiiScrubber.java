package dev.dmp.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Removes personal data that arrives outside {@code ids}: a query parameter of a URL or referrer,
 * or a property, whose name says it is an e-mail address, a phone number or a password, or whose
 * value (percent-decoded) is a usable e-mail address or phone number. Parameters named in the
 * allow-list ({@value #KEEP_PARAMS}) are kept as sent. The identifiers a person is known by are
 * hashed in {@code ids}; nothing else after cleaning holds them in the clear. Not thread-safe: it
 * counts what it removed.
 */
public final class PiiScrubber {

  /** Query parameters and property names kept as sent, comma-separated (lower-case). */
  public static final String KEEP_PARAMS = "dmp.clean.keep.params";

  /** Words that make a parameter's or property's name personal, wherever they are in it. */
  private static final String[] PERSONAL_WORDS = {
    "email", "mail", "phone", "mobile", "msisdn", "telephone", "password", "passwd", "pwd"
  };

  /** Names that are personal as a whole word only ({@code tel}, not {@code hotel}). */
  private static final Set<String> PERSONAL_NAMES = Set.of("tel", "cell", "pass");

  private final IdentifierNormalizer normalizer;
  private final Set<String> keep;
  private long removed;

  public PiiScrubber(IdentifierNormalizer normalizer, Set<String> keep) {
    this.normalizer = normalizer;
    this.keep = keep;
  }

  /** How many parameters and properties were removed so far. */
  public long removed() {
    return removed;
  }

  /** Whether a named value is personal data that must not be kept. */
  public boolean personal(String name, String value) {
    String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (keep.contains(key)) {
      return false;
    }
    return personalName(key) || value != null && personalValue(value);
  }

  /** Counts one removal by the caller (a property it dropped after {@link #personal}). */
  public void countRemoved() {
    removed++;
  }

  /** {@code url} (canonical, or null) without its personal query parameters. */
  public String url(String url) {
    if (url == null) {
      return null;
    }
    int q = url.indexOf('?');
    if (q < 0) {
      return url;
    }
    StringBuilder kept = new StringBuilder(url.length());
    kept.append(url, 0, q);
    char sep = '?';
    for (String param : url.substring(q + 1).split("&", -1)) {
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String name = decode(eq < 0 ? param : param.substring(0, eq));
      String value = eq < 0 ? null : decode(param.substring(eq + 1));
      if (personal(name, value)) {
        removed++;
        continue;
      }
      kept.append(sep).append(param);
      sep = '&';
    }
    return kept.toString();
  }

  private static boolean personalName(String key) {
    // Called for every property of every event: letters kept by a loop, not a regular expression.
    StringBuilder kept = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c >= 'a' && c <= 'z') {
        kept.append(c);
      }
    }
    String letters = kept.toString();
    for (String word : PERSONAL_WORDS) {
      if (letters.contains(word)) {
        return true;
      }
    }
    return PERSONAL_NAMES.contains(letters);
  }

  private boolean personalValue(String value) {
    String v = value.strip();
    if (v.length() < 5 || v.length() > 254) {
      return false;
    }
    if (v.indexOf('@') > 0) {
      return normalizer.normalize("email", v) instanceof IdentifierNormalizer.Usable;
    }
    int digits = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if ("+-(). ".indexOf(c) < 0) {
        return false;
      }
    }
    return digits >= 7
        && digits <= 15
        && normalizer.normalize("phone", v) instanceof IdentifierNormalizer.Usable;
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      return s;
    }
  }
}
