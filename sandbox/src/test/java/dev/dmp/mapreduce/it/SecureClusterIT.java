package dev.dmp.mapreduce.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmp.avro.Profile;
import dev.dmp.core.IdQueries;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.RunDate;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.PersonProfile;
import dev.dmp.hbase.TableCells;
import dev.dmp.hbase.TableCreator;
import dev.dmp.hbase.security.Kerberos;
import dev.dmp.hbase.security.LookupAudit;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.serving.TablesTool;
import dev.dmp.mapreduce.testing.ChildJvm;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.generate.GenerateTool;
import dev.dmp.sandbox.generate.PlantedPeople;
import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.security.AccessDeniedException;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The platform on a production-shaped cluster: Kerberos (MiniKdc) on HDFS, YARN and HBase, HBase's
 * AccessController, and {@code hadoop jar} on Hadoop 3.4.2's own class path. The HBase superuser
 * creates the tables and grants ({@code dmp tables create}, {@code dmp tables grant}); the service
 * principal, logged in from its keytab ({@code dmp.security.principal} with {@code _HOST}),
 * generates a day, ingests a feed through a kerberized YARN job whose containers have only Hadoop's
 * class path and the job jar, and erases the suppressed people from HBase. Then:
 *
 * <ul>
 *   <li>the lookup principal's {@link DmpClient} serves every planted person of a day with the
 *       planted counts, and each lookup is on the audit logger under that principal, hashed;
 *   <li>an analyst reads a profile's attributes but not its identifiers, nothing of the id index,
 *       and writes nothing; nor may it list {@code raw/};
 *   <li>a user without a ticket is refused with one line.
 * </ul>
 *
 * <p>What this machine cannot show: a job with a reduce phase under Kerberos. Hadoop reads map
 * outputs (the NodeManager's shuffle, and an uber task's local fetch alike) through {@code
 * SecureIOUtils}, whose owner check needs Hadoop's native library (libhadoop's fstat); it is not
 * installed here, as it is on every real secure cluster. So the day served here is computed by the
 * same chain in embedded mode in a child JVM, and its profiles are written to the secure HBase by
 * the service principal with the load's own cell encoder ({@link TableCells}). {@code
 * ChainOnYarnIT} runs the whole chain on YARN from the same job jar and class path, without
 * Kerberos.
 */
class SecureClusterIT {

  private static final String DAY = "2026-11-20";

  private static SecureClusters clusters;

  @BeforeAll
  static void start() throws Exception {
    clusters = SecureClusters.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (clusters != null) {
      clusters.close();
    }
  }

  @Test
  void theServiceWorksAsItsPrincipalAndTheDayIsServedToWhomItMayBeAndNoOneElse() throws Exception {
    Configuration conf = clusters.conf();
    conf.set(DmpPaths.BASE_DIR, "/dmp-it");
    MiniClusters.fewTasks(conf);
    Path input = new Path("/dmp-it/incoming/" + DAY);

    // The HBase superuser sets the tables up for the service, the lookup role and the analysts.
    String granted =
        clusters.as(
            SecureClusters.DAEMON,
            () -> {
              run(conf, new TablesTool(), "create");
              return run(
                  conf,
                  new TablesTool(),
                  "grant",
                  "--service",
                  SecureClusters.SERVICE,
                  "--lookup",
                  SecureClusters.LOOKUP,
                  "--analysts",
                  "@analysts");
            });
    assertThat(granted)
        .contains("grant @analysts, 'R', 'dmp:profile', 'a'")
        .contains(TableCreator.SALT_BUCKETS + "=4");

    // The service on an edge node: `hadoop jar` on Hadoop's class path, logged in from its keytab.
    Configuration service = new Configuration(conf);
    service.set(Kerberos.PRINCIPAL, SecureClusters.SERVICE + "/_HOST@" + clusters.realm());
    service.set(Kerberos.KEYTAB, clusters.keytab(SecureClusters.SERVICE).getAbsolutePath());
    service.setLong("dmp.ingest.mapreduce.min.bytes", 1); // the feed through a YARN job
    HadoopJar hadoop = hadoopJar(service, "it-secure");
    // The day's files as the collectors leave them, written by the service (the generator is the
    // sandbox's, not a command of the job jar).
    assertThat(
            clusters.as(
                SecureClusters.SERVICE,
                () ->
                    ToolRunner.run(
                        new Configuration(conf),
                        new GenerateTool(),
                        new String[] {
                          "--date", DAY, "--events", "3000", "--seed", "5", "--out", "" + input
                        })))
        .isZero();
    String ingested = hadoop.run("ingest", "--date", DAY, "--feed", "web", input + "/web");
    assertThat(ingested).startsWith("ingested 1 file(s), 0 already present;");
    assertThat(
            clusters.as(
                SecureClusters.DAEMON,
                () -> {
                  try (YarnClient yarn = YarnClient.createYarnClient()) {
                    yarn.init(conf);
                    yarn.start();
                    return yarn.getApplications().stream()
                        .filter(a -> a.getName().startsWith("dmp-ingest"))
                        .map(a -> a.getUser() + " " + a.getFinalApplicationStatus())
                        .toList();
                  }
                }))
        .as("the feed went through a YARN job of the service")
        .contains(SecureClusters.SERVICE + " SUCCEEDED");
    String forgotten = hadoop.run("forget", "--file", input + "/_suppress.txt");
    assertThat(forgotten).isNotEmpty();
    FileSystem fs = clusters.as(SecureClusters.SERVICE, () -> FileSystem.newInstance(conf));
    Path raw = new Path("/dmp-it/raw/dt=" + DAY + "/src=web");
    assertThat(fs.exists(new Path(raw, "_SUCCESS"))).isTrue();
    assertThat(fs.getFileStatus(raw).getOwner()).isEqualTo(SecureClusters.SERVICE);
    assertThat(fs.getFileStatus(new Path("/dmp-it/raw")).getPermission().toString())
        .isEqualTo("rwx------");

    // A day of the same chain (embedded, without Kerberos: see the class comment), its profiles
    // written to the secure HBase by the service with the load's cell encoder.
    java.nio.file.Path day = embeddedDay();
    List<Profile> profiles = profiles(day);
    assertThat(profiles).isNotEmpty();
    clusters.as(
        SecureClusters.SERVICE,
        () -> {
          write(conf, profiles);
          return null;
        });
    List<PlantedPeople.Person> planted =
        PlantedPeople.read(
            FileSystem.getLocal(new Configuration()), new Path(components(day).toUri()));

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
            Result attributes = profile.get(new Get(row).addFamily(DmpTables.Profile.ATTRIBUTES));
            assertThat(attributes.isEmpty()).as("the analyst reads attributes").isFalse();
            assertDenied(() -> profile.get(new Get(row).addFamily(DmpTables.Profile.IDENTIFIERS)));
            assertDenied(() -> index.get(new Get(Bytes.toBytes(indexKey))));
            assertDenied(
                () -> {
                  profile.put(
                      new Put(row)
                          .addColumn(
                              DmpTables.Profile.ATTRIBUTES,
                              Bytes.toBytes("x"),
                              Bytes.toBytes("y")));
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

  private static HadoopJar hadoopJar(Configuration site, String dir) throws Exception {
    // With Hadoop's client class loader, as scripts/dmp runs it (ChainOnYarnIT runs without).
    return new HadoopJar(
        site,
        java.nio.file.Path.of("target", dir),
        HadoopJar.Hadoop.V3_4,
        true,
        "-Djava.security.krb5.conf=" + clusters.krb5Conf().getAbsolutePath());
  }

  /** {@code dmp demo} in embedded mode in a child JVM: a generated day through the whole chain. */
  private static java.nio.file.Path embeddedDay() throws Exception {
    java.nio.file.Path home = Files.createTempDirectory("dmp-embedded-day");
    List<String> java = ChildJvm.java("-Xmx2g");
    java.add("-cp");
    java.add(String.join(File.pathSeparator, ChildJvm.classPath()));
    java.addAll(
        List.of(
            "dev.dmp.mapreduce.Driver",
            "demo",
            "-Dfs.defaultFS=file:///",
            "-Dmapreduce.framework.name=local",
            "-D" + DmpPaths.BASE_DIR + "=" + home.resolve("data"),
            "-Ddmp.hbase.embedded.dir=" + home.resolve("hbase"),
            "-Ddmp.profile.segments.file="
                + new File("../conf/segments.properties").getAbsolutePath(),
            "-Ddmp.profile.taxonomy.file="
                + new File("../conf/taxonomy.properties").getAbsolutePath(),
            "-Dhadoop.tmp.dir=" + home.resolve("tmp"),
            "--date",
            DAY,
            "--events",
            "3000",
            "--seed",
            "5",
            "--via",
            "files"));
    ChildJvm.run(java, home.resolve("demo.out"), home.resolve("demo.err"), 600);
    return home.resolve("data");
  }

  private static java.nio.file.Path components(java.nio.file.Path base) throws Exception {
    try (Stream<java.nio.file.Path> files = Files.walk(base)) {
      return files
          .filter(f -> f.getFileName().toString().equals("_components.jsonl"))
          .findFirst()
          .orElseThrow();
    }
  }

  /** The profiles the embedded chain published for the day. */
  private static List<Profile> profiles(java.nio.file.Path base) throws Exception {
    java.nio.file.Path dir =
        java.nio.file.Path.of(
            DmpPaths.of(CommandRunner.embedded(base))
                .profiles(RunDate.parse(DAY))
                .toUri()
                .getPath());
    List<Profile> out = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.list(dir)) {
      for (java.nio.file.Path f : files.filter(f -> f.toString().endsWith(".avro")).toList()) {
        try (DataFileReader<Profile> r =
            new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(Profile.class))) {
          if (r.getSchema().getFullName().equals(Profile.getClassSchema().getFullName())) {
            r.forEach(out::add);
          }
        }
      }
    }
    return out;
  }

  /** The profiles' cells in the profile, id index and segment tables, as the load writes them. */
  private static void write(Configuration conf, List<Profile> profiles) throws Exception {
    long ts = System.currentTimeMillis();
    try (Connection c = ConnectionFactory.createConnection(conf)) {
      for (TableName name :
          List.of(DmpTables.Profile.NAME, DmpTables.IdIndex.NAME, DmpTables.Segment.NAME)) {
        List<Put> puts = new ArrayList<>();
        for (Profile p : profiles) {
          TableCells.puts(name, p, 4, ts, kv -> puts.add(put(kv)));
        }
        try (Table t = c.getTable(name)) {
          t.put(puts);
        }
      }
    }
  }

  private static Put put(org.apache.hadoop.hbase.KeyValue kv) {
    try {
      return new Put(kv.getRowArray(), kv.getRowOffset(), kv.getRowLength()).add(kv);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
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
