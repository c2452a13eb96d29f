package dev.dmp.core.rules;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * The one JEXL engine that segment and alert rules run in. A rule is an expression over the
 * variables its caller puts in the context, nothing more:
 *
 * <ul>
 *   <li>the grammar has no {@code new}, no method calls, no loops, no assignments or other side
 *       effects, no lambdas, local variables, pragmas, annotations or namespaces: a rule that uses
 *       one does not parse;
 *   <li>a property ({@code count_30d.purchase}) reads a key of a map the caller gave, or the length
 *       or emptiness of a string; no other getter, field or constructor of any class is reachable,
 *       so {@code device_class.class} or {@code count.class.classLoader} fails;
 *   <li>arithmetic, comparison, logic, {@code size()}, {@code empty()}, {@code =~} and string
 *       templates work as JEXL defines them.
 * </ul>
 *
 * Rules run as the platform's service principal in the client and in every task, so this is the
 * whole of what a rules file can reach.
 */
public final class RuleSandbox {

  private static final JexlFeatures FEATURES =
      new JexlFeatures()
          .newInstance(false)
          .methodCall(false)
          .loops(false)
          .sideEffect(false)
          .sideEffectGlobal(false)
          .lambda(false)
          .thinArrow(false)
          .fatArrow(false)
          .localVar(false)
          .pragma(false)
          .pragmaAnywhere(false)
          .namespacePragma(false)
          .importPragma(false)
          .annotation(false)
          .register(false);

  private static final JexlEngine ENGINE =
      new JexlBuilder()
          .features(FEATURES)
          .permissions(new AllowList())
          .strict(true)
          .silent(false)
          .safe(false)
          .cache(256)
          .create();

  private RuleSandbox() {}

  /** Compiles one rule; a refused construct or a syntax error is an exception of one line. */
  public static JexlExpression compile(String text) {
    try {
      return ENGINE.createExpression(text);
    } catch (JexlException e) {
      throw new IllegalArgumentException(oneLine(e), e);
    }
  }

  /**
   * The variables a rule reads, each as its path ({@code [count_30d, purchase]} for {@code
   * count_30d.purchase}).
   */
  public static List<List<String>> variables(String text) {
    try {
      return new ArrayList<>(ENGINE.createScript(text).getVariables());
    } catch (JexlException e) {
      throw new IllegalArgumentException(oneLine(e), e);
    }
  }

  /** A JEXL error as one line, without the engine's internal positions spread over lines. */
  public static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    // JEXL starts its messages with the calling method and line ("Class.method:70@1:5 ..."): the
    // rule's own position is what a user needs.
    return m.replaceFirst("^\\S+:\\d+@", "@").replaceAll("\\s+", " ").strip();
  }

  /**
   * Permissions that reach only what a rule is meant to read: a map's keys (through {@code get})
   * and a string's length or emptiness. Everything else — constructors, fields, getters such as
   * {@code getClass} — is refused.
   */
  static final class AllowList implements JexlPermissions {

    private static final Set<String> MAP_METHODS = Set.of("get", "containsKey", "isEmpty", "size");
    private static final Set<String> STRING_METHODS = Set.of("length", "isEmpty");

    @Override
    public boolean allow(Package pack) {
      return true;
    }

    @Override
    public boolean allow(Class<?> clazz) {
      return clazz != null
          && (Map.class.isAssignableFrom(clazz)
              || clazz == String.class
              || clazz == Boolean.class
              || clazz == Character.class
              || Number.class.isAssignableFrom(clazz) && clazz.getName().startsWith("java."));
    }

    @Override
    public boolean allow(Constructor<?> ctor) {
      return false;
    }

    @Override
    public boolean allow(Field field) {
      return false;
    }

    @Override
    public boolean allow(Method method) {
      if (method == null) {
        return false;
      }
      Class<?> owner = method.getDeclaringClass();
      String name = method.getName();
      if (Map.class.isAssignableFrom(owner)) {
        return MAP_METHODS.contains(name);
      }
      if (owner == String.class || owner == CharSequence.class) {
        return STRING_METHODS.contains(name);
      }
      return false;
    }

    @Override
    public JexlPermissions compose(String... src) {
      throw new UnsupportedOperationException("the rules' permissions are fixed");
    }
  }
}
