package dev.dmp.core.profile;

import dev.dmp.core.UrlCanonicalizer;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Interest tags of pages: {@code path-prefix = tag} lines (Java properties), the longest matching
 * prefix wins. Configured in {@code conf/taxonomy.properties}.
 */
public final class Taxonomy {

  private final TreeMap<String, String> byPrefix = new TreeMap<>();

  public Taxonomy(Map<String, String> prefixToTag) {
    byPrefix.putAll(prefixToTag);
  }

  /** Parses properties text; a line without a tag is an error naming it. */
  public static Taxonomy parse(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text == null ? "" : text));
    } catch (IOException e) {
      throw new IllegalArgumentException("taxonomy: " + e.getMessage(), e);
    }
    Map<String, String> m = new TreeMap<>();
    for (String prefix : p.stringPropertyNames()) {
      String tag = p.getProperty(prefix).strip();
      if (tag.isEmpty() || !prefix.startsWith("/")) {
        throw new IllegalArgumentException(
            "taxonomy: '" + prefix + "' must be a path starting with / and name a tag");
      }
      m.put(prefix, tag);
    }
    return new Taxonomy(m);
  }

  /** Every tag the taxonomy can give. */
  public java.util.Set<String> tags() {
    return new java.util.TreeSet<>(byPrefix.values());
  }

  /** The tag of a canonical URL, or null. */
  public String tag(String url) {
    if (url == null || byPrefix.isEmpty()) {
      return null;
    }
    // A URI's parse was a tenth of the profile reducer's time; the common shape is one scan.
    String path = UrlCanonicalizer.rawPath(url);
    if (path == null) {
      return null;
    }
    // Every prefix of the path sorts at or below it, longer ones higher: walking down from the
    // path, the first prefix met is the longest.
    for (Map.Entry<String, String> e = byPrefix.floorEntry(path);
        e != null;
        e = byPrefix.lowerEntry(e.getKey())) {
      if (path.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }
}
