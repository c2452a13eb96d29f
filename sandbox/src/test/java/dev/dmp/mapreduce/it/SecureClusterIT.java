package dev.dmp.mapreduce.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.avro.RawRecord;
import dev.dmp.core.IdQueries;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.PersonProfile;
import dev.dmp.hbase.TableCreator;
import dev.dmp.hbase.security.Kerberos;
import dev.dmp.hbase.security.LookupAudit;
import dev.dmp.mapreduce.Driver;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.testing.ChildJvm;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GenerateTool;
import dev.dmp.sandbox.generate.PlantedPeople;
import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.security.AccessDeniedException;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform on a production-shaped cluster: Kerberos (MiniKdc) on HDFS, YARN and HBase, HBase's
 * AccessController, and {@code hadoop jar} on Hadoop 3.4.2's own class path. The HBase superuser
 * creates the tables and grants ({@code dmp tables create}, {@code dmp tables grant}); the service
 * principal, logged in from its keytab ({@code dmp.security.principal} with {@code _HOST}),
 * generates a day, ingests a feed through a kerberized YARN job whose containers have only Hadoop's
 * class path and the job jar, forgets the suppressed people, and runs the whole day: clean,
 * idgraph, attribute, profile and report, each a YARN job with its reduce phase (the shuffle checks
 * the owner of every map output through Hadoop's native library), and the bulk load into HBase with
 * the service's delegation tokens. Then:
 *
 * <ul>
 *   <li>the fates equal the generator's truth, and the lookup principal's {@link DmpClient} serves
 *       every planted person of the day with the planted counts; each lookup is on the audit logger
 *       under that principal, hashed;
 *   <li>an analyst reads a profile's attributes but not its identifiers, nothing of the id index,
 *       and writes nothing; nor may it list {@code raw/};
 *   <li>a user without a ticket is refused with one line.
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureClusterIT {

  private static final String DAY = "2026-11-20";

  private static final String STREAM_DAY = "2026-11-21";
  private static final List<String> FEEDS = List.of("web", "app", "ads", "crm");

  /** How long the stream job runs: past three ticket lifetimes. */
  private static final long STREAM_SECONDS = 3 * SecureClusters.TICKET_LIFETIME_MS / 1000 + 20;

  private static SecureClusters clusters;

  /** What `dmp tables grant` printed. */
  private static String granted;

  /** A long-lived lookup service of the lookup principal (see {@link LookupService}). */
  private static Process lookupService;

  private static java.nio.file.Path lookupWork;

  @BeforeAll
  static void start() throws Exception {
    clusters = SecureClusters.start();
    granted = clusters.createTablesAndGrant();
    // The lookup service starts now and runs through both days, past several ticket lifetimes.
    lookupWork = Files.createTempDirectory("dmp-lookup-service");
    Configuration site = clusters.conf();
    MiniClusters.fewTasks(site);
    site.set(Kerberos.PRINCIPAL, clusters.principal(SecureClusters.LOOKUP));
    site.set(Kerberos.KEYTAB, clusters.keytab(SecureClusters.LOOKUP).getAbsolutePath());
    try (var out = Files.newOutputStream(lookupWork.resolve("site.xml"))) {
      site.writeXml(out);
    }
    List<String> command = childJava("-Xmx256m");
    command.addAll(
        List.of(
            LookupService.class.getName(),
            lookupWork.resolve("site.xml").toString(),
            lookupWork.resolve("ids.txt").toString(),
            lookupWork.resolve("stop").toString()));
    ProcessBuilder service =
        new ProcessBuilder(command)
            .redirectOutput(lookupWork.resolve("service.out").toFile())
            .redirectError(lookupWork.resolve("service.err").toFile());
    service.environment().put("KRB5CCNAME", "FILE:/nonexistent/krb5cc");
    lookupService = service.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (lookupService != null) {
      lookupService.destroyForcibly();
    }
    if (clusters != null) {
      clusters.close();
    }
  }

  @Test
  @Order(1)
  void theServiceWorksAsItsPrincipalAndTheDayIsServedToWhomItMayBeAndNoOneElse() throws Exception {
    Configuration conf = clusters.conf();
    conf.set(DmpPaths.BASE_DIR, "/dmp-it");
    MiniClusters.fewTasks(conf);
    Path input = new Path("/dmp-it/incoming/" + DAY);

    assertThat(granted)
        .contains("grant @analysts, 'R', 'dmp:profile', 'p'")
        .contains(TableCreator.SALT_BUCKETS + "=4");

    // The service on an edge node: `hadoop jar` on Hadoop's class path, logged in from its keytab.
    Configuration service = new Configuration(conf);
    service.set(Kerberos.PRINCIPAL, SecureClusters.SERVICE + "/_HOST@" + clusters.realm());
    service.set(Kerberos.KEYTAB, clusters.keytab(SecureClusters.SERVICE).getAbsolutePath());
    service.set(ProfileJob.SEGMENTS_FILE, "/conf/segments.properties");
    service.set(ProfileJob.TAXONOMY_FILE, "/conf/taxonomy.properties");
    HadoopJar hadoop = hadoopJar(service, "it-secure");
    // The day's files as the collectors leave them, and the rules, written by the service (the
    // generator is the sandbox's, not a command of the job jar).
    clusters.as(
        SecureClusters.SERVICE,
        () -> {
          FileSystem fs = FileSystem.get(conf);
          for (String rules : List.of("segments.properties", "taxonomy.properties")) {
            fs.copyFromLocalFile(new Path("../conf/" + rules), new Path("/conf/" + rules));
          }
          run(
              conf,
              new GenerateTool(),
              "--date",
              DAY,
              "--events",
              "3000",
              "--seed",
              "5",
              "--out",
              "" + input);
          return null;
        });
    // The people who asked to be forgotten before the day arrived: clean opts them out.
    String forgotten = hadoop.run("forget", "--file", input + "/_suppress.txt");
    assertThat(forgotten).isNotEmpty();
    clusters.as(
        SecureClusters.SERVICE,
        () -> {
          for (String feed : List.of("app", "crm", "ads")) {
            run(conf, new IngestTool(), "--date", DAY, "--feed", feed, input + "/" + feed);
          }
          return null;
        });
    // The web feed through a YARN job of the service.
    String ingested =
        hadoop.run(
            "ingest",
            "-D",
            IngestTool.MAPREDUCE_MIN_BYTES + "=1",
            "--date",
            DAY,
            "--feed",
            "web",
            input + "/web");
    assertThat(ingested).startsWith("ingested 1 file(s), 0 already present;");
    FileSystem fs = clusters.as(SecureClusters.SERVICE, () -> FileSystem.newInstance(conf));
    Path raw = new Path("/dmp-it/raw/dt=" + DAY + "/src=web");
    assertThat(fs.exists(new Path(raw, "_SUCCESS"))).isTrue();
    assertThat(fs.getFileStatus(raw).getOwner()).isEqualTo(SecureClusters.serviceUser());
    assertThat(fs.getFileStatus(new Path("/dmp-it/raw")).getPermission().toString())
        .isEqualTo("rwx------");

    // The whole day as the service: clean, idgraph, attribute, profile and report, each a YARN job
    // with its reduce phase (the shuffle checks who owns every map output, with Hadoop's native
    // library), then the bulk load into the kerberized HBase with the service's HBase token.
    String day = hadoop.run("run", "--date", DAY);
    // A new client of the service's: tickets last a minute here, and the test's own logins (not
    // the commands') are not renewed.
    fs = clusters.as(SecureClusters.SERVICE, () -> FileSystem.newInstance(conf));
    assertThat(day).contains("gate      passed after report").contains("load      ");
    List<String> jobs =
        clusters.as(
            SecureClusters.DAEMON,
            () -> {
              try (YarnClient yarn = YarnClient.createYarnClient()) {
                yarn.init(conf);
                yarn.start();
                return yarn.getApplications().stream()
                    .filter(a -> a.getName().startsWith("dmp-"))
                    .map(
                        a ->
                            a.getName().split("[- ]")[1]
                                + " "
                                + a.getUser()
                                + " "
                                + a.getFinalApplicationStatus())
                    .toList();
              }
            });
    String user = SecureClusters.serviceUser();
    assertThat(jobs)
        .as("YARN jobs of the service")
        .contains(
            "ingest " + user + " SUCCEEDED",
            "clean " + user + " SUCCEEDED",
            "idgraph " + user + " SUCCEEDED",
            "attribute " + user + " SUCCEEDED",
            "profile " + user + " SUCCEEDED",
            "report " + user + " SUCCEEDED",
            "load " + user + " SUCCEEDED")
        .allMatch(j -> j.endsWith(" " + user + " SUCCEEDED"));
    JsonNode truth = json(fs, new Path(input, "_truth.json"));
    JsonNode clean = json(fs, new Path("/dmp-it/quality/dt=" + DAY + "/clean.json"));
    assertThat(clean.get("read").asLong()).isEqualTo(3000);
    for (String fate : List.of("clean", "duplicate", "bot", "opted_out")) {
      assertThat(clean.get(fate).asLong()).as(fate).isEqualTo(truth.at("/fates/" + fate).asLong());
    }
    List<PlantedPeople.Person> planted =
        PlantedPeople.read(fs, new Path(input, "_components.jsonl"));
    // From now on the lookup service asks for twenty of the day's people.
    Files.write(
        lookupWork.resolve("ids.txt"),
        planted.stream()
            .filter(p -> !p.suppressed() && p.cleanEvents() > 0)
            .limit(20)
            .map(p -> p.ids().get(0))
            .toList());

    // The lookup principal: every planted person, with the planted counts; each lookup audited.
    StringWriter audit = new StringWriter();
    Logger auditLogger = Logger.getLogger(LookupAudit.LOGGER);
    WriterAppender appender = new WriterAppender(new PatternLayout("%m%n"), audit);
    auditLogger.addAppender(appender);
    auditLogger.setLevel(Level.INFO);
    Configuration reader = clusters.conf();
    reader.setInt(TableCreator.SALT_BUCKETS, 4); // what `tables grant` said to configure
    PlantedPeople.Person known =
        planted.stream().filter(p -> !p.suppressed()).findFirst().orElseThrow();
    List<String> failures;
    PersonProfile someone;
    try {
      failures =
          clusters.as(
              SecureClusters.LOOKUP,
              () -> {
                try (DmpClient client = DmpClient.connect(reader)) {
                  return PlantedPeople.check(client, planted);
                }
              });
      someone =
          clusters.as(
              SecureClusters.LOOKUP,
              () -> {
                try (DmpClient client = DmpClient.connect(reader)) {
                  return client.lookup(known.ids().get(0)).profile().orElseThrow();
                }
              });
    } finally {
      auditLogger.removeAppender(appender);
    }
    assertThat(failures).isEmpty();
    List<String> records = audit.toString().lines().toList();
    assertThat(records).hasSizeGreaterThan(planted.size());
    assertThat(records)
        .allMatch(r -> r.startsWith("user=" + clusters.principal(SecureClusters.LOOKUP) + "\t"))
        .anyMatch(r -> r.contains("\tfound=true\t"))
        .noneMatch(r -> r.replaceFirst("^user=[^\t]*\t", "").contains("@")); // e-mails hashed

    // An analyst: attributes yes; identifiers, the id index and any write no; raw/ no.
    byte[] row = Bytes.toBytes(DmpTables.Profile.rowKey(someone.oneId(), 4));
    String indexKey =
        IdQueries.canonicalize(IdentifierNormalizer.fromSettings(reader::get), known.ids().get(0));
    clusters.as(
        SecureClusters.ANALYST,
        () -> {
          try (Connection c = ConnectionFactory.createConnection(reader);
              Table profile = c.getTable(DmpTables.Profile.NAME);
              Table index = c.getTable(DmpTables.IdIndex.NAME)) {
            Result attributes = profile.get(new Get(row).addFamily(DmpTables.Profile.PROFILE));
            assertThat(attributes.isEmpty()).as("the analyst reads the profile family").isFalse();
            assertDenied(() -> profile.get(new Get(row).addFamily(DmpTables.Profile.IDENTIFIERS)));
            assertDenied(() -> index.get(new Get(Bytes.toBytes(indexKey))));
            assertDenied(
                () -> {
                  profile.put(
                      new Put(row)
                          .addColumn(
                              DmpTables.Profile.PROFILE, Bytes.toBytes("x"), Bytes.toBytes("y")));
                  return null;
                });
          }
          FileSystem analystFs = FileSystem.newInstance(conf);
          assertThatThrownBy(() -> analystFs.listStatus(new Path("/dmp-it/raw")))
              .isInstanceOf(AccessControlException.class);
          return null;
        });

    // No ticket at all: one line that says what to run, exit status 1.
    HadoopJar.Result refused =
        hadoopJar(conf, "it-secure-nobody")
            .run(Map.of("KRB5CCNAME", "FILE:/nonexistent/krb5cc"), "lookup", known.ids().get(0));
    assertThat(refused.status()).isEqualTo(DmpTool.FAILED);
    List<String> lines = refused.err().lines().filter(l -> l.startsWith("dmp ")).toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("no Kerberos ticket").contains("kinit");
    assertThat(refused.err()).doesNotContain("\tat ");
  }

  /** The day after, streamed: the daily run above is the reference the stream starts from. */
  @Test
  @Order(2)
  void theStreamReadsAKerberosListenerAndWritesTheSecureClusterAsTheService() throws Exception {
    Configuration conf = clusters.conf();
    MiniClusters.fewTasks(conf); // what `tables grant` said to configure: 4 salt buckets
    Path in = new Path("/dmp-stream-it/incoming/" + STREAM_DAY);
    List<FeedProducer.Line> lines =
        clusters.as(
            SecureClusters.SERVICE,
            () -> {
              run(
                  conf,
                  new GenerateTool(),
                  "--date",
                  STREAM_DAY,
                  "--events",
                  "2000",
                  "--seed",
                  "5", // the same people as the day before, a day later
                  "--out",
                  "" + in);
              return FeedProducer.day(conf, in, FEEDS, RunDate.parse(STREAM_DAY));
            });
    java.nio.file.Path work = Files.createTempDirectory("dmp-secure-stream");
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(
            work.resolve("kafka"),
            new EmbeddedKafka.Kerberos(
                clusters.krb5Conf(),
                clusters.keytab(SecureClusters.KAFKA),
                clusters.principal(SecureClusters.KAFKA)))) {
      kafka.createTopics(FEEDS, 2);
      // The collectors write as the service; a client without Kerberos gets nothing.
      Properties producer = kafka.clientProperties();
      producer.put(
          "sasl.jaas.config",
          EmbeddedKafka.Kerberos.jaas(
              clusters.keytab(SecureClusters.SERVICE), clusters.principal(SecureClusters.SERVICE)));
      assertThat(FeedProducer.send(producer, lines, 2)).isEqualTo(lines.size());
      Properties plain = new Properties();
      plain.put("bootstrap.servers", kafka.bootstrapServers());
      plain.put("default.api.timeout.ms", "5000");
      plain.put("request.timeout.ms", "4000");
      try (Admin anonymous = Admin.create(plain)) {
        assertThatThrownBy(() -> anonymous.listTopics().names().get(10, TimeUnit.SECONDS))
            .isInstanceOfAny(ExecutionException.class, TimeoutException.class);
      }

      // `dmp stream` on an edge node: the cluster's site files in HADOOP_CONF_DIR (Flink's file
      // system reads them too), the service's keytab, the listener's protocol in
      // dmp.stream.kafka.*, and no ticket cache.
      Configuration site = new Configuration(conf);
      site.set(DmpPaths.BASE_DIR, "/dmp-stream-it");
      site.set(Kerberos.PRINCIPAL, SecureClusters.SERVICE + "/_HOST@" + clusters.realm());
      site.set(Kerberos.KEYTAB, clusters.keytab(SecureClusters.SERVICE).getAbsolutePath());
      site.set("dmp.stream.kafka.security.protocol", "SASL_PLAINTEXT");
      site.set(
          ProfileJob.SEGMENTS_FILE, new File("../conf/segments.properties").toURI().toString());
      site.set("dmp.stream.idle.timeout", "3s");
      site.set("dmp.stream.checkpoint.interval", "2s");
      java.nio.file.Path siteDir = Files.createDirectories(work.resolve("hadoop-conf"));
      for (String name : List.of("core-site.xml", "hdfs-site.xml", "hbase-site.xml")) {
        try (var out = Files.newOutputStream(siteDir.resolve(name))) {
          site.writeXml(out);
        }
      }
      List<String> command = childJava("-Xmx1g");
      command.addAll(
          List.of(
              Driver.class.getName(),
              "stream",
              "-conf",
              siteDir.resolve("core-site.xml").toString(),
              "run",
              "--bootstrap-servers",
              kafka.bootstrapServers(),
              "--topics",
              String.join(",", FEEDS),
              // Past three ticket lifetimes: reading Kafka, checkpointing to HDFS every 2 s, and
              // a savepoint at the end.
              "--for",
              Long.toString(STREAM_SECONDS)));
      java.nio.file.Path out = work.resolve("stream.out");
      java.nio.file.Path err = work.resolve("stream.err");
      int status =
          ChildJvm.run(
              command,
              Map.of(
                  "HADOOP_CONF_DIR", siteDir.toString(), "KRB5CCNAME", "FILE:/nonexistent/krb5cc"),
              out,
              err,
              400);
      assertThat(status).as(ChildJvm.printed(out, err)).isZero();
      assertThat(Files.readString(out)).contains("with savepoint hdfs://");
    }

    // Every message landed in the kerberized HDFS, as the service.
    FileSystem fs = clusters.as(SecureClusters.SERVICE, () -> FileSystem.newInstance(conf));
    Path day = new Path("/dmp-stream-it/raw/dt=" + STREAM_DAY);
    assertThat(fs.getFileStatus(day).getOwner()).isEqualTo(SecureClusters.serviceUser());
    for (String feed : FEEDS) {
      assertThat(fs.exists(new Path(day, "src=" + feed + "/_SUCCESS"))).as(feed).isTrue();
    }
    long landed = 0;
    for (FileStatus f : fs.globStatus(new Path(day, "hr=*/src=*/kafka-*.avro"))) {
      try (java.io.InputStream s = fs.open(f.getPath());
          DataFileStream<RawRecord> records =
              new DataFileStream<>(s, new SpecificDatumReader<>(RawRecord.class))) {
        for (RawRecord ignored : records) {
          landed++;
        }
      }
    }
    assertThat(landed).isEqualTo(lines.size());
    // The live figures written to the kerberized HBase by the service, served to the lookup
    // principal: every planted person with an event today is served live, the suppressed never.
    // (Live figures against the daily run's, person by person, are StreamLiveTest's.)
    List<PlantedPeople.Person> planted = PlantedPeople.read(fs, new Path(in, "_components.jsonl"));
    List<String> wrong =
        clusters.as(
            SecureClusters.LOOKUP,
            () -> {
              List<String> out = new ArrayList<>();
              try (DmpClient client = DmpClient.connect(conf)) {
                for (PlantedPeople.Person p : planted) {
                  List<DmpClient.Lookup> found = client.lookupAll(p.ids());
                  if (p.suppressed()) {
                    found.stream()
                        .filter(DmpClient.Lookup::found)
                        .forEach(l -> out.add(l.canonical() + " is suppressed but served"));
                  } else if (p.cleanEvents() > 0
                      && found.stream()
                          .noneMatch(
                              l -> l.profile().map(f -> !f.live().isEmpty()).orElse(false))) {
                    out.add(p.ids() + " has events today but no live figures");
                  }
                }
              }
              return out;
            });
    assertThat(planted.stream().filter(p -> !p.suppressed() && p.cleanEvents() > 0)).isNotEmpty();
    assertThat(wrong).isEmpty();
  }

  /**
   * The lookup service that started before the first day, with tickets that last a minute: every
   * round of lookups answered, through both days, past several ticket lifetimes.
   */
  @Test
  @Order(3)
  void theLookupServiceKeptWorkingPastSeveralTicketLifetimes() throws Exception {
    Files.createFile(lookupWork.resolve("stop"));
    assertThat(lookupService.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> rounds = Files.readAllLines(lookupWork.resolve("service.out"));
    assertThat(rounds)
        .as(Files.readString(lookupWork.resolve("service.err")))
        .isNotEmpty()
        .allMatch(r -> r.startsWith("ok "));
    String last = rounds.get(rounds.size() - 1);
    long seconds = Long.parseLong(last.split(" ")[1]);
    assertThat(seconds * 1000).isGreaterThan(3 * SecureClusters.TICKET_LIFETIME_MS);
    assertThat(last).endsWith(" 20/20");
    assertThat(lookupService.exitValue()).isZero();
  }

  /**
   * A JVM of the test's class path, with the KDC's {@code krb5.conf}: the main class comes next.
   */
  private static List<String> childJava(String heap) throws Exception {
    List<String> command = ChildJvm.java(heap);
    command.add("-Djava.security.krb5.conf=" + clusters.krb5Conf().getAbsolutePath());
    command.add(
        "-Dlog4j.configuration=file:" + new File("../conf/log4j.properties").getAbsolutePath());
    command.addAll(List.of("-cp", String.join(File.pathSeparator, ChildJvm.classPath())));
    return command;
  }

  private static HadoopJar hadoopJar(Configuration site, String dir) throws Exception {
    // With Hadoop's client class loader, as scripts/dmp runs it (ChainOnYarnIT runs without).
    return new HadoopJar(
        site,
        java.nio.file.Path.of("target", dir),
        HadoopJar.Hadoop.V3_4,
        true,
        "-Djava.security.krb5.conf=" + clusters.krb5Conf().getAbsolutePath());
  }

  private static JsonNode json(FileSystem fs, Path file) throws Exception {
    try (java.io.InputStream in = fs.open(file)) {
      return new ObjectMapper().readTree(in);
    }
  }

  private interface Call {
    Object call() throws Exception;
  }

  private static void assertDenied(Call call) {
    assertThatThrownBy(call::call)
        .satisfies(
            e -> {
              List<Class<?>> chain = new ArrayList<>();
              for (Throwable t = e; t != null; t = t.getCause()) {
                chain.add(t.getClass());
              }
              assertThat(chain).as(e.toString()).contains(AccessDeniedException.class);
            });
  }

  private static String run(Configuration conf, DmpTool tool, String... args) throws Exception {
    CommandRunner commands = new CommandRunner(conf);
    assertThat(commands.run(tool, args)).as("dmp " + tool.name() + ": " + commands.err()).isZero();
    return commands.out();
  }
}
