package dev.dmp.mapreduce.it;

import dev.dmp.mapreduce.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.RunJar;

/**
 * {@code hadoop jar dmp-*-job.jar COMMAND -conf SITE ARGS} in a child JVM, the way a user launches
 * it on an edge node of a Hadoop installation: the class path is exactly Hadoop's runtime class
 * path as its poms resolve it ({@link Hadoop}: 3.4.2 or 3.3.6), with nothing of this project's test
 * class path; {@link RunJar} loads the job jar (its classes and {@code lib/}), with or without
 * Hadoop's client class loader ({@code HADOOP_USE_CLIENT_CLASSLOADER=true}); the cluster's settings
 * come in a site file. The YARN containers get the same Hadoop class path ({@code
 * mapreduce.application.classpath}) and nothing else but the job jar.
 */
public final class HadoopJar {

  /** A Hadoop installation whose runtime class path a {@code hadoop-runtime} module resolved. */
  public enum Hadoop {
    /** Hadoop 3.4.2: Avro 1.11, Jackson 2.12. */
    V3_4("hadoop-runtime"),
    /** Hadoop 3.3.6: Avro 1.7, Jackson 2.12, commons-cli 1.2, ZooKeeper 3.6. */
    V3_3("hadoop-runtime-3.3");

    private final String module;

    Hadoop(String module) {
      this.module = module;
    }

    /** The installation's runtime class path. */
    public List<String> classPath() throws IOException {
      Path file = Path.of("..", module, "target", "hadoop.classpath");
      if (!Files.exists(file)) {
        throw new IllegalStateException(
            file + " is missing: build the " + module + " module first");
      }
      List<String> out = new ArrayList<>(Arrays.asList(Files.readString(file).strip().split(":")));
      if (out.stream().anyMatch(e -> e.contains("/dev/dmp/") || e.contains("avro-1.12"))) {
        throw new IllegalStateException(file + " holds more than Hadoop's own jars: " + out);
      }
      return out;
    }
  }

  private static final long TIMEOUT_SECONDS = 1_200;

  /** What a command did. */
  public record Result(int status, String out, String err) {}

  private final Configuration site;
  private final Path workDir;
  private final Hadoop hadoop;
  private final boolean clientClassLoader;
  private final List<String> jvmOptions;

  /**
   * @param site the cluster's settings (written to the site file every command is given)
   * @param hadoop the installation whose class path the client and the containers have
   * @param clientClassLoader whether {@code HADOOP_USE_CLIENT_CLASSLOADER=true} is set
   * @param jvmOptions options of the client JVM beyond its heap and the JDK 17 flags
   */
  public HadoopJar(
      Configuration site,
      Path workDir,
      Hadoop hadoop,
      boolean clientClassLoader,
      String... jvmOptions)
      throws IOException {
    this.hadoop = hadoop;
    this.site = containersOnHadoopAlone(new Configuration(site), hadoop);
    this.workDir = Files.createDirectories(workDir);
    this.clientClassLoader = clientClassLoader;
    this.jvmOptions = List.of(jvmOptions);
  }

  /** Runs the command and requires it to succeed; returns what it printed on stdout. */
  public String run(String command, String... args) throws IOException, InterruptedException {
    Result r = run(Map.of(), command, args);
    if (r.status() != 0) {
      throw new AssertionError(
          "hadoop jar ... "
              + command
              + " exited "
              + r.status()
              + "\n"
              + r.out()
              + "\n--- stderr ---\n"
              + r.err().substring(Math.max(0, r.err().length() - 20_000)));
    }
    return r.out();
  }

  /** Runs the command with {@code env} added to the environment, whatever its exit status. */
  public Result run(Map<String, String> env, String command, String... args)
      throws IOException, InterruptedException {
    Configuration conf = new Configuration(site);
    conf.unset("mapreduce.job.jar"); // found from the driver's class, as hadoop jar does
    Path siteFile = workDir.resolve(command + "-site.xml");
    try (OutputStream o = Files.newOutputStream(siteFile)) {
      conf.writeXml(o);
    }
    List<String> java = ChildJvm.java("-Xmx1g");
    java.addAll(jvmOptions);
    java.add(
        "-Dlog4j.configuration=file:" + new File("../conf/log4j.properties").getAbsolutePath());
    java.add("-cp");
    java.add(String.join(File.pathSeparator, hadoop.classPath()));
    java.add(RunJar.class.getName());
    java.add(MiniClusters.jobJar().getAbsolutePath());
    java.add(command);
    java.add("-conf");
    java.add(siteFile.toString());
    java.addAll(Arrays.asList(args));
    Map<String, String> environment = new java.util.HashMap<>(env);
    if (clientClassLoader) {
      environment.put("HADOOP_USE_CLIENT_CLASSLOADER", "true");
    }
    Path out = workDir.resolve(command + ".out");
    Path err = workDir.resolve(command + ".err");
    int status = ChildJvm.run(java, environment, out, err, TIMEOUT_SECONDS);
    return new Result(status, Files.readString(out), Files.readString(err));
  }

  /**
   * The containers' class path as a Hadoop installation's {@code mapred-site.xml} gives it, not the
   * mini cluster's habit of handing them the test JVM's class path ({@code yarn.is.minicluster}).
   */
  private static Configuration containersOnHadoopAlone(Configuration conf, Hadoop hadoop)
      throws IOException {
    conf.setBoolean("yarn.is.minicluster", false);
    conf.set("mapreduce.application.classpath", String.join(",", hadoop.classPath()));
    conf.unset("mapreduce.job.user.classpath.first");
    // MiniDFSCluster's rack mapping is a class of Hadoop's tests; a cluster keeps the default.
    conf.unset("net.topology.node.switch.mapping.impl");
    return conf;
  }
}
