package dev.dmp.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Canonical URLs: scheme and host lower-case, default port and fragment removed, path and query
 * kept as sent.
 */
public final class UrlCanonicalizer {

  private UrlCanonicalizer() {}

  /** The canonical form of an absolute http(s) URL, or {@code null} if it is not one. */
  public static String canonicalize(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
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
    if (uri.getRawUserInfo() != null) {
      b.append(uri.getRawUserInfo()).append('@');
    }
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
