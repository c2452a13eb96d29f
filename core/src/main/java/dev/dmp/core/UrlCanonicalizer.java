package dev.dmp.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Canonical URLs: scheme and host lower-case, default port, user info and fragment removed, path
 * and query kept as sent ({@link PiiScrubber} then removes the query's personal parameters).
 *
 * <p>The URLs of the common shape (http or https, a host name, a port of digits, then only the
 * characters a URI allows in its path, query and fragment, escapes well formed) are read by a
 * single scan; anything else goes to {@link URI}, which had a tenth of clean's time when it read
 * every URL. Both give the same answer for every URL (a test compares them on random ones).
 */
public final class UrlCanonicalizer {

  private UrlCanonicalizer() {}

  /** The canonical form of an absolute http(s) URL, or {@code null} if it is not one. */
  public static String canonicalize(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String fast = common(url.strip());
    return fast != null ? fast : byUri(url);
  }

  /** Characters a URI allows in a path besides letters, digits and escapes. */
  private static final String PATH_MARKS = "-_.!~*'();:@&=+$,/";

  /** ... and in a query or fragment (RFC 2396's uric, with RFC 2732's brackets left to URI). */
  private static final String QUERY_MARKS = PATH_MARKS + "?";

  /**
   * The raw path of {@code url}, as {@link URI#getRawPath} gives it (null when it is no URI): read
   * by the single scan when the URL has the common shape.
   */
  public static String rawPath(String url) {
    Shape shape = shape(url);
    if (shape != null) {
      return url.substring(shape.pathStart, shape.pathEnd);
    }
    try {
      return new URI(url).getRawPath();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Where the parts of a URL of the common shape are ({@code queryStart} -1 without a query). */
  private record Shape(
      boolean https,
      int hostStart,
      int hostEnd,
      int port,
      int pathStart,
      int pathEnd,
      int queryStart,
      int queryEnd) {}

  /**
   * The canonical form of a URL of the common shape, or null when it has another shape (which is
   * not to say it is not a URL: {@link #byUri} decides).
   */
  static String common(String s) {
    Shape p = shape(s);
    if (p == null) {
      return null;
    }
    int port = p.port;
    if ((!p.https && port == 80) || (p.https && port == 443)) {
      port = -1;
    }
    StringBuilder b = new StringBuilder(s.length());
    b.append(p.https ? "https" : "http").append("://");
    for (int h = p.hostStart; h < p.hostEnd; h++) {
      char c = s.charAt(h);
      b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    if (port != -1) {
      b.append(':').append(port);
    }
    if (p.pathEnd == p.pathStart) {
      b.append('/');
    } else {
      b.append(s, p.pathStart, p.pathEnd);
    }
    if (p.queryStart >= 0) {
      b.append('?').append(s, p.queryStart, p.queryEnd);
    }
    return b.toString();
  }

  /** The parts of a URL of the common shape, or null when it has another. */
  private static Shape shape(String s) {
    int n = s.length();
    int schemeEnd;
    if (s.regionMatches(true, 0, "http://", 0, 7)) {
      schemeEnd = 4;
    } else if (s.regionMatches(true, 0, "https://", 0, 8)) {
      schemeEnd = 5;
    } else {
      return null;
    }
    int hostStart = schemeEnd + 3;
    int i = hostStart;
    // Host name: labels of letters, digits and inner hyphens, the last one starting with a letter.
    int labelStart = i;
    while (true) {
      while (i < n && isAlphanumeric(s.charAt(i)) || i < n && s.charAt(i) == '-') {
        i++;
      }
      if (i == labelStart || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
        return null;
      }
      if (i < n && s.charAt(i) == '.') {
        i++;
        labelStart = i;
        continue;
      }
      break;
    }
    if (!isLetter(s.charAt(labelStart))) {
      return null; // a top label starting with a digit: an IPv4 address, or not a host name
    }
    int hostEnd = i;
    int port = -1;
    if (i < n && s.charAt(i) == ':') {
      int digits = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == digits || i - digits > 5) {
        return null;
      }
      port = Integer.parseInt(s, digits, i, 10);
    }
    if (i < n && "/?#".indexOf(s.charAt(i)) < 0) {
      return null; // user info, a bracketed address, or a character no host has
    }
    int pathStart = i;
    i = scan(s, i, PATH_MARKS);
    if (i < 0) {
      return null;
    }
    int pathEnd = i;
    int queryStart = -1;
    int queryEnd = -1;
    if (i < n && s.charAt(i) == '?') {
      queryStart = i + 1;
      i = scan(s, queryStart, QUERY_MARKS);
      if (i < 0) {
        return null;
      }
      queryEnd = i;
    }
    if (i < n) { // '#': the fragment, checked and dropped
      if (scan(s, i + 1, QUERY_MARKS) != n) {
        return null;
      }
    }
    return new Shape(
        schemeEnd == 5, hostStart, hostEnd, port, pathStart, pathEnd, queryStart, queryEnd);
  }

  /**
   * Skips letters, digits, well-formed escapes and {@code marks} from {@code i}; returns where it
   * stopped, or -1 at anything a URI would not take there (a bad escape, a space, a non-ASCII
   * character: URI decides those).
   */
  private static int scan(String s, int i, String marks) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (isAlphanumeric(c) || marks.indexOf(c) >= 0) {
        i++;
      } else if (c == '%') {
        if (i + 2 >= n || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
          return -1;
        }
        i += 3;
      } else if (c == '?' || c == '#') {
        return i;
      } else {
        return -1;
      }
    }
    return n;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAlphanumeric(char c) {
    return isLetter(c) || (c >= '0' && c <= '9');
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** The canonical form by {@link URI}: any scheme with a host, or null. */
  static String byUri(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return null;
    }
    if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getHost() == null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if ((scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443)) {
      port = -1;
    }
    StringBuilder b = new StringBuilder(url.length());
    b.append(scheme).append("://");
    // User info (user:password@) is never kept: it is a credential, or a person's name.
    b.append(uri.getHost().toLowerCase(Locale.ROOT));
    if (port != -1) {
      b.append(':').append(port);
    }
    String path = uri.getRawPath();
    b.append(path == null || path.isEmpty() ? "/" : path);
    if (uri.getRawQuery() != null) {
      b.append('?').append(uri.getRawQuery());
    }
    return b.toString();
  }
}
