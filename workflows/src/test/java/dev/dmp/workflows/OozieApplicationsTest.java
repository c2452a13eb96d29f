package dev.dmp.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.mapreduce.Driver;
import dev.dmp.mapreduce.stage.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
  private static final Path HOURLY = APPS.resolve("dmp-hourly");
  private static final Path BUNDLE = APPS.resolve("dmp-bundle");
  private static final List<Path> WORKFLOWS = List.of(DAILY, HOURLY);

  /** What a coordinator's action sets in its workflow's configuration. */
  private static final Set<String> FROM_COORDINATOR = Set.of("date", "hour");

  /** The names EL and the coordinator define themselves. */
  private static final Set<String> EL_WORDS =
      Set.of(
          "eq", "ne", "lt", "gt", "le", "ge", "and", "or", "not", "empty", "div", "mod", "true",
          "false", "null", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "MINUTES");

  /** The actions that watch a loaded day: their failure fails nothing. */
  private static final Map<String, String> WATCHERS =
      Map.of(
          "dmp-daily/export", "alerts",
          "dmp-daily/alerts", "dashboard",
          "dmp-daily/dashboard", "retention",
          "dmp-daily/retention", "end");

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern LITERAL = Pattern.compile("'[^']*'");
  private static final Pattern NAME = Pattern.compile("(?<![:\\w.])([A-Za-z_][\\w.]*)(?![\\w(:])");

  @Test
  void everyApplicationValidatesAgainstOoziesSchemas() throws Exception {
    Map<String, Schema> schemas =
        Map.of(
            "workflow.xml", schema("oozie-workflow-1.0.xsd", "oozie-sla-0.2.xsd"),
            "coordinator.xml", schema("oozie-coordinator-0.5.xsd"),
            "bundle.xml", schema("oozie-bundle-0.2.xsd"));
    List<Path> checked = new ArrayList<>();
    try (Stream<Path> files = Files.walk(APPS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".xml")).toList()) {
        Schema s = schemas.get(f.getFileName().toString());
        assertThat(s).as("an Oozie application file: " + f).isNotNull();
        s.newValidator().validate(new StreamSource(f.toFile()));
        checked.add(f);
      }
    }
    assertThat(checked)
        .containsExactlyInAnyOrder(
            DAILY.resolve("workflow.xml"),
            DAILY.resolve("coordinator.xml"),
            HOURLY.resolve("workflow.xml"),
            HOURLY.resolve("coordinator.xml"),
            BUNDLE.resolve("bundle.xml"));
  }

  @Test
  void everyActionRetriesAndEndsInTheKillNodeOnError() throws Exception {
    assertThat(actionNames(parse(DAILY.resolve("workflow.xml"))))
        .containsExactly(
            "clean",
            "gate-clean",
            "idgraph",
            "attribute",
            "profile",
            "report",
            "gate-report",
            "load",
            "export",
            "alerts",
            "dashboard",
            "retention",
            "alerts-stopped-after-clean",
            "alerts-stopped-after-report",
            "alert-failure");
    assertThat(actionNames(parse(HOURLY.resolve("workflow.xml"))))
        .containsExactly("hourly", "alert-failure");
    for (Path app : WORKFLOWS) {
      Document wf = parse(app.resolve("workflow.xml"));
      Set<String> nodes = new HashSet<>();
      for (String kind : List.of("action", "decision", "fork", "join", "kill", "end")) {
        elements(wf, kind).forEach(e -> nodes.add(e.getAttribute("name")));
      }
      for (Element a : elements(wf, "action")) {
        String name = app.getFileName() + "/" + a.getAttribute("name");
        assertThat(a.getAttribute("retry-max")).as(name).isEqualTo("${retryMax}");
        assertThat(a.getAttribute("retry-interval")).as(name).isEqualTo("${retryInterval}");
        String onError = child(a, "error").getAttribute("to");
        if (WATCHERS.containsKey(name)) {
          // After the load (or the hour): an error leaves the action in ERROR, not the day.
          assertThat(onError).as(name).isEqualTo(WATCHERS.get(name));
        } else if (a.getAttribute("name").startsWith("alert")) {
          // An alert on the way to a kill node ends there, whether it was delivered or not.
          assertThat(onError).as(name).isEqualTo(child(a, "ok").getAttribute("to"));
          assertThat(elements(wf, "kill").stream().map(k -> k.getAttribute("name")))
              .as(name)
              .contains(onError);
        } else {
          // A failing stage raises its alert on its way to "fail".
          assertThat(onError).as(name).isEqualTo("alert-failure");
        }
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
          assertThat(nodes).as(app.getFileName() + ": " + kind + " -> " + to).contains(to);
        }
      }
    }
    Document wf = parse(DAILY.resolve("workflow.xml"));
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
  void everyActionThatTouchesHBaseUsesTheHBaseCredentialAndTheClustersHBaseSite() throws Exception {
    // The commands that read or write HBase tables (the rest touch HDFS only).
    Set<String> hbaseCommands = Set.of("load", "hourly", "forget", "lookup", "segment", "tables");
    for (Path app : WORKFLOWS) {
      Document wf = parse(app.resolve("workflow.xml"));
      Element credential = child(child(wf.getDocumentElement(), "credentials"), "credential");
      assertThat(credential.getAttribute("name")).isEqualTo("hbase");
      assertThat(credential.getAttribute("type")).isEqualTo("hbase");
      assertThat(credential.getTextContent())
          .contains("hbase.zookeeper.quorum", "hbase.master.kerberos.principal");
      assertThat(child(child(wf.getDocumentElement(), "global"), "job-xml").getTextContent())
          .isEqualTo("${hbaseSite}");
      int touching = 0;
      for (Element a : elements(wf, "action")) {
        String command = child(child(a, "java"), "arg").getTextContent();
        if (child(a, "java").getTextContent().contains("export")) {
          command = "segment export"; // reads profiles on HDFS, not the segment table
        }
        String name = app.getFileName() + "/" + a.getAttribute("name");
        if (hbaseCommands.contains(command)) {
          touching++;
          assertThat(a.getAttribute("cred")).as(name).isEqualTo("hbase");
        } else {
          assertThat(a.getAttribute("cred")).as(name + " needs no HBase token").isEmpty();
        }
      }
      assertThat(touching).as(app.getFileName() + ": actions that touch HBase").isPositive();
    }
  }

  @Test
  void everyPropertyAnExpressionUsesIsDefined() throws Exception {
    Properties bundle = properties(BUNDLE);
    for (Path app : WORKFLOWS) {
      Properties job = properties(app);
      Path workflow = app.resolve("workflow.xml");
      Set<String> parameters = new HashSet<>();
      Set<String> required = new HashSet<>();
      for (Element p : elements(parse(workflow), "property")) {
        if (p.getParentNode().getNodeName().equals("parameters")) {
          String name = child(p, "name").getTextContent();
          parameters.add(name);
          if (p.getElementsByTagName("value").getLength() == 0) {
            required.add(name);
          }
        }
      }
      assertThat(names(Files.readString(workflow))).as(app.toString()).isSubsetOf(parameters);
      String coordinator = Files.readString(app.resolve("coordinator.xml"));
      assertThat(names(coordinator)).as(app.toString()).isSubsetOf(job.stringPropertyNames());
      assertThat(names(coordinator)).as("bundle").isSubsetOf(bundle.stringPropertyNames());
      assertThat(names(Files.readString(app.resolve("job.properties"))))
          .isSubsetOf(job.stringPropertyNames());
      // A parameter without a default comes from job.properties or the coordinator's action.
      for (Properties from : List.of(job, bundle)) {
        Set<String> supplied = new HashSet<>(from.stringPropertyNames());
        supplied.addAll(FROM_COORDINATOR);
        assertThat(required).as(app.toString()).isSubsetOf(supplied);
      }
      assertThat(job.getProperty("oozie.coord.application.path"))
          .isEqualTo("${appBase}/" + app.getFileName());
      assertThat(job.getProperty("oozie.libpath")).isEqualTo("${appBase}/lib");
    }
    assertThat(names(Files.readString(BUNDLE.resolve("bundle.xml"))))
        .isSubsetOf(bundle.stringPropertyNames());
    assertThat(names(Files.readString(BUNDLE.resolve("job.properties"))))
        .isSubsetOf(bundle.stringPropertyNames());
    assertThat(bundle.getProperty("oozie.bundle.application.path"))
        .isEqualTo("${appBase}/dmp-bundle");
    assertThat(bundle.getProperty("oozie.libpath")).isEqualTo("${appBase}/lib");
    Document b = parse(BUNDLE.resolve("bundle.xml"));
    assertThat(elements(b, "app-path"))
        .extracting(Element::getTextContent)
        .containsExactly("${appBase}/dmp-daily", "${appBase}/dmp-hourly");
  }

  @Test
  void everyActionRunsACommandOfTheJobJarThatLibHolds() throws Exception {
    Path lib = APPS.resolve("lib");
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
    try (JarFile jar = new JarFile(jobJars.get(0).toFile())) {
      for (Path app : WORKFLOWS) {
        for (Element java : elements(parse(app.resolve("workflow.xml")), "java")) {
          String main = child(java, "main-class").getTextContent();
          assertThat(jar.getEntry(main.replace('.', '/') + ".class")).as(main).isNotNull();
          String command = child(java, "arg").getTextContent();
          assertThat(Driver.command(command)).as(command).isPresent();
        }
      }
    }
  }

  private static List<String> actionNames(Document wf) {
    return elements(wf, "action").stream().map(a -> a.getAttribute("name")).toList();
  }

  private static Properties properties(Path app) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(app.resolve("job.properties"))) {
      p.load(in);
    }
    return p;
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

  /** The schema of oozie-client's XSDs {@code xsds} together (an application and its SLA). */
  private static Schema schema(String... xsds) throws Exception {
    List<StreamSource> sources = new ArrayList<>();
    for (String xsd : xsds) {
      URL url = org.apache.oozie.client.OozieClient.class.getClassLoader().getResource(xsd);
      assertThat(url).as(xsd).isNotNull();
      sources.add(new StreamSource(url.toString()));
    }
    SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    return f.newSchema(sources.toArray(StreamSource[]::new));
  }

  /**
   * Each workflow declares its SLA for Oozie's SLA service: from the start of its day or hour, by
   * when it should start and end, its longest run, the misses it alerts on and whom; every limit a
   * property job.properties sets.
   */
  @Test
  void eachWorkflowDeclaresItsSlaWithTheLimitsOfJobProperties() throws Exception {
    Map<Path, String> nominal = Map.of(DAILY, "${date}T00:00Z", HOURLY, "${date}T${hour}:00Z");
    for (Path app : WORKFLOWS) {
      Document wf = parse(app.resolve("workflow.xml"));
      List<Element> info = elements(wf, "info");
      assertThat(info).as(app.toString()).hasSize(1);
      Element sla = info.get(0);
      assertThat(sla.getNamespaceURI()).isEqualTo("uri:oozie:sla:0.2");
      assertThat(sla.getParentNode()).isEqualTo(wf.getDocumentElement());
      assertThat(child(sla, "nominal-time").getTextContent()).isEqualTo(nominal.get(app));
      assertThat(child(sla, "alert-events").getTextContent())
          .isEqualTo("start_miss,end_miss,duration_miss");
      Properties job = properties(app);
      for (String limit : List.of("should-start", "should-end", "max-duration")) {
        String text = child(sla, limit).getTextContent();
        assertThat(text).as(limit).matches("\\$\\{\\w+ \\* MINUTES}");
        String property = names(text).iterator().next();
        assertThat(Integer.parseInt(job.getProperty(property))).as(property).isPositive();
      }
      assertThat(job.getProperty("slaAlertContact")).contains("@");
    }
  }

  /**
   * No action deletes anything before its stage holds the day's lock (an Oozie {@code <prepare>}
   * runs first, under a run or an erasure of the same day); every action that writes a dataset runs
   * a {@link Stage}, which takes the lock and replaces its outputs in one commit, so a retry needs
   * nothing cleared.
   */
  @Test
  void noActionDeletesBeforeItsStageHoldsTheDay() throws Exception {
    int stages = 0;
    for (Path app :
        List.of(
            DAILY.resolve("workflow.xml"),
            DAILY.resolveSibling("dmp-hourly").resolve("workflow.xml"))) {
      Document workflow = parse(app);
      assertThat(elements(workflow, "prepare")).as(app.toString()).isEmpty();
      assertThat(elements(workflow, "delete")).as(app.toString()).isEmpty();
      for (Element action : elements(workflow, "action")) {
        NodeList java = action.getElementsByTagNameNS("*", "java");
        if (java.getLength() == 0) {
          continue;
        }
        String command = child((Element) java.item(0), "arg").getTextContent().strip();
        if (Driver.command(command).orElseThrow().newTool() instanceof Stage<?>) {
          stages++;
        }
      }
    }
    assertThat(stages).as("clean, idgraph, attribute, profile, report, load").isEqualTo(6);
  }

  private static List<Element> elementsOf(Element parent, String localName) {
    NodeList nodes = parent.getElementsByTagNameNS("*", localName);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
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
