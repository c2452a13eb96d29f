package dev.dmp.core;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Truncates an IP address to its network (IPv4 /24, IPv6 /48), so that no dataset after cleaning
 * holds a full address.
 */
public final class IpPrefix {

  private IpPrefix() {}

  /** The network of {@code ip} as {@code a.b.c.0/24} or {@code x:y:z::/48}; null if not an IP. */
  public static String of(String ip) {
    if (ip == null) {
      return null;
    }
    String s = ip.strip();
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    if (s.indexOf(':') < 0) {
      return ipv4(s);
    }
    // Only a literal reaches InetAddress, so no name is ever looked up.
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        return null;
      }
    }
    try {
      byte[] a = InetAddress.getByName(s).getAddress();
      if (a.length == 4) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24";
      }
      return String.format(
              "%x:%x:%x",
              ((a[0] & 0xff) << 8) | (a[1] & 0xff),
              ((a[2] & 0xff) << 8) | (a[3] & 0xff),
              ((a[4] & 0xff) << 8) | (a[5] & 0xff))
          + "::/48";
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    int[] octets = new int[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return null;
      }
      octets[i] = Integer.parseInt(p);
      if (octets[i] > 255) {
        return null;
      }
    }
    return octets[0] + "." + octets[1] + "." + octets[2] + ".0/24";
  }
}
