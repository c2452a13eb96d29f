package dev.dmp.core.clean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.Geo;
import dev.dmp.avro.RawFormat;
import dev.dmp.avro.RawRecord;
import dev.dmp.core.EventTimes;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.IpPrefix;
import dev.dmp.core.PiiScrubber;
import dev.dmp.core.SuppressionList;
import dev.dmp.core.UrlCanonicalizer;
import dev.dmp.core.clean.CleanOutcome.Bot;
import dev.dmp.core.clean.CleanOutcome.Clean;
import dev.dmp.core.clean.CleanOutcome.OptedOut;
import dev.dmp.core.clean.CleanOutcome.Rejected;
import dev.dmp.core.money.Amounts;
import dev.dmp.core.money.ExchangeRates;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Decides the fate of one raw record (docs/product.md section 2) and, for a record that survives,
 * builds the clean event. Checks run in the order of {@link RejectReason}; then robots, then
 * opt-outs. De-duplication is not decided here: it needs every copy of an event, which only the
 * reducer sees. Plain Java, no Hadoop types; not thread-safe (one per task).
 */
public final class EventCleaner {

  /** Settings of one run. */
  public record Settings(
      long windowStart,
      long windowEnd,
      int maxRecordBytes,
      String defaultCurrency,
      ExchangeRates rates,
      Set<String> keptParameters) {

    /** Settings that keep no personal-looking parameter ({@link PiiScrubber}). */
    public Settings(
        long windowStart,
        long windowEnd,
        int maxRecordBytes,
        String defaultCurrency,
        ExchangeRates rates) {
      this(windowStart, windowEnd, maxRecordBytes, defaultCurrency, rates, Set.of());
    }
  }

  private static final Set<String> KNOWN_FIELDS =
      Set.of(
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
          "props");
  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final int MAX_EVENT_ID = 128;
  private static final int MAX_TEXT = 8192;
  private static final String MAX_TEXT_AMOUNT =
      String.format(Locale.ROOT, "%,.0f", Amounts.MAX_EVENT_AMOUNT);

  private final Settings settings;
  private final IdentifierNormalizer normalizer;
  private final UserAgentClassifier userAgents;
  private final SuppressionList suppression;
  private final PiiScrubber scrubber;
  private final ObjectMapper json =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  public EventCleaner(
      Settings settings,
      IdentifierNormalizer normalizer,
      UserAgentClassifier userAgents,
      SuppressionList suppression) {
    this.settings = settings;
    this.normalizer = normalizer;
    this.userAgents = userAgents;
    this.suppression = suppression;
    this.scrubber = new PiiScrubber(normalizer, settings.keptParameters());
  }

  /**
   * How many URL parameters and properties were removed so far as personal data (an e-mail address
   * or phone number outside {@code ids}).
   */
  public long scrubbedValues() {
    return scrubber.removed();
  }

  /** Thrown inside the checks; becomes a {@link Rejected} outcome. */
  private static final class Reject extends Exception {
    private static final long serialVersionUID = 1L;
    final RejectReason reason;

    Reject(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  public CleanOutcome clean(RawRecord raw) {
    String eventId = null;
    String source = null;
    int dropped = 0;
    try {
      if (raw.getOriginalLength() > settings.maxRecordBytes()) {
        throw new Reject(
            RejectReason.OVERSIZED,
            "record of "
                + raw.getOriginalLength()
                + " bytes is over the limit of "
                + settings.maxRecordBytes());
      }
      ObjectNode e = decode(raw);
      eventId = text(e, "event_id");
      source = lower(text(e, "source"));
      requirePresent(e, "event_id", "event_time", "source", "event_type", "ids");
      if (eventId == null || eventId.length() > MAX_EVENT_ID) {
        throw new Reject(
            RejectReason.BAD_VALUE, "event_id must be a string of 1 to 128 characters");
      }
      if (source == null || source.length() > 64) {
        source = null;
        throw new Reject(RejectReason.BAD_VALUE, "source must be a string of 1 to 64 characters");
      }
      long time = eventTime(e.get("event_time"));
      CleanEvent.Builder out =
          CleanEvent.newBuilder()
              .setEventId(eventId)
              .setEventTime(time)
              .setSource(source)
              .setEventType(eventType(e.get("event_type")))
              .setReceivedAt(raw.getReceivedAt())
              .setOriginFile(raw.getOriginFile())
              .setOriginLine(raw.getOriginLine());
      String ua = optionalText(e, "ua");
      values(e, out);
      Map<String, String> ids = new TreeMap<>();
      dropped = identifiers(e.get("ids"), ids);
      if (ids.isEmpty()) {
        throw new Reject(
            RejectReason.NO_IDENTIFIER, "no usable identifier among " + fieldNames(e.get("ids")));
      }
      if (ua != null) {
        UserAgentClassifier.Info info = userAgents.classify(ua);
        if (info.bot()) {
          return new Bot(source, dropped);
        }
        out.setDeviceClass(info.deviceClass()).setOs(info.os()).setBrowser(info.browser());
      }
      for (Map.Entry<String, String> id : ids.entrySet()) {
        if (suppression.contains(id.getKey() + ":" + id.getValue())) {
          return new OptedOut(source, ids, dropped);
        }
      }
      out.setIds(ids);
      return new Clean(out.build(), dropped);
    } catch (Reject r) {
      return new Rejected(r.reason, r.getMessage(), eventId, source, dropped);
    }
  }

  private ObjectNode decode(RawRecord raw) throws Reject {
    if (raw.getFormat() == RawFormat.UNREADABLE) {
      throw new Reject(RejectReason.MALFORMED, raw.getProblem());
    }
    if (raw.getFormat() == RawFormat.AVRO) {
      return RawEventJson.of(raw.getEvent());
    }
    ByteBuffer body = raw.getBody();
    JsonNode node;
    try {
      node = json.readTree(body.array(), body.arrayOffset() + body.position(), body.remaining());
    } catch (JsonProcessingException ex) {
      throw new Reject(
          RejectReason.MALFORMED,
          "not valid JSON: " + ex.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException ex) {
      throw new Reject(RejectReason.MALFORMED, "not valid JSON: " + ex.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new Reject(RejectReason.MALFORMED, "not a JSON object");
    }
    return (ObjectNode) node;
  }

  private static void requirePresent(ObjectNode e, String... fields) throws Reject {
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

  private long eventTime(JsonNode t) throws Reject {
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
    if (millis < settings.windowStart() || millis >= settings.windowEnd()) {
      throw new Reject(
          RejectReason.BAD_TIMESTAMP,
          "event_time "
              + Instant.ofEpochMilli(millis)
              + " is outside the run window ["
              + Instant.ofEpochMilli(settings.windowStart())
              + ", "
              + Instant.ofEpochMilli(settings.windowEnd())
              + ")");
    }
    return millis;
  }

  private static String eventType(JsonNode t) throws Reject {
    String type = t.isTextual() ? t.asText().strip().toLowerCase(Locale.ROOT) : null;
    if (type == null || !WORD.matcher(type).matches()) {
      throw new Reject(RejectReason.BAD_VALUE, "event_type must be a lower-case word");
    }
    return type;
  }

  /** The optional fields; unknown top-level fields go into props under their own name. */
  private void values(ObjectNode e, CleanEvent.Builder out) throws Reject {
    out.setIpPrefix(IpPrefix.of(optionalText(e, "ip")));
    out.setUrl(scrubber.url(UrlCanonicalizer.canonicalize(optionalText(e, "url"))));
    out.setReferrer(scrubber.url(UrlCanonicalizer.canonicalize(optionalText(e, "referrer"))));
    out.setCampaignId(optionalText(e, "campaign_id"));
    JsonNode revenue = e.get("revenue");
    String currency = optionalText(e, "currency");
    if (revenue != null && !revenue.isNull()) {
      if (!revenue.isNumber()
          || !Double.isFinite(revenue.asDouble())
          || revenue.asDouble() < 0
          || revenue.asDouble() > Amounts.MAX_EVENT_AMOUNT) {
        throw new Reject(
            RejectReason.BAD_VALUE, "revenue must be a number from 0 to " + MAX_TEXT_AMOUNT);
      }
      out.setRevenue(revenue.asDouble());
      out.setCurrency(currency(currency == null ? settings.defaultCurrency() : currency));
      // Null when the day has no rate: the event stays clean, and the gate stops the day.
      BigDecimal converted = settings.rates().convert(out.getRevenue(), out.getCurrency());
      if (converted != null && converted.doubleValue() > Amounts.MAX_EVENT_AMOUNT) {
        throw new Reject(
            RejectReason.BAD_VALUE,
            "revenue of "
                + out.getCurrency()
                + " converts to over "
                + MAX_TEXT_AMOUNT
                + " "
                + settings.rates().reporting());
      }
      out.setRevenueConverted(converted);
      out.setConvertedCurrency(converted == null ? null : settings.rates().reporting());
    } else if (currency != null) {
      out.setCurrency(currency(currency));
    }
    JsonNode geo = e.get("geo");
    if (geo != null && !geo.isNull()) {
      if (!geo.isObject()) {
        throw new Reject(RejectReason.BAD_VALUE, "geo must be an object");
      }
      out.setGeo(
          new Geo(
              optionalText((ObjectNode) geo, "country"),
              optionalText((ObjectNode) geo, "region"),
              optionalText((ObjectNode) geo, "city")));
    }
    Map<String, String> props = new HashMap<>();
    JsonNode p = e.get("props");
    if (p != null && !p.isNull()) {
      if (!p.isObject()) {
        throw new Reject(RejectReason.BAD_VALUE, "props must be an object");
      }
      p.fields().forEachRemaining(f -> keep(props, f.getKey(), asString(f.getValue())));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!KNOWN_FIELDS.contains(f.getKey())) {
        keep(props, f.getKey(), asString(f.getValue()));
      }
    }
    out.setProps(props);
  }

  /** Keeps a property unless it is personal data ({@link PiiScrubber}), which is counted. */
  private void keep(Map<String, String> props, String name, String value) {
    if (scrubber.personal(name, value)) {
      scrubber.countRemoved();
    } else {
      props.put(name, value);
    }
  }

  private static String currency(String code) throws Reject {
    String upper = code.strip().toUpperCase(Locale.ROOT);
    try {
      Currency.getInstance(upper);
      return upper;
    } catch (IllegalArgumentException ex) {
      throw new Reject(RejectReason.BAD_VALUE, "currency '" + code + "' is not an ISO-4217 code");
    }
  }

  /** Fills {@code ids} with the usable identifiers; returns how many values were dropped. */
  private int identifiers(JsonNode node, Map<String, String> ids) throws Reject {
    if (!node.isObject()) {
      throw new Reject(RejectReason.BAD_VALUE, "ids must be an object of type to value");
    }
    int dropped = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      String value = v.isTextual() || v.isIntegralNumber() ? v.asText() : null;
      if (value == null) {
        dropped++;
        continue;
      }
      if (normalizer.normalize(f.getKey(), value) instanceof IdentifierNormalizer.Usable u) {
        ids.put(u.id().type(), u.id().value());
      } else {
        dropped++;
      }
    }
    return dropped;
  }

  private static String fieldNames(JsonNode ids) {
    StringBuilder b = new StringBuilder("[");
    ids.fieldNames().forEachRemaining(n -> b.append(b.length() > 1 ? ", " : "").append(n));
    return b.append(']').toString();
  }

  private static String text(ObjectNode e, String field) {
    JsonNode v = e.get(field);
    return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText().strip() : null;
  }

  private static String optionalText(ObjectNode e, String field) throws Reject {
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

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static String asString(JsonNode v) {
    return v.isTextual() ? v.asText() : v.toString();
  }
}
