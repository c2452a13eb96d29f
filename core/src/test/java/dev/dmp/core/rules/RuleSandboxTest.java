package dev.dmp.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.MapContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSandboxTest {

  @TempDir Path dir;

  private static Map<String, Object> variables() {
    Map<String, Object> v = new HashMap<>();
    v.put("events", 7L);
    v.put("revenue", 12.5);
    v.put("device_class", "Phone");
    v.put("count", new HashMap<>(Map.of("purchase", 3L)));
    return v;
  }

  private static Object run(String rule) {
    return RuleSandbox.compile(rule).evaluate(new MapContext(variables()));
  }

  @Test
  void rulesOverTheirVariablesStillWork() {
    assertThat(run("count.purchase >= 3 && revenue > 10")).isEqualTo(true);
    assertThat(run("device_class == 'Phone' || device_class == 'Tablet'")).isEqualTo(true);
    assertThat(run("device_class =~ ['Phone', 'Tablet'] && !empty(device_class)")).isEqualTo(true);
    assertThat(run("size(device_class) == 5 && !device_class.empty")).isEqualTo(true);
    assertThat(run("count.click")).isNull();
  }

  @Test
  void templatesInsertValues() {
    assertThat(run("`${events} events, ${revenue * 2} spent on a ${device_class}`"))
        .isEqualTo("7 events, 25.0 spent on a Phone");
  }

  @Test
  void aRuleCannotCreateAFile() throws Exception {
    Path victim = dir.resolve("x");
    String rule = "new('java.io.FileOutputStream', '" + victim + "') != null";
    assertThatThrownBy(() -> run(rule)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.exists(victim)).isFalse();
  }

  @Test
  void aTemplateCannotReadAFile() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "hostname");
    String rule =
        "`${new('java.util.Scanner', new('java.io.FileInputStream', '"
            + secret
            + "')).nextLine()}`";
    assertThatThrownBy(() -> run(rule)).isInstanceOf(JexlException.class);
  }

  @Test
  void everyConstructOutsideAnExpressionIsRefusedWhenCompiled() {
    for (String rule :
        new String[] {
          "''.getClass()",
          "device_class.toString()",
          "events = 1",
          "events += 1",
          "var a = 1; a",
          "for (var i : [1, 2]) { i }",
          "while (true) { 1 }",
          "function(x) { x }",
          "x -> x",
          "#pragma jexl.namespace.rt java.lang.Runtime\n rt:getRuntime()",
          "@silent events",
        }) {
      assertThatThrownBy(() -> RuleSandbox.compile(rule))
          .as(rule)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining("RuleSandbox");
    }
  }

  @Test
  void noGetterOrFieldOutsideTheAllowListIsReached() {
    for (String rule :
        new String[] {
          "device_class.class",
          "device_class.class.classLoader",
          "device_class.bytes",
          "revenue.class.name",
          "events.class",
          "java.lang.Runtime",
          "math:abs(events)",
          "`${new('java.io.File', '/')}`",
        }) {
      assertThatThrownBy(() -> run(rule)).as(rule).isInstanceOf(JexlException.class);
    }
  }

  @Test
  void variablesAreListedByPath() {
    assertThat(RuleSandbox.variables("count.purchase > 1 && events > 2"))
        .containsExactlyInAnyOrder(
            java.util.List.of("count", "purchase"), java.util.List.of("events"));
  }
}
