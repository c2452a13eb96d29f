package dev.dmp.mapreduce.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.core.IdentifierNormalizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Tells the records of erased people from everyone else's, in any dataset of the platform:
 *
 * <ul>
 *   <li>derived records (clean and attributed events, links, graph state and assignments, merges,
 *       profiles, hourly activity) carry canonical identifiers ({@code type:value}, e-mails and
 *       phones hashed) and OneIDs: a record is the person's when one of its own strings is one of
 *       theirs, or one of its identifier maps holds one of theirs; lists that merely mention them
 *       (a super-connector's neighbours) lose those entries, and the record stays;
 *   <li>original bytes (the raw zone, the rejects quarantine) are normalised as ingestion would
 *       normalise them: the {@code ids} of a JSON body or an Avro event, and anything in the bytes
 *       that reads as an e-mail address or a phone number, however broken the rest of the record.
 * </ul>
 */
final class PersonMatcher {

  /** What to do with one record. */
  enum Verdict {
    KEEP,
    SCRUBBED,
    DROP
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d ()./-]{5,24}\\d");

  private final Set<String> identifiers;
  private final Set<String> oneIds;
  private final IdentifierNormalizer normalizer;

  /**
   * @param identifiers the people's canonical identifiers, {@code type:value}
   * @param oneIds their OneIDs, retired ones included
   */
  PersonMatcher(Set<String> identifiers, Set<String> oneIds, IdentifierNormalizer normalizer) {
    this.identifiers = identifiers;
    this.oneIds = oneIds;
    this.normalizer = normalizer;
  }

  /**
   * Decides on a record of any of the platform's schemas, and scrubs it in place when it says so;
   * the identifiers of a dropped original record are added to {@code linked}.
   */
  Verdict judge(GenericRecord record, Set<String> linked) {
    String name = record.getSchema().getName();
    if (name.equals("RawRecord") || name.equals("RejectRecord")) {
      return original(record, linked) ? Verdict.DROP : Verdict.KEEP;
    }
    return derived(record);
  }

  /**
   * Whether original bytes (and a raw Avro event) name one of the people: the usable identifiers of
   * the record's {@code ids} (added to {@code linked}: they are the person's too, and the identity
   * graph has not necessarily seen them yet), or anything in the bytes that reads as an address or
   * a number of theirs.
   */
  private boolean original(GenericRecord record, Set<String> linked) {
    Set<String> ids = new java.util.TreeSet<>();
    String text = "";
    if (record.get("body") instanceof ByteBuffer b) {
      ByteBuffer bytes = b.duplicate();
      byte[] raw = new byte[bytes.remaining()];
      bytes.get(raw);
      text = new String(raw, StandardCharsets.UTF_8);
      try {
        JsonNode json = JSON.readTree(text).path("ids");
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getValue().isValueNode()) {
            canonical(e.getKey(), e.getValue().asText(), ids);
          }
        }
      } catch (IOException | RuntimeException notJson) {
        // broken JSON: the scan below still finds addresses and numbers
      }
    }
    if (record.getSchema().getField("event") != null
        && record.get("event") instanceof GenericRecord event
        && event.get("ids") instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() != null) {
          canonical(e.getKey().toString(), e.getValue().toString(), ids);
        }
      }
    }
    // Also as a URL would carry them (alice%40example.com in a query string).
    String decoded = percentDecoded(text);
    boolean theirs =
        ids.stream().anyMatch(identifiers::contains)
            || emails(text)
            || scan(PHONE, "phone", text)
            || decoded != null && (emails(decoded) || scan(PHONE, "phone", decoded));
    if (theirs) {
      linked.addAll(ids);
    }
    return theirs;
  }

  /** {@code text} with its %XX escapes decoded (bad ones kept), or null when it has none. */
  private static String percentDecoded(String text) {
    if (text.indexOf('%') < 0) {
      return null;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      int hi = i + 2 < utf8.length ? Character.digit(utf8[i + 1], 16) : -1;
      int lo = i + 2 < utf8.length ? Character.digit(utf8[i + 2], 16) : -1;
      if (utf8[i] == '%' && hi >= 0 && lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        bytes.write(utf8[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private void canonical(String type, String rawValue, Set<String> into) {
    if (normalizer.normalize(type, rawValue) instanceof IdentifierNormalizer.Usable u) {
      into.add(u.id().toString());
    }
  }

  /**
   * Whether an e-mail address of theirs is in {@code text}: each {@code @} with the address
   * characters around it. Linear, where a regular expression starting anywhere in a long run of
   * letters (an oversized record) would take quadratic time.
   */
  private boolean emails(String text) {
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      int from = at;
      while (from > 0 && localPart(text.charAt(from - 1))) {
        from--;
      }
      int to = at + 1;
      while (to < text.length() && domainPart(text.charAt(to))) {
        to++;
      }
      if (from < at && to > at + 1 && isTheirs("email", text.substring(from, to))) {
        return true;
      }
    }
    return false;
  }

  private static boolean localPart(char c) {
    return Character.isLetterOrDigit(c) || "._%+'-".indexOf(c) >= 0;
  }

  private static boolean domainPart(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == '-';
  }

  private boolean scan(Pattern pattern, String type, String text) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      if (isTheirs(type, m.group())) {
        return true;
      }
    }
    return false;
  }

  private boolean isTheirs(String type, String rawValue) {
    Set<String> id = new java.util.HashSet<>(1);
    canonical(type, rawValue, id);
    return !id.isEmpty() && identifiers.contains(id.iterator().next());
  }

  private Verdict derived(GenericRecord record) {
    boolean scrubbed = false;
    for (Schema.Field f : record.getSchema().getFields()) {
      Object v = record.get(f.pos());
      if (v instanceof CharSequence s) {
        String value = s.toString();
        if (oneIds.contains(value) || identifiers.contains(value)) {
          return Verdict.DROP;
        }
      } else if (v instanceof GenericRecord nested) {
        Verdict n = derived(nested);
        if (n == Verdict.DROP) {
          return n;
        }
        scrubbed |= n == Verdict.SCRUBBED;
      } else if (v instanceof Map<?, ?> map) {
        if (mapNamesThem(map)) {
          return Verdict.DROP;
        }
      } else if (v instanceof List<?> list) {
        scrubbed |= list.removeIf(x -> x instanceof CharSequence s && mentioned(s.toString()));
        for (Object x : list) {
          if (x instanceof GenericRecord nested && derived(nested) == Verdict.DROP) {
            return Verdict.DROP;
          }
        }
      }
    }
    return scrubbed ? Verdict.SCRUBBED : Verdict.KEEP;
  }

  private boolean mentioned(String value) {
    return identifiers.contains(value) || oneIds.contains(value);
  }

  /** An identifier map: type to a canonical value, or to a list of them. */
  private boolean mapNamesThem(Map<?, ?> map) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String type = e.getKey().toString();
      Object v = e.getValue();
      Collection<?> values = v instanceof Collection<?> c ? c : java.util.List.of(v);
      for (Object value : values) {
        if (value instanceof CharSequence s && identifiers.contains(type + ":" + s)) {
          return true;
        }
      }
    }
    return false;
  }
}
