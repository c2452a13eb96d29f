package dev.dmp.core.clean;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming read of an event holds, field by field, the very node the mapper's tree holds: on
 * random events of every kind of JSON value (texts with escapes and non-ASCII, integers of every
 * width, decimals the tree normalises, booleans, nulls, arrays, nested objects) under known and
 * unknown names, in random order.
 */
class EventJsonTest {

  private static final String[] KNOWN = {
    "event_id",
    "event_time",
    "source",
    "event_type",
    "ids",
    "ua",
    "ip",
    "url",
    "referrer",
    "campaign_id",
    "revenue",
    "currency",
    "geo",
    "props"
  };

  @Test
  void everyFieldIsTheNodeTheTreeReads() throws Exception {
    Random random = new Random(20261206);
    for (int i = 0; i < 20_000; i++) {
      String json = event(random);
      ObjectNode tree = (ObjectNode) EventFields.JSON.readTree(json);
      EventJson e;
      try (JsonParser p = EventFields.JSON.createParser(json)) {
        e = EventJson.read(EventFields.TREES, p);
      }
      assertThat(e).as(json).isNotNull();
      List<String> others = new ArrayList<>();
      List<JsonNode> otherValues = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode slot = slot(e, f.getKey());
        if (slot == null && !List.of(KNOWN).contains(f.getKey())) {
          others.add(f.getKey());
          otherValues.add(f.getValue());
        } else {
          assertThat(slot).as(json + " / " + f.getKey()).isEqualTo(f.getValue());
          assertThat(slot.toString())
              .as(json + " / " + f.getKey())
              .isEqualTo(f.getValue().toString());
        }
      }
      assertThat(e.otherNames).as(json).isEqualTo(others);
      assertThat(e.otherValues).as(json).isEqualTo(otherValues);
      for (int k = 0; k < otherValues.size(); k++) {
        assertThat(e.otherValues.get(k).toString()).isEqualTo(otherValues.get(k).toString());
      }
      for (String known : KNOWN) {
        assertThat(slot(e, known) == null).as(json + " / " + known).isEqualTo(!tree.has(known));
      }
    }
  }

  private static JsonNode slot(EventJson e, String name) {
    return switch (name) {
      case "event_id" -> e.eventId;
      case "event_time" -> e.eventTime;
      case "source" -> e.source;
      case "event_type" -> e.eventType;
      case "ids" -> e.ids;
      case "ua" -> e.ua;
      case "ip" -> e.ip;
      case "url" -> e.url;
      case "referrer" -> e.referrer;
      case "campaign_id" -> e.campaignId;
      case "revenue" -> e.revenue;
      case "currency" -> e.currency;
      case "geo" -> e.geo;
      case "props" -> e.props;
      default -> null;
    };
  }

  private static String event(Random r) {
    StringBuilder b = new StringBuilder("{");
    List<String> names = new ArrayList<>(List.of(KNOWN));
    for (int i = 0; i < 3; i++) {
      names.add("x" + i + "_" + r.nextInt(1000));
    }
    java.util.Collections.shuffle(names, r);
    int n = r.nextInt(names.size() + 1);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(r.nextBoolean() ? "," : " ,\n ");
      }
      b.append('"').append(names.get(i)).append("\":");
      value(r, b, 0);
    }
    return b.append('}').toString();
  }

  private static final String[] NUMBERS = {
    "0",
    "-0",
    "7",
    "-12",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "123456789012345678901234567890",
    "1.5",
    "1.50",
    "0.0",
    "-0.0",
    "1e5",
    "1E+5",
    "2.5e-3",
    "100.00",
    "1.0E10",
    "12345.678900"
  };

  private static final String[] TEXTS = {
    "",
    " ",
    "a",
    "web",
    "\\u00e9t\\u00e9",
    "tab\\tand\\nnew line",
    "quote \\\" and \\\\",
    "2026-11-20T10:00:00Z",
    "ck_1",
    "\u4e2d\u6587",
    "emoji \ud83d\ude00",
    "x@example.com"
  };

  private static void value(Random r, StringBuilder b, int depth) {
    int kind = r.nextInt(depth < 2 ? 8 : 5);
    switch (kind) {
      case 0, 1 -> b.append('"').append(TEXTS[r.nextInt(TEXTS.length)]).append('"');
      case 2 -> b.append(NUMBERS[r.nextInt(NUMBERS.length)]);
      case 3 -> b.append(r.nextBoolean() ? "true" : "false");
      case 4 -> b.append("null");
      case 5 -> {
        b.append('[');
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
          b.append(i > 0 ? "," : "");
          value(r, b, depth + 1);
        }
        b.append(']');
      }
      default -> {
        b.append('{');
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          b.append(i > 0 ? "," : "").append("\"k").append(i).append("\":");
          value(r, b, depth + 1);
        }
        b.append('}');
      }
    }
  }
}
