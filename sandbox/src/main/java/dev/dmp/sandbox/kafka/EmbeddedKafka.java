package dev.dmp.sandbox.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker for the demo and the tests: Kafka's own broker (KRaft, broker and controller in
 * one), from its Maven Central jars, in a child JVM, with its data and log under a directory of
 * ours. The broker's class path is written by the build ({@code kafka-broker/target/
 * broker.classpath}) and found through the system property {@value #CLASSPATH}, which {@code
 * scripts/dmp} and the tests set. The broker keeps records whatever their age (the demo's days are
 * in the past) and creates no topic by itself.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /**
   * A Kerberos listener instead of the plain one: clients authenticate with SASL's GSSAPI against
   * the KDC of {@code krb5Conf}; the broker is {@code principal} (e.g. {@code
   * kafka/localhost@REALM}, whose first part is the service name clients ask for) from {@code
   * keytab}, and speaks to itself the same way. The KRaft controller's own listener stays on the
   * loopback address in plain text.
   */
  public record Kerberos(File krb5Conf, File keytab, String principal) {

    String serviceName() {
      return principal.substring(0, principal.indexOf('/'));
    }

    /** Kafka's JAAS line for a login as {@code principal} from {@code keytab}. */
    public static String jaas(File keytab, String principal) {
      return "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true storeKey=true"
          + " keyTab=\""
          + keytab.getAbsolutePath()
          + "\" principal=\""
          + principal
          + "\";";
    }
  }

  /** The system property naming the file that holds the broker's class path. */
  public static final String CLASSPATH = "dmp.kafka.broker.classpath";

  private static final long START_TIMEOUT_MS = 90_000;

  private final Path dir;
  private final Process process;
  private final String bootstrapServers;
  private final Kerberos kerberos;

  /** Stops the broker when this JVM ends without closing it (Ctrl-C in the demo, a killed test). */
  private final Thread onExit;

  private EmbeddedKafka(Path dir, Process process, String bootstrapServers, Kerberos kerberos) {
    this.dir = dir;
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.kerberos = kerberos;
    this.onExit = new Thread(process::destroyForcibly, "embedded-kafka-stop");
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** Formats a new broker in {@code dir} (which must not hold one) and starts it. */
  public static EmbeddedKafka start(Path dir) throws IOException, InterruptedException {
    return start(dir, null);
  }

  /**
   * Formats a new broker in {@code dir} and starts it with a Kerberos listener ({@code kerberos}),
   * or a plain one ({@code null}).
   */
  public static EmbeddedKafka start(Path dir, Kerberos kerberos)
      throws IOException, InterruptedException {
    String classPath = classPath();
    Files.createDirectories(dir);
    int port = freePort();
    int controller = freePort();
    Path props = dir.resolve("server.properties");
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
    String listener = kerberos == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
    p.setProperty(
        "listeners",
        listener + "://" + host(kerberos) + ":" + port + ",CONTROLLER://127.0.0.1:" + controller);
    p.setProperty("advertised.listeners", listener + "://" + host(kerberos) + ":" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty(
        "listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
    p.setProperty("inter.broker.listener.name", listener);
    if (kerberos != null) {
      p.setProperty("sasl.enabled.mechanisms", "GSSAPI");
      p.setProperty("sasl.mechanism.inter.broker.protocol", "GSSAPI");
      p.setProperty("sasl.kerberos.service.name", kerberos.serviceName());
      p.setProperty(
          "listener.name.sasl_plaintext.gssapi.sasl.jaas.config",
          Kerberos.jaas(kerberos.keytab(), kerberos.principal()));
    }
    p.setProperty("log.dirs", dir.resolve("data").toString());
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("log.retention.ms", "-1");
    p.setProperty("log.retention.bytes", "-1");
    try (var out = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
      p.store(out, "the sandbox's Kafka broker");
    }
    File log = dir.resolve("broker.log").toFile();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process format =
        new ProcessBuilder(
                java,
                "-cp",
                classPath,
                "kafka.tools.StorageTool",
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                props.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IOException("could not format the Kafka broker's storage; see " + log);
    }
    return launch(dir, port, kerberos);
  }

  /** Where the listener is: a Kerberos client names the broker's host in the principal it asks. */
  private static String host(Kerberos kerberos) {
    return kerberos == null ? "127.0.0.1" : "localhost";
  }

  /**
   * Stops the broker as an operator restarts one (SIGTERM, a clean shutdown) and starts it again on
   * the same data and listeners; returns the running broker, this one being closed.
   */
  public EmbeddedKafka restart() throws IOException, InterruptedException {
    close();
    String address = bootstrapServers;
    return launch(dir, Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)), kerberos);
  }

  private static EmbeddedKafka launch(Path dir, int port, Kerberos kerberos)
      throws IOException, InterruptedException {
    File log = dir.resolve("broker.log").toFile();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    if (kerberos != null) {
      command.add("-Djava.security.krb5.conf=" + kerberos.krb5Conf().getAbsolutePath());
    }
    command.addAll(
        List.of("-cp", classPath(), "kafka.Kafka", dir.resolve("server.properties").toString()));
    Process broker =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    EmbeddedKafka kafka = new EmbeddedKafka(dir, broker, host(kerberos) + ":" + port, kerberos);
    try {
      kafka.awaitUp(port, log);
    } catch (IOException | RuntimeException e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  private void awaitUp(int port, File log) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the Kafka broker exited at start; see " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        try (Admin admin = admin()) {
          admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          // not ready yet
        }
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IOException("the Kafka broker did not answer within 90 s; see " + log);
  }

  /** The broker's address, {@code 127.0.0.1:PORT} ({@code localhost:PORT} with Kerberos). */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * What a client of this broker is given: its address and, for a Kerberos listener, the protocol,
   * the service name and a login as the broker's own principal (add {@code sasl.jaas.config} of
   * your own to be someone else).
   */
  public Properties clientProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    if (kerberos != null) {
      p.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
      p.put("sasl.kerberos.service.name", kerberos.serviceName());
      p.put("sasl.jaas.config", Kerberos.jaas(kerberos.keytab(), kerberos.principal()));
    }
    return p;
  }

  /** An admin client of the broker. */
  public Admin admin() {
    return Admin.create(clientProperties());
  }

  /** Creates topics of {@code partitions} partitions each. */
  public void createTopics(List<String> names, int partitions)
      throws IOException, InterruptedException {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, partitions, (short) 1));
    }
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("could not create topics " + names + ": " + e.getMessage(), e);
    }
  }

  /** Where the broker keeps its data and log. */
  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String classPath() throws IOException {
    String file = System.getProperty(CLASSPATH);
    if (file == null || !new File(file).isFile()) {
      throw new IOException(
          "the Kafka broker's class path is not known: -D"
              + CLASSPATH
              + "=kafka-broker/target/broker.classpath (mvn install writes it)");
    }
    return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
