package dev.dmp.core.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The patterns of the crawler-user-agents list, matched fast. Joined into one alternation, the
 * 1,500 patterns cost about 1.7 ms per user agent (java.util.regex tries every alternative at every
 * position; RE2J was slower still). Nearly every pattern contains a literal that any match must
 * contain, its anchor ({@link #anchor}), so a user agent is first looked up by the three-character
 * prefixes of those anchors, and only the patterns whose anchor occurs in it are run. Patterns
 * without a safe anchor always run. Immutable and thread-safe.
 */
public final class CrawlerPatterns {

  private record Candidate(String anchor, Pattern pattern) {}

  private final Map<String, List<Candidate>> byPrefix = new HashMap<>();
  private final List<Candidate> shortAnchors = new ArrayList<>();
  private final List<Pattern> alwaysRun = new ArrayList<>();
  private final int size;

  public CrawlerPatterns(List<String> regexes) {
    for (String regex : regexes) {
      Pattern p = Pattern.compile(regex);
      String anchor = anchor(regex);
      if (anchor == null || anchor.isEmpty()) {
        alwaysRun.add(p);
      } else if (anchor.length() < 3) {
        shortAnchors.add(new Candidate(anchor, p));
      } else {
        byPrefix
            .computeIfAbsent(anchor.substring(0, 3), k -> new ArrayList<>())
            .add(new Candidate(anchor, p));
      }
    }
    size = regexes.size();
  }

  /** The list shipped on the class path. */
  public static CrawlerPatterns load() {
    try (InputStream in =
        CrawlerPatterns.class.getResourceAsStream(UserAgentClassifier.CRAWLER_LIST)) {
      if (in == null) {
        throw new IllegalStateException(
            UserAgentClassifier.CRAWLER_LIST + " is missing from the class path");
      }
      List<String> regexes = new ArrayList<>();
      for (JsonNode entry : new ObjectMapper().readTree(in)) {
        regexes.add(entry.get("pattern").asText());
      }
      return new CrawlerPatterns(regexes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + UserAgentClassifier.CRAWLER_LIST, e);
    }
  }

  public int size() {
    return size;
  }

  public int unanchored() {
    return alwaysRun.size();
  }

  /** Whether any pattern is found in {@code ua}. */
  public boolean matches(String ua) {
    for (int i = 0; i + 3 <= ua.length(); i++) {
      List<Candidate> candidates = byPrefix.get(ua.substring(i, i + 3));
      if (candidates != null) {
        for (Candidate c : candidates) {
          if (ua.startsWith(c.anchor, i) && c.pattern.matcher(ua).find()) {
            return true;
          }
        }
      }
    }
    for (Candidate c : shortAnchors) {
      if (ua.contains(c.anchor) && c.pattern.matcher(ua).find()) {
        return true;
      }
    }
    for (Pattern p : alwaysRun) {
      if (p.matcher(ua).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The longest literal that every match of {@code regex} contains, or null when none can be told
   * safely. Conservative: only literals outside groups and classes count; a character made
   * optional by {@code ? * {} is dropped; an alternation outside groups gives no anchor.
   */
  public static String anchor(String regex) {
    StringBuilder run = new StringBuilder();
    String best = "";
    int depth = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      switch (c) {
        case '\\' -> {
          if (i + 1 >= regex.length()) {
            return null;
          }
          char next = regex.charAt(++i);
          if (Character.isLetterOrDigit(next)) {
            best = longer(best, run); // \d, \w, \s, \b ...: not a literal
          } else if (depth == 0) {
            run.append(next);
          }
        }
        case '[' -> {
          best = longer(best, run);
          i = regex.indexOf(']', i + 2); // a class never ends right after its opening bracket
          if (i < 0) {
            return null;
          }
        }
        case '(' -> {
          best = longer(best, run);
          depth++;
        }
        case ')' -> {
          best = longer(best, run);
          depth--;
        }
        case '|' -> {
          if (depth == 0) {
            return null;
          }
        }
        case '?', '*', '{' -> {
          if (depth == 0 && run.length() > 0) {
            run.setLength(run.length() - 1);
          }
          best = longer(best, run);
          if (c == '{') {
            i = regex.indexOf('}', i);
            if (i < 0) {
              return null;
            }
          }
        }
        case '+', '.', '^', '$' -> best = longer(best, run);
        default -> {
          if (depth == 0) {
            run.append(c);
          }
        }
      }
    }
    return longer(best, run);
  }

  private static String longer(String best, StringBuilder run) {
    String r = run.toString();
    run.setLength(0);
    return r.length() > best.length() ? r : best;
  }
}
