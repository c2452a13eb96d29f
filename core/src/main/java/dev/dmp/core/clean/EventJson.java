package dev.dmp.core.clean;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An event's top-level fields, read by one pass of a streaming parser: each known field in a slot
 * of its own, the others in order. No tree is built for the event itself, and its text and integer
 * values become nodes directly; only a structured value (ids, geo, props, an array) and a decimal
 * go through the mapper's tree reader, so that every value is the node the tree would have held.
 */
final class EventJson {

  JsonNode eventId;
  JsonNode eventTime;
  JsonNode source;
  JsonNode eventType;
  JsonNode ids;
  JsonNode ua;
  JsonNode ip;
  JsonNode url;
  JsonNode referrer;
  JsonNode campaignId;
  JsonNode revenue;
  JsonNode currency;
  JsonNode geo;
  JsonNode props;

  /** Fields outside the collector format, in the order they came: they become properties. */
  final List<String> otherNames = new ArrayList<>(2);

  final List<JsonNode> otherValues = new ArrayList<>(2);

  /**
   * Reads the object the parser starts at (its first token not read yet); null if the input is a
   * JSON value but not an object. Anything after the value is an error, as is a field named twice
   * (the parser's own strict duplicate detection). {@code trees} reads a structured value from
   * where the parser stands, and must not fail on what follows it (the rest of the event).
   */
  static EventJson read(ObjectReader trees, JsonParser p) throws IOException {
    JsonToken first = p.nextToken();
    if (first != JsonToken.START_OBJECT) {
      if (first != null) {
        trees.readTree(p); // the rest of the value, for its syntax errors
        trailing(p);
      }
      return null;
    }
    EventJson e = new EventJson();
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      p.nextToken();
      JsonNode v = value(trees, p);
      switch (name) {
        case "event_id" -> e.eventId = v;
        case "event_time" -> e.eventTime = v;
        case "source" -> e.source = v;
        case "event_type" -> e.eventType = v;
        case "ids" -> e.ids = v;
        case "ua" -> e.ua = v;
        case "ip" -> e.ip = v;
        case "url" -> e.url = v;
        case "referrer" -> e.referrer = v;
        case "campaign_id" -> e.campaignId = v;
        case "revenue" -> e.revenue = v;
        case "currency" -> e.currency = v;
        case "geo" -> e.geo = v;
        case "props" -> e.props = v;
        default -> {
          e.otherNames.add(name);
          e.otherValues.add(v);
        }
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new IOException("unexpected end of the object");
    }
    trailing(p);
    return e;
  }

  /** The event of a tree (an Avro event in the collector's JSON form, {@link RawEventJson}). */
  static EventJson of(ObjectNode tree) {
    EventJson e = new EventJson();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      switch (f.getKey()) {
        case "event_id" -> e.eventId = v;
        case "event_time" -> e.eventTime = v;
        case "source" -> e.source = v;
        case "event_type" -> e.eventType = v;
        case "ids" -> e.ids = v;
        case "ua" -> e.ua = v;
        case "ip" -> e.ip = v;
        case "url" -> e.url = v;
        case "referrer" -> e.referrer = v;
        case "campaign_id" -> e.campaignId = v;
        case "revenue" -> e.revenue = v;
        case "currency" -> e.currency = v;
        case "geo" -> e.geo = v;
        case "props" -> e.props = v;
        default -> {
          e.otherNames.add(f.getKey());
          e.otherValues.add(v);
        }
      }
    }
    return e;
  }

  /** The value at the parser's current token, as the tree reader would have built it. */
  private static JsonNode value(ObjectReader trees, JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case VALUE_STRING:
        return TextNode.valueOf(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return IntNode.valueOf(p.getIntValue());
          case LONG:
            return LongNode.valueOf(p.getLongValue());
          default:
            return trees.readTree(p);
        }
      case VALUE_NULL:
        return NullNode.getInstance();
      case VALUE_TRUE:
        return BooleanNode.TRUE;
      case VALUE_FALSE:
        return BooleanNode.FALSE;
      default:
        // An object, an array, a decimal (a BigDecimal node with the tree's normalisation).
        return trees.readTree(p);
    }
  }

  private static void trailing(JsonParser p) throws IOException {
    JsonToken next = p.nextToken();
    if (next != null) {
      throw new IOException("trailing token " + next + " after the value");
    }
  }
}
