package dev.dmp.sandbox.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.core.clean.UserAgentClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** User agents the generator sends: real browsers for people, the crawler list for robots. */
final class UserAgents {

  /** Current browsers on desktop and phones, as they appear in real traffic. */
  static final List<String> PEOPLE =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/124.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
              + " Version/17.4 Safari/605.1.15",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/123.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/122.0.0.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15"
              + " (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15"
              + " (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/124.0.6367.82 Mobile Safari/537.36",
          "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/123.0.6312.118 Mobile Safari/537.36",
          "Mozilla/5.0 (Linux; Android 12; M2012K11AC) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/120.0.6099.230 Mobile Safari/537.36",
          "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
              + " Version/17.4 Mobile/15E148 Safari/604.1");

  private UserAgents() {}

  /** Every instance of the crawler list shipped with the clean stage. */
  static List<String> robots() {
    try (InputStream in =
        UserAgentClassifier.class.getResourceAsStream(UserAgentClassifier.CRAWLER_LIST)) {
      List<String> out = new ArrayList<>();
      for (JsonNode entry : new ObjectMapper().readTree(in)) {
        JsonNode instances = entry.get("instances");
        if (instances != null) {
          instances.forEach(i -> out.add(i.asText()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
