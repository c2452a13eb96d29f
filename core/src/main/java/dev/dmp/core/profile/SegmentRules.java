package dev.dmp.core.profile;

import dev.dmp.core.rules.RuleSandbox;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.MapContext;

/**
 * Audience segments as JEXL expressions over a profile's fields ({@code name = expression} lines,
 * {@code conf/segments.properties}, which documents the variables). Compiled once; an expression
 * that does not compile, names an unknown variable, or is not boolean fails at start-up with the
 * segment's name, never record by record. Rules run in {@link RuleSandbox}: they read the profile's
 * variables and nothing else. A rule that fails on one profile's figures (a division by zero)
 * leaves that profile out of the segment and is counted ({@link #errors()}); the profile is kept.
 * Not thread-safe: one per task.
 */
public final class SegmentRules {

  /** The variables a rule may use, each with a value of its type (for the start-up check). */
  static Map<String, Object> sampleVariables() {
    Map<String, Object> v = new HashMap<>();
    v.put("events", 0L);
    v.put("events_7d", 0L);
    v.put("events_30d", 0L);
    v.put("count", new ZeroMap<Long>(0L));
    v.put("count_7d", new ZeroMap<Long>(0L));
    v.put("count_30d", new ZeroMap<Long>(0L));
    v.put("revenue", 0.0);
    v.put("revenue_7d", 0.0);
    v.put("revenue_30d", 0.0);
    v.put("tags", new ZeroMap<Double>(0.0));
    v.put("device_class", "");
    v.put("os", "");
    v.put("browser", "");
    v.put("country", "");
    v.put("city", "");
    v.put("days_since_last_seen", 0L);
    v.put("days_since_first_seen", 0L);
    v.put("identifier_types", 0L);
    return v;
  }

  /**
   * A map whose absent keys read as zero, so that {@code count_30d.purchase >= 3} needs no guard.
   */
  static final class ZeroMap<V> extends HashMap<String, V> {
    private static final long serialVersionUID = 1L;
    private final V zero;

    ZeroMap(V zero) {
      this.zero = zero;
    }

    @Override
    public V get(Object key) {
      V v = super.get(key);
      return v == null ? zero : v;
    }
  }

  private final Map<String, JexlExpression> rules = new TreeMap<>();
  private final Map<String, String> texts = new TreeMap<>();
  private final Map<String, Long> errors = new TreeMap<>();
  private final Map<String, String> firstErrors = new TreeMap<>();

  /**
   * The event types docs/product.md names; a rule may count others listed in {@link #EXTRA_TYPES}.
   */
  public static final Set<String> EVENT_TYPES =
      Set.of(
          "page_view",
          "click",
          "impression",
          "conversion",
          "purchase",
          "app_open",
          "login",
          "signup");

  /** Comma-separated event types beyond {@link #EVENT_TYPES} that rules may count. */
  public static final String EXTRA_TYPES = "dmp.profile.extra.event.types";

  private static final Set<String> COUNTS = Set.of("count", "count_7d", "count_30d");

  /** Parses and checks the rules in properties text. */
  public static SegmentRules parse(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text == null ? "" : text));
    } catch (IOException e) {
      throw new IllegalArgumentException("segments: " + e.getMessage(), e);
    }
    SegmentRules rules = new SegmentRules();
    for (String name : p.stringPropertyNames()) {
      rules.add(name.strip(), p.getProperty(name));
    }
    return rules;
  }

  private void add(String name, String expression) {
    if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
      throw new IllegalArgumentException("segment name '" + name + "' must be a lower-case word");
    }
    JexlExpression e;
    Object sample;
    try {
      e = RuleSandbox.compile(expression);
      sample = e.evaluate(new MapContext(sampleVariables()));
    } catch (IllegalArgumentException | JexlException ex) {
      throw new IllegalArgumentException(
          "segment " + name + ": " + RuleSandbox.oneLine(ex) + " (see conf/segments.properties)",
          ex);
    }
    if (!(sample instanceof Boolean)) {
      throw new IllegalArgumentException(
          "segment " + name + ": '" + expression + "' is not a condition");
    }
    rules.put(name, e);
    texts.put(name, expression);
  }

  /**
   * Fails naming the first rule that reads a count of an event type not in {@code eventTypes} or an
   * interest tag not in {@code tags}: such a name is a typo ({@code count_30d.purchse}) that would
   * silently read zero for everyone.
   */
  public void checkNames(Set<String> tags, Set<String> eventTypes) {
    for (Map.Entry<String, String> r : texts.entrySet()) {
      for (List<String> variable : RuleSandbox.variables(r.getValue())) {
        if (variable.size() < 2) {
          continue;
        }
        String map = variable.get(0);
        String key = variable.get(1);
        if (COUNTS.contains(map) && !eventTypes.contains(key)) {
          throw new IllegalArgumentException(
              "segment "
                  + r.getKey()
                  + ": "
                  + map
                  + "."
                  + key
                  + " counts an unknown event type (known: "
                  + String.join(", ", new TreeSet<>(eventTypes))
                  + "; add others to "
                  + EXTRA_TYPES
                  + ")");
        }
        if (map.equals("tags") && !tags.isEmpty() && !tags.contains(key)) {
          throw new IllegalArgumentException(
              "segment "
                  + r.getKey()
                  + ": tags."
                  + key
                  + " is not a tag of the taxonomy ("
                  + String.join(", ", new TreeSet<>(tags))
                  + ")");
        }
      }
    }
  }

  public int size() {
    return rules.size();
  }

  /** The segments' names, sorted. */
  public Set<String> names() {
    return java.util.Collections.unmodifiableSet(rules.keySet());
  }

  /**
   * The segments whose rule holds for these variables, sorted. A rule that throws on them counts as
   * not holding, and as one error of that rule.
   */
  public List<String> evaluate(Map<String, Object> variables) {
    JexlContext context = new MapContext(variables);
    List<String> in = new ArrayList<>();
    for (Map.Entry<String, JexlExpression> r : rules.entrySet()) {
      Object holds;
      try {
        holds = r.getValue().evaluate(context);
      } catch (JexlException | ArithmeticException e) {
        errors.merge(r.getKey(), 1L, Long::sum);
        firstErrors.putIfAbsent(r.getKey(), RuleSandbox.oneLine(e));
        continue;
      }
      if (Boolean.TRUE.equals(holds)) {
        in.add(r.getKey());
      }
    }
    return in;
  }

  /** How many evaluations of each rule failed so far, for the rules that failed at least once. */
  public Map<String, Long> errors() {
    return java.util.Collections.unmodifiableMap(errors);
  }

  /** The first failure of a rule, as one line (no profile's values in it), or null. */
  public String firstError(String rule) {
    return firstErrors.get(rule);
  }
}
