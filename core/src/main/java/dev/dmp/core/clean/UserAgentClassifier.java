package dev.dmp.core.clean;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Tells robots from people and names the device, OS and browser of a user agent. Two maintained
 * detectors together: Yauaa's device class (Robot, Robot Mobile, Robot Imitator, Hacker, Spy) and
 * the patterns of the crawler-user-agents list (MIT, shipped as a resource with its licence), which
 * catches the script clients and crawlers that Yauaa sees as ordinary devices. Results are cached
 * per user agent, since real traffic repeats a few thousand of them. Not thread-safe: one per task.
 *
 * <p>Building the analyzer takes seconds and hundreds of MB, so one analyzer and one compiled
 * pattern serve every task of a JVM (the local job runner runs all tasks in one JVM). Both are
 * immutable once built; Yauaa's documentation asks for shared instances to be called under a lock,
 * which only cache misses take.
 */
public final class UserAgentClassifier {

  /** The crawler-user-agents list on the class path. */
  public static final String CRAWLER_LIST = "crawler-user-agents.json";

  private static final Set<String> ROBOT_CLASSES =
      Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker", "Spy");

  /** What one user agent is. */
  public record Info(boolean bot, String deviceClass, String os, String browser) {}

  private static final Info ROBOT = new Info(true, null, null, null);

  /** The expensive, immutable part, built on first use and shared by the JVM's tasks. */
  private static final class Shared {
    static final UserAgentAnalyzer ANALYZER =
        UserAgentAnalyzer.newBuilder()
            .hideMatcherLoadStats()
            .withoutCache()
            .withField(UserAgent.DEVICE_CLASS)
            .withField("OperatingSystemNameVersionMajor")
            .withField("AgentNameVersionMajor")
            .immediateInitialization()
            .build();
    static final CrawlerPatterns CRAWLERS = CrawlerPatterns.load();

    /**
     * What the JVM's tasks have classified, so that a user agent is analysed once per JVM, not once
     * per task: in local mode every task of a job shares it. Filled up to {@link #SHARED_ENTRIES}
     * and never evicted; each task's own LRU keeps its current favourites.
     */
    static final ConcurrentHashMap<String, Info> KNOWN = new ConcurrentHashMap<>();
  }

  /** The most user agents the JVM-wide cache holds. */
  static final int SHARED_ENTRIES = 100_000;

  private final Map<String, Info> cache;

  public UserAgentClassifier(int cacheSize) {
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
      info = Shared.KNOWN.get(ua);
      if (info == null) {
        info = analyze(ua);
        if (Shared.KNOWN.size() < SHARED_ENTRIES) {
          Shared.KNOWN.put(ua, info);
        }
      }
      cache.put(ua, info);
    }
    return info;
  }

  /** A user agent that tells nothing: no device, no robot. */
  private static final Info UNKNOWN = new Info(false, null, null, null);

  private static Info analyze(String ua) {
    if (Shared.CRAWLERS.matches(ua)) {
      return ROBOT; // the list is cheaper than Yauaa, and a robot's device is of no use
    }
    UserAgent parsed;
    try {
      synchronized (Shared.ANALYZER) {
        parsed = Shared.ANALYZER.parse(ua);
      }
    } catch (StackOverflowError tooDeep) {
      // Yauaa's ANTLR parser recurses once per nested bracket; a few hundred of them (found by
      // fuzzing) overflow a task thread's stack. Such a string tells nothing of a device: unknown,
      // and not a robot for that reason alone (the crawler list above has had its say).
      return UNKNOWN;
    }
    String deviceClass = parsed.getValue(UserAgent.DEVICE_CLASS);
    return new Info(
        ROBOT_CLASSES.contains(deviceClass),
        known(deviceClass),
        known(parsed.getValue("OperatingSystemNameVersionMajor")),
        known(parsed.getValue("AgentNameVersionMajor")));
  }

  /**
   * Null for an unknown value; a value whose version is unknown ({@code "Windows NT ??"}: the
   * frozen Windows 10/11 user agents) keeps its name only.
   */
  private static String known(String v) {
    if (v == null || v.startsWith("Unknown") || v.startsWith("??")) {
      return null;
    }
    return v.endsWith(" ??") ? v.substring(0, v.length() - 3) : v;
  }
}
