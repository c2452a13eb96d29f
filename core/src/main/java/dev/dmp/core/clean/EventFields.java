package dev.dmp.core.clean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.avro.RawFormat;
import dev.dmp.avro.RawRecord;
import dev.dmp.core.EventTimes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reading an event's fields from its JSON, each check a {@link Reject} naming the field: the raw
 * bytes as one strict JSON object, required and optional text, the event time within the run's
 * window, the event type, the currency.
 */
final class EventFields {

  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final int MAX_TEXT = 8192;
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private EventFields() {}

  static ObjectNode decode(RawRecord raw) throws Reject {
    if (raw.getFormat() == RawFormat.UNREADABLE) {
      throw new Reject(RejectReason.MALFORMED, raw.getProblem());
    }
    if (raw.getFormat() == RawFormat.AVRO) {
      return RawEventJson.of(raw.getEvent());
    }
    ByteBuffer body = raw.getBody();
    JsonNode node;
    try {
      node = JSON.readTree(body.array(), body.arrayOffset() + body.position(), body.remaining());
    } catch (JsonProcessingException ex) {
      throw new Reject(
          RejectReason.MALFORMED,
          "not valid JSON: " + ex.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException ex) {
      throw new Reject(RejectReason.MALFORMED, "not valid JSON: " + ex.getMessage());
    } catch (NumberFormatException | ArithmeticException ex) {
      // A number Java cannot hold (an exponent past an int's range, as in 3E3333...), which
      // Jackson reports as an unchecked exception rather than a parse error.
      throw new Reject(RejectReason.MALFORMED, "not valid JSON: a number out of range");
    }
    if (node == null || !node.isObject()) {
      throw new Reject(RejectReason.MALFORMED, "not a JSON object");
    }
    return (ObjectNode) node;
  }

  static void requirePresent(ObjectNode e, String... fields) throws Reject {
    for (String f : fields) {
      JsonNode v = e.get(f);
      if (v == null
          || v.isNull()
          || (v.isTextual() && v.asText().isBlank())
          || (v.isObject() && v.isEmpty())) {
        throw new Reject(RejectReason.MISSING_FIELD, f + " is missing");
      }
    }
  }

  static long eventTime(JsonNode t, long windowStart, long windowEnd) throws Reject {
    long millis;
    try {
      if (t.isIntegralNumber() && t.canConvertToLong()) {
        millis = EventTimes.millis(t.asLong());
      } else if (t.isTextual()) {
        millis = EventTimes.parse(t.asText());
      } else {
        throw new Reject(RejectReason.BAD_TIMESTAMP, "event_time must be a string or an integer");
      }
    } catch (EventTimes.BadTimeException ex) {
      throw new Reject(RejectReason.BAD_TIMESTAMP, ex.getMessage());
    }
    if (millis < windowStart || millis >= windowEnd) {
      throw new Reject(
          RejectReason.BAD_TIMESTAMP,
          "event_time "
              + Instant.ofEpochMilli(millis)
              + " is outside the run window ["
              + Instant.ofEpochMilli(windowStart)
              + ", "
              + Instant.ofEpochMilli(windowEnd)
              + ")");
    }
    return millis;
  }

  static String eventType(JsonNode t) throws Reject {
    String type = t.isTextual() ? t.asText().strip().toLowerCase(Locale.ROOT) : null;
    if (type == null || !WORD.matcher(type).matches()) {
      throw new Reject(RejectReason.BAD_VALUE, "event_type must be a lower-case word");
    }
    return type;
  }

  static String currency(String code) throws Reject {
    String upper = code.strip().toUpperCase(Locale.ROOT);
    try {
      Currency.getInstance(upper);
      return upper;
    } catch (IllegalArgumentException ex) {
      throw new Reject(RejectReason.BAD_VALUE, "currency '" + code + "' is not an ISO-4217 code");
    }
  }

  static String fieldNames(JsonNode ids) {
    StringBuilder b = new StringBuilder("[");
    ids.fieldNames().forEachRemaining(n -> b.append(b.length() > 1 ? ", " : "").append(n));
    return b.append(']').toString();
  }

  static String text(ObjectNode e, String field) {
    JsonNode v = e.get(field);
    return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText().strip() : null;
  }

  static String optionalText(ObjectNode e, String field) throws Reject {
    JsonNode v = e.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Reject(RejectReason.BAD_VALUE, field + " must be a string");
    }
    String s = v.asText();
    if (s.length() > MAX_TEXT) {
      throw new Reject(
          RejectReason.BAD_VALUE, field + " is longer than " + MAX_TEXT + " characters");
    }
    return s.isBlank() ? null : s;
  }

  static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  static String asString(JsonNode v) {
    return v.isTextual() ? v.asText() : v.toString();
  }
}
