package dev.dmp.mapreduce.audience;

import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.ConfigFiles;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;

/**
 * The configured destinations of audiences ({@code conf/destinations.properties}, documented
 * there): which identifier types each takes, how its files are headed, and which segments the daily
 * workflow sends it.
 */
public final class Destinations {

  /** The destinations file; unset, the one shipped in the job jar. */
  public static final String FILE = "dmp.export.destinations.file";

  /**
   * The identifier types an ad platform matches, and that may leave the platform: hashed e-mail and
   * phone, advertising ids.
   */
  public static final Set<String> EXPORTABLE = Set.of("email", "phone", "gaid", "idfa");

  /** One destination. */
  public record Destination(
      String name,
      List<String> types,
      List<String> segments,
      boolean header,
      Map<String, String> columns) {

    /** The name of a type's column in this destination's files. */
    public String column(String type) {
      return columns.getOrDefault(type, type);
    }
  }

  private final Map<String, Destination> byName;

  private Destinations(Map<String, Destination> byName) {
    this.byName = byName;
  }

  /** The configured destinations, checked. */
  public static Destinations of(Configuration conf) throws IOException, UsageException {
    ConfigFiles.Text file =
        ConfigFiles.read(
            conf, FILE, Destinations.class, "destinations.properties", "the default destinations");
    return parse(file.text(), file.name());
  }

  /** Reads a destinations file; fails naming the key that is wrong. */
  static Destinations parse(String text, String where) throws UsageException {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException(where + ": " + e.getMessage());
    }
    Set<String> names = new TreeSet<>();
    for (String key : p.stringPropertyNames()) {
      int dot = key.indexOf('.');
      String attribute = dot < 0 ? "" : key.substring(dot + 1);
      if (dot < 1
          || !(attribute.equals("types")
              || attribute.equals("segments")
              || attribute.equals("header")
              || attribute.startsWith("column."))) {
        throw new UsageException(
            where
                + ": "
                + key
                + " is not NAME.types, NAME.segments, NAME.header or NAME.column.TYPE");
      }
      names.add(key.substring(0, dot));
    }
    Map<String, Destination> byName = new LinkedHashMap<>();
    for (String name : names) {
      List<String> types = list(p.getProperty(name + ".types", ""));
      if (types.isEmpty()) {
        throw new UsageException(where + ": " + name + ".types names no identifier type");
      }
      for (String t : types) {
        if (!EXPORTABLE.contains(t)) {
          throw new UsageException(
              where
                  + ": "
                  + name
                  + ".types: "
                  + t
                  + " is not an identifier an ad platform matches ("
                  + String.join(", ", new TreeSet<>(EXPORTABLE))
                  + ")");
        }
      }
      Map<String, String> columns = new LinkedHashMap<>();
      for (String t : types) {
        String column = p.getProperty(name + ".column." + t);
        if (column != null) {
          columns.put(t, column.strip());
        }
      }
      String header = p.getProperty(name + ".header", "true").strip();
      if (!header.equals("true") && !header.equals("false")) {
        throw new UsageException(where + ": " + name + ".header must be true or false");
      }
      byName.put(
          name,
          new Destination(
              name,
              types,
              list(p.getProperty(name + ".segments", "")),
              Boolean.parseBoolean(header),
              columns));
    }
    return new Destinations(byName);
  }

  /** The destination called {@code name}; fails listing the configured ones. */
  public Destination get(String name) throws UsageException {
    Destination d = byName.get(name);
    if (d == null) {
      throw new UsageException(
          "no destination "
              + name
              + " (configured: "
              + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
              + "; see "
              + FILE
              + ")");
    }
    return d;
  }

  public List<Destination> all() {
    return new ArrayList<>(byName.values());
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }
}
