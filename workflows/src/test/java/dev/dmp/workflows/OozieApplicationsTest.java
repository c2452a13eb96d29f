package dev.dmp.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.mapreduce.Driver;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Oozie applications as the build wrote them to {@code target/oozie}, checked without a server:
 * the XML against the XSDs that oozie-client ships, the shape every action must have, the
 * properties every expression uses, and the classes and commands the actions name.
 */
class OozieApplicationsTest {

  private static final Path APPS = Path.of("target", "oozie");
  private static final Path DAILY = APPS.resolve("dmp-daily");

  /** The names EL and the coordinator define themselves. */
  private static final Set<String> EL_WORDS =
      Set.of(
          "eq", "ne", "lt", "gt", "le", "ge", "and", "or", "not", "empty", "div", "mod", "true",
          "false", "null", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE");

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern LITERAL = Pattern.compile("'[^']*'");
  private static final Pattern NAME = Pattern.compile("(?<![:\\w.])([A-Za-z_][\\w.]*)(?![\\w(:])");

  @Test
  void everyApplicationValidatesAgainstOoziesSchemas() throws Exception {
    Schema workflow = schema("oozie-workflow-1.0.xsd");
    Schema coordinator = schema("oozie-coordinator-0.5.xsd");
    List<Path> checked = new ArrayList<>();
    try (Stream<Path> files = Files.walk(APPS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".xml")).toList()) {
        String name = f.getFileName().toString();
        Schema s = name.equals("workflow.xml") ? workflow : coordinator;
        s.newValidator().validate(new StreamSource(f.toFile()));
        checked.add(f);
      }
    }
    assertThat(checked)
        .contains(DAILY.resolve("workflow.xml"), DAILY.resolve("coordinator.xml"))
        .allMatch(
            f -> Set.of("workflow.xml", "coordinator.xml").contains(f.getFileName().toString()));
  }

  @Test
  void everyActionRetriesAndEndsInTheKillNodeOnError() throws Exception {
    Document wf = parse(DAILY.resolve("workflow.xml"));
    Set<String> nodes = new HashSet<>();
    for (String kind : List.of("action", "decision", "fork", "join", "kill", "end")) {
      elements(wf, kind).forEach(e -> nodes.add(e.getAttribute("name")));
    }
    List<Element> actions = elements(wf, "action");
    assertThat(actions)
        .extracting(a -> a.getAttribute("name"))
        .containsExactly(
            "clean",
            "gate-clean",
            "idgraph",
            "attribute",
            "profile",
            "report",
            "gate-report",
            "load");
    for (Element a : actions) {
      String name = a.getAttribute("name");
      assertThat(a.getAttribute("retry-max")).as(name).isEqualTo("${retryMax}");
      assertThat(a.getAttribute("retry-interval")).as(name).isEqualTo("${retryInterval}");
      assertThat(child(a, "error").getAttribute("to")).as(name).isEqualTo("fail");
    }
    Element fail =
        elements(wf, "kill").stream()
            .filter(k -> k.getAttribute("name").equals("fail"))
            .findFirst()
            .get();
    assertThat(fail.getTextContent()).contains("${wf:errorMessage(wf:lastErrorNode())}");
    // Every transition leads to a node that exists.
    for (String kind : List.of("start", "ok", "error", "case", "default", "path", "join")) {
      for (Element t : elements(wf, kind)) {
        String to = t.hasAttribute("to") ? t.getAttribute("to") : t.getAttribute("start");
        assertThat(nodes).as(kind + " -> " + to).contains(to);
      }
    }
    // Nothing reaches the load unless the gate after report passed.
    Element gate =
        elements(wf, "decision").stream()
            .filter(d -> d.getAttribute("name").equals("passed-after-report"))
            .findFirst()
            .get();
    assertThat(child(child(gate, "switch"), "case").getAttribute("to")).isEqualTo("load");
    assertThat(child(child(gate, "switch"), "case").getTextContent())
        .contains("wf:actionData('gate-report')['passed']");
  }

  @Test
  void everyPropertyAnExpressionUsesIsDefined() throws Exception {
    Properties job = new Properties();
    try (InputStream in = Files.newInputStream(DAILY.resolve("job.properties"))) {
      job.load(in);
    }
    Document wf = parse(DAILY.resolve("workflow.xml"));
    Set<String> parameters = new HashSet<>();
    Set<String> required = new HashSet<>();
    for (Element p : elements(wf, "property")) {
      if (p.getParentNode().getNodeName().equals("parameters")) {
        String name = child(p, "name").getTextContent();
        parameters.add(name);
        if (p.getElementsByTagName("value").getLength() == 0) {
          required.add(name);
        }
      }
    }
    assertThat(names(Files.readString(DAILY.resolve("workflow.xml")))).isSubsetOf(parameters);
    assertThat(names(Files.readString(DAILY.resolve("coordinator.xml"))))
        .isSubsetOf(job.stringPropertyNames());
    assertThat(names(Files.readString(DAILY.resolve("job.properties"))))
        .isSubsetOf(job.stringPropertyNames());
    // A parameter without a default comes from job.properties or the coordinator's action.
    Set<String> supplied = new HashSet<>(job.stringPropertyNames());
    supplied.add("date");
    assertThat(required).isSubsetOf(supplied);
    assertThat(job.getProperty("oozie.coord.application.path")).isEqualTo("${appBase}/dmp-daily");
  }

  @Test
  void everyActionRunsACommandOfTheJobJarThatLibHolds() throws Exception {
    Path lib = DAILY.resolve("lib");
    List<Path> jobJars;
    try (Stream<Path> files = Files.list(lib)) {
      jobJars = files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).toList();
    }
    assertThat(jobJars).hasSize(1);
    try (Stream<Path> files = Files.list(lib)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("the job jar's own jars, flat")
          .anyMatch(n -> n.startsWith("avro-"))
          .anyMatch(n -> n.startsWith("hbase-client-"));
    }
    Document wf = parse(DAILY.resolve("workflow.xml"));
    try (JarFile jar = new JarFile(jobJars.get(0).toFile())) {
      for (Element java : elements(wf, "java")) {
        String main = child(java, "main-class").getTextContent();
        assertThat(jar.getEntry(main.replace('.', '/') + ".class")).as(main).isNotNull();
        String command = child(java, "arg").getTextContent();
        assertThat(Driver.command(command)).as(command).isPresent();
      }
    }
  }

  /** The property names the {@code ${...}} expressions of {@code text} use. */
  static Set<String> names(String text) {
    Set<String> out = new HashSet<>();
    for (String line : text.lines().filter(l -> !l.strip().startsWith("#")).toList()) {
      Matcher m = EXPRESSION.matcher(line);
      while (m.find()) {
        Matcher n = NAME.matcher(LITERAL.matcher(m.group(1)).replaceAll("''"));
        while (n.find()) {
          if (!EL_WORDS.contains(n.group(1))) {
            out.add(n.group(1));
          }
        }
      }
    }
    return out;
  }

  private static Schema schema(String xsd) throws Exception {
    URL url = org.apache.oozie.client.OozieClient.class.getClassLoader().getResource(xsd);
    assertThat(url).as(xsd).isNotNull();
    SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    try (InputStream in = url.openStream()) {
      return f.newSchema(new StreamSource(in, url.toString()));
    }
  }

  private static Document parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  private static List<Element> elements(Document d, String localName) {
    NodeList nodes = d.getElementsByTagNameNS("*", localName);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  private static Element child(Element parent, String localName) throws IOException {
    NodeList nodes = parent.getElementsByTagNameNS("*", localName);
    if (nodes.getLength() == 0) {
      throw new IOException(parent.getAttribute("name") + " has no <" + localName + ">");
    }
    return (Element) nodes.item(0);
  }
}
