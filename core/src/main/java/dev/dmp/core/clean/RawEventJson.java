package dev.dmp.core.clean;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.avro.RawEvent;

/** Events that arrived as Avro ({@code RawEvent}), in the collector's JSON form. */
public final class RawEventJson {

  private RawEventJson() {}

  /** The collector format as JSON, so that Avro input goes through the very same checks. */
  public static ObjectNode of(RawEvent r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    putText(o, "event_id", r.getEventId());
    Object t = r.getEventTime();
    if (t instanceof Long l) {
      o.put("event_time", l);
    } else if (t != null) {
      o.put("event_time", t.toString());
    }
    putText(o, "source", r.getSource());
    putText(o, "event_type", r.getEventType());
    if (r.getIds() != null) {
      ObjectNode ids = o.putObject("ids");
      r.getIds().forEach(ids::put);
    }
    putText(o, "ua", r.getUa());
    putText(o, "ip", r.getIp());
    putText(o, "url", r.getUrl());
    putText(o, "referrer", r.getReferrer());
    putText(o, "campaign_id", r.getCampaignId());
    if (r.getRevenue() != null) {
      o.put("revenue", r.getRevenue());
    }
    putText(o, "currency", r.getCurrency());
    if (r.getGeo() != null) {
      ObjectNode geo = o.putObject("geo");
      putText(geo, "country", r.getGeo().getCountry());
      putText(geo, "region", r.getGeo().getRegion());
      putText(geo, "city", r.getGeo().getCity());
    }
    if (r.getProps() != null) {
      ObjectNode props = o.putObject("props");
      r.getProps().forEach(props::put);
    }
    return o;
  }

  private static void putText(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }
}
