package dev.dmp.mapreduce.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Tells robots from people and names the device, OS and browser of a user agent. Two maintained
 * detectors together: Yauaa's device class (Robot, Robot Mobile, Robot Imitator, Hacker, Spy) and
 * the patterns of the crawler-user-agents list (MIT, shipped as a resource with its licence), which
 * catches the script clients and crawlers that Yauaa sees as ordinary devices. Results are cached
 * per user agent, since real traffic repeats a few thousand of them. Not thread-safe: one per task.
 */
public final class UserAgentClassifier {

  /** The crawler-user-agents list on the class path. */
  public static final String CRAWLER_LIST = "crawler-user-agents.json";

  private static final Set<String> ROBOT_CLASSES =
      Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker", "Spy");

  /** What one user agent is. */
  public record Info(boolean bot, String deviceClass, String os, String browser) {}

  private final UserAgentAnalyzer analyzer;
  private final Pattern crawlers;
  private final Map<String, Info> cache;

  public UserAgentClassifier(int cacheSize) {
    this.analyzer =
        UserAgentAnalyzer.newBuilder()
            .hideMatcherLoadStats()
            .withoutCache()
            .withField(UserAgent.DEVICE_CLASS)
            .withField("OperatingSystemNameVersionMajor")
            .withField("AgentNameVersionMajor")
            .immediateInitialization()
            .build();
    this.crawlers = crawlerPattern();
    this.cache =
        new LinkedHashMap<>(Math.max(16, cacheSize), 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Info> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /** Classifies {@code ua}; never null. */
  public Info classify(String ua) {
    Info info = cache.get(ua);
    if (info == null) {
      info = analyze(ua);
      cache.put(ua, info);
    }
    return info;
  }

  private Info analyze(String ua) {
    UserAgent parsed = analyzer.parse(ua);
    String deviceClass = parsed.getValue(UserAgent.DEVICE_CLASS);
    boolean bot = ROBOT_CLASSES.contains(deviceClass) || crawlers.matcher(ua).find();
    return new Info(
        bot,
        known(deviceClass),
        known(parsed.getValue("OperatingSystemNameVersionMajor")),
        known(parsed.getValue("AgentNameVersionMajor")));
  }

  private static String known(String v) {
    return v == null || v.startsWith("Unknown") || v.startsWith("??") ? null : v;
  }

  /** All patterns of the crawler list as one alternation. */
  static Pattern crawlerPattern() {
    try (InputStream in = UserAgentClassifier.class.getResourceAsStream(CRAWLER_LIST)) {
      if (in == null) {
        throw new IllegalStateException(CRAWLER_LIST + " is missing from the class path");
      }
      JsonNode list = new ObjectMapper().readTree(in);
      StringBuilder b = new StringBuilder();
      for (JsonNode entry : list) {
        if (b.length() > 0) {
          b.append('|');
        }
        b.append("(?:").append(entry.get("pattern").asText()).append(')');
      }
      return Pattern.compile(b.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CRAWLER_LIST, e);
    }
  }
}
