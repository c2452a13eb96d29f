package dev.dmp.core.clean;

import static dev.dmp.core.clean.EventFields.asString;
import static dev.dmp.core.clean.EventFields.currency;
import static dev.dmp.core.clean.EventFields.decode;
import static dev.dmp.core.clean.EventFields.eventTime;
import static dev.dmp.core.clean.EventFields.eventType;
import static dev.dmp.core.clean.EventFields.fieldNames;
import static dev.dmp.core.clean.EventFields.lower;
import static dev.dmp.core.clean.EventFields.optionalText;
import static dev.dmp.core.clean.EventFields.requirePresent;
import static dev.dmp.core.clean.EventFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.Geo;
import dev.dmp.avro.RawRecord;
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
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
  private static final int MAX_EVENT_ID = 128;
  private static final String MAX_TEXT_AMOUNT =
      String.format(Locale.ROOT, "%,.0f", Amounts.MAX_EVENT_AMOUNT);

  private final Settings settings;
  private final IdentifierNormalizer normalizer;
  private final UserAgentClassifier userAgents;
  private final SuppressionList suppression;
  private final PiiScrubber scrubber;

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
      long time = eventTime(e.get("event_time"), settings.windowStart(), settings.windowEnd());
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
}
