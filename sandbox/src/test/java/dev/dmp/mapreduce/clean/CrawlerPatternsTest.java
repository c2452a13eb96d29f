package dev.dmp.mapreduce.clean;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.core.clean.CrawlerPatterns;
import dev.dmp.core.clean.UserAgentClassifier;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The anchored matcher answers exactly like the plain alternation of all patterns. */
class CrawlerPatternsTest {

  private static final List<String> PATTERNS = new ArrayList<>();
  private static final List<String> INSTANCES = new ArrayList<>();

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in =
        CrawlerPatterns.class.getResourceAsStream(UserAgentClassifier.CRAWLER_LIST)) {
      for (JsonNode e : new ObjectMapper().readTree(in)) {
        PATTERNS.add(e.get("pattern").asText());
        if (e.has("instances")) {
          e.get("instances").forEach(i -> INSTANCES.add(i.asText()));
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "Googlebot\\/ ; Googlebot/",
        "[wW]get ; get",
        "^Apache-HttpClient ; Apache-HttpClient",
        "BlogTraffic\\/\\d\\.\\d+ Feed-Fetcher ; ' Feed-Fetcher'",
        "AdsBot-Google([^-]|$) ; AdsBot-Google",
        "Automaton|Newsify Feed Fetcher ; ",
        "S[eE][mM]rushBot ; rushBot",
        "colou?r-bot ; r-bot",
        "x{2,3}yz ; yz",
        "(sistrix|SISTRIX) [cC]rawler ; rawler"
      })
  void anchorsAreLiteralsEveryMatchContains(String regex, String anchor) {
    String a = CrawlerPatterns.anchor(regex.strip());
    assertThat(a == null || a.isEmpty() ? null : a).isEqualTo(anchor);
  }

  @Test
  void answersLikeTheAlternationOnEveryInstanceAndOnPeople() {
    CrawlerPatterns fast = new CrawlerPatterns(PATTERNS);
    Pattern slow =
        Pattern.compile(String.join("|", PATTERNS.stream().map(p -> "(?:" + p + ")").toList()));
    List<String> probes = new ArrayList<>(INSTANCES);
    probes.addAll(dev.dmp.sandbox.generate.GeneratorAccess.peopleUserAgents());
    probes.add("");
    probes.add("Mozilla/5.0 (compatible; NotARobot/1.0)");
    probes.add("AdsBot-Google-Mobile"); // AdsBot-Google followed by '-' is excluded by its pattern
    for (String ua : probes) {
      assertThat(fast.matches(ua)).as(ua).isEqualTo(slow.matcher(ua).find());
    }
    assertThat(fast.size()).isEqualTo(PATTERNS.size());
    assertThat(fast.unanchored()).isLessThan(PATTERNS.size() / 50);
  }
}
