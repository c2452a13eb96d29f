package dev.dmp.mapreduce.common;

import dev.dmp.core.DmpException;
import dev.dmp.hbase.TableCreator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * Checks the numeric settings of {@code dmp-default.xml} before anything runs, so that a value a
 * task could not use ({@code -D dmp.idgraph.max.degree=abc}, or {@code =-1}) stops the command in
 * one line naming the key, instead of failing a task later with a stack trace or, worse, running
 * with a meaningless bound. A setting's kind comes from its default: a whole number, a decimal, or
 * (keys ending in {@code .reduce.tasks}, which have none) a count of tasks.
 */
public final class Settings {

  /** Settings that must be above zero; every other numeric one may be zero. */
  private static final Pattern POSITIVE =
      Pattern.compile(
          ".*(\\.reduce\\.tasks|max\\.degree|max\\.rounds|bytes\\.per\\.reducer|record\\.bytes"
              + "|salt\\.buckets|timeout\\.ms|timeout\\.seconds|cache\\.size|half\\.life\\.days"
              + "|retention\\..*\\.days|mapreduce\\.min\\.bytes|stream\\.parallelism)");

  /** Settings with an upper bound too: the salt is two hex characters. */
  private static final Map<String, Long> MAXIMUM = Map.of(TableCreator.SALT_BUCKETS, 256L);

  private static final Pattern PROPERTY =
      Pattern.compile("<name>([^<]+)</name>\\s*(?:<value>([^<]*)</value>)?", Pattern.MULTILINE);

  private enum Kind {
    WHOLE,
    DECIMAL
  }

  private static final Map<String, Kind> KINDS = kinds();

  private Settings() {}

  /** Fails naming the first numeric setting whose value is not one, or is out of its range. */
  public static void check(Configuration conf) throws DmpException {
    for (Map.Entry<String, Kind> e : KINDS.entrySet()) {
      String key = e.getKey();
      String value = conf.getTrimmed(key);
      if (value == null || value.isEmpty()) {
        continue;
      }
      double number;
      try {
        number = e.getValue() == Kind.WHOLE ? Long.parseLong(value) : Double.parseDouble(value);
      } catch (NumberFormatException notANumber) {
        throw new DmpException(
            key
                + " = '"
                + value
                + "' is not "
                + (e.getValue() == Kind.WHOLE ? "a whole number" : "a number"));
      }
      boolean positive = POSITIVE.matcher(key).matches();
      if (Double.isNaN(number) || (positive ? number <= 0 : number < 0)) {
        throw new DmpException(
            key + " = " + value + " is out of range: it must be " + (positive ? "> 0" : ">= 0"));
      }
      Long maximum = MAXIMUM.get(key);
      if (maximum != null && number > maximum) {
        throw new DmpException(
            key + " = " + value + " is out of range: it must be at most " + maximum);
      }
    }
  }

  /** The numeric settings of dmp-default.xml and their kinds. */
  private static Map<String, Kind> kinds() {
    String xml;
    try (InputStream in = Settings.class.getResourceAsStream("/dmp-default.xml")) {
      if (in == null) {
        throw new IllegalStateException("dmp-default.xml is not on the class path");
      }
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read dmp-default.xml", e);
    }
    Map<String, Kind> kinds = new LinkedHashMap<>();
    Matcher m = PROPERTY.matcher(xml);
    while (m.find()) {
      String key = m.group(1).trim();
      String value = m.group(2) == null ? "" : m.group(2).trim();
      if (value.matches("-?\\d+") || key.endsWith(".reduce.tasks")) {
        kinds.put(key, Kind.WHOLE);
      } else if (value.matches("-?\\d*\\.\\d+")) {
        kinds.put(key, Kind.DECIMAL);
      }
    }
    return kinds;
  }
}
