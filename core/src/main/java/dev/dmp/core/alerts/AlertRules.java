package dev.dmp.core.alerts;

import dev.dmp.core.rules.RuleSandbox;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.MapContext;

/**
 * Alert rules: JEXL expressions, the same library as the segments, over a day's, a source's day's
 * or a source's hour's figures and their history ({@code conf/alerts.properties}, which documents
 * the variables). Each rule is a group of keys {@code NAME.ATTRIBUTE}:
 *
 * <pre>
 * NAME.scope      day | source_day | source_hour | minute       (default day)
 * NAME.when       the condition that raises the alert            (required)
 * NAME.value      the measured value, an expression              (optional)
 * NAME.threshold  the limit the value was held against           (optional)
 * NAME.severity   info | warning | critical                      (default warning)
 * NAME.message    text; ${expression} inserts a value             (default: the condition)
 * </pre>
 *
 * Every expression is compiled and tried on sample figures when the rules are read: a rule that
 * does not compile, names a variable its scope does not have, or whose condition is not a condition
 * fails at once with its name, before anything runs. A rule that reads a figure a day does not have
 * (the people of a day the gate stopped) is not evaluated for that day. Rules and their messages
 * run in {@link RuleSandbox}: they read the figures and nothing else. A rule that throws on real
 * figures (a division by zero) is a {@link Firing#failed() failed} firing, which becomes a {@value
 * #RULE_FAILED} alert: it never stops the run. Not thread-safe.
 */
public final class AlertRules {

  /** What a rule looks at: the whole day, one source's day, or one source's hour. */
  public enum Scope {
    DAY,
    SOURCE_DAY,
    SOURCE_HOUR,
    MINUTE;

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Scope parse(String rule, String text) {
      for (Scope s : values()) {
        if (s.key().equals(text.strip())) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "alert " + rule + ": scope '" + text + "' is not day, source_day, source_hour or minute");
    }
  }

  /** How urgent an alert is. */
  public static final List<String> SEVERITIES = List.of("info", "warning", "critical");

  private static final Set<String> ATTRIBUTES =
      Set.of("scope", "when", "value", "threshold", "severity", "message");

  /** One compiled rule. */
  public record Rule(
      String name,
      Scope scope,
      String severity,
      JexlExpression when,
      JexlExpression value,
      JexlExpression threshold,
      JexlExpression message,
      Set<String> variables) {}

  /** The rule name of the alert raised for a rule that could not be evaluated. */
  public static final String RULE_FAILED = "rule_failed";

  /**
   * A rule that held: its measured value and threshold (NaN when it has none) and message; or, when
   * {@code failed}, a rule that threw on the figures, with the error as its message.
   */
  public record Firing(Rule rule, double value, double threshold, String message, boolean failed) {}

  private final Map<String, Rule> rules = new TreeMap<>();

  private AlertRules() {}

  /** Parses and checks the rules in properties text. */
  public static AlertRules parse(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text == null ? "" : text));
    } catch (IOException e) {
      throw new IllegalArgumentException("alerts: " + e.getMessage(), e);
    }
    Map<String, Map<String, String>> groups = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      int dot = key.lastIndexOf('.');
      String attribute = dot < 0 ? "" : key.substring(dot + 1);
      if (dot <= 0 || !ATTRIBUTES.contains(attribute)) {
        throw new IllegalArgumentException(
            "alerts: '" + key + "' is not NAME." + String.join("|", new TreeSet<>(ATTRIBUTES)));
      }
      groups
          .computeIfAbsent(key.substring(0, dot), n -> new TreeMap<>())
          .put(attribute, p.getProperty(key).strip());
    }
    AlertRules rules = new AlertRules();
    groups.forEach(rules::add);
    return rules;
  }

  private void add(String name, Map<String, String> keys) {
    if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
      throw new IllegalArgumentException("alert name '" + name + "' must be a lower-case word");
    }
    if (!keys.containsKey("when")) {
      throw new IllegalArgumentException("alert " + name + ": " + name + ".when is missing");
    }
    Scope scope = Scope.parse(name, keys.getOrDefault("scope", "day"));
    String severity = keys.getOrDefault("severity", "warning");
    if (!SEVERITIES.contains(severity)) {
      throw new IllegalArgumentException(
          "alert " + name + ": severity '" + severity + "' is not info, warning or critical");
    }
    Set<String> variables = new HashSet<>();
    JexlExpression when = compile(name, "when", keys.get("when"), variables);
    JexlExpression value = compile(name, "value", keys.get("value"), variables);
    JexlExpression threshold = compile(name, "threshold", keys.get("threshold"), variables);
    String text = keys.getOrDefault("message", keys.get("when"));
    JexlExpression message =
        compile(name, "message", "`" + text.replace("`", "\\`") + "`", variables);
    Rule rule = new Rule(name, scope, severity, when, value, threshold, message, variables);
    check(rule, AlertFigures.sample(scope));
    rules.put(name, rule);
  }

  private JexlExpression compile(String name, String attribute, String text, Set<String> vars) {
    if (text == null) {
      return null;
    }
    try {
      for (List<String> v : RuleSandbox.variables(text)) {
        vars.add(v.get(0));
      }
      return RuleSandbox.compile(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "alert " + name + "." + attribute + ": " + e.getMessage(), e);
    }
  }

  /** Evaluates the rule on sample figures of its scope: fails on a wrong name or type. */
  private static void check(Rule rule, Map<String, Object> sample) {
    for (String v : rule.variables()) {
      if (!sample.containsKey(v)) {
        throw new IllegalArgumentException(
            "alert "
                + rule.name()
                + ": "
                + v
                + " is not a variable of scope "
                + rule.scope().key()
                + " (see conf/alerts.properties)");
      }
    }
    MapContext context = new MapContext(sample);
    try {
      if (!(rule.when().evaluate(context) instanceof Boolean)) {
        throw new IllegalArgumentException(
            "alert " + rule.name() + ": " + rule.name() + ".when is not a condition");
      }
      for (JexlExpression e : new JexlExpression[] {rule.value(), rule.threshold()}) {
        if (e != null && !(e.evaluate(context) instanceof Number)) {
          throw new IllegalArgumentException(
              "alert " + rule.name() + ": '" + e.getSourceText() + "' is not a number");
        }
      }
      rule.message().evaluate(context);
    } catch (JexlException | ArithmeticException e) {
      throw new IllegalArgumentException("alert " + rule.name() + ": " + RuleSandbox.oneLine(e), e);
    }
  }

  /** The rules of one scope, by name. */
  public List<Rule> of(Scope scope) {
    List<Rule> out = new ArrayList<>();
    for (Rule r : rules.values()) {
      if (r.scope() == scope) {
        out.add(r);
      }
    }
    return out;
  }

  /** Every rule's name, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(rules.keySet());
  }

  /**
   * The rules of {@code scope} that hold for these figures, skipping every rule that reads a figure
   * they do not have.
   */
  public List<Firing> evaluate(Scope scope, Map<String, Object> figures) {
    MapContext context = new MapContext(figures);
    List<Firing> out = new ArrayList<>();
    for (Rule r : of(scope)) {
      if (!figures.keySet().containsAll(r.variables())) {
        continue;
      }
      try {
        if (Boolean.TRUE.equals(r.when().evaluate(context))) {
          out.add(
              new Firing(
                  r,
                  number(r.value(), context),
                  number(r.threshold(), context),
                  String.valueOf(r.message().evaluate(context)),
                  false));
        }
      } catch (JexlException.Cancel e) {
        // The thread was interrupted (its task is being cancelled): not the rule's failure.
        Thread.currentThread().interrupt();
        throw new IllegalStateException("alert rules interrupted", e);
      } catch (JexlException | ArithmeticException | ClassCastException e) {
        out.add(
            new Firing(
                r,
                Double.NaN,
                Double.NaN,
                "alert rule " + r.name() + " could not be evaluated: " + RuleSandbox.oneLine(e),
                true));
      }
    }
    return out;
  }

  private static double number(JexlExpression e, MapContext context) {
    return e == null ? Double.NaN : ((Number) e.evaluate(context)).doubleValue();
  }
}
