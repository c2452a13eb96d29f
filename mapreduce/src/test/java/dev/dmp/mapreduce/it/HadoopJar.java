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
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.RunJar;

/**
 * {@code hadoop jar dmp-*-job.jar COMMAND -conf SITE ARGS} in a child JVM, the way a user launches
 * it on a cluster's edge node: {@link RunJar} loads the packaged job jar (its classes and {@code
 * lib/}); the class path around it is a Hadoop client's with HBase's on it ({@code
 * HADOOP_CLASSPATH=$(hbase classpath)}), that is, the test class path without this project's
 * classes; the cluster's addresses come in a site file.
 */
final class HadoopJar {

  private static final long TIMEOUT_SECONDS = 1_200;

  private HadoopJar() {}

  /** Runs the command; returns what it printed on stdout. */
  static String run(Configuration conf, Path workDir, String command, String... args)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Configuration site = new Configuration(conf);
    site.unset("mapreduce.job.jar"); // found from the driver's class, as hadoop jar does
    Path siteFile = workDir.resolve("dmp-site.xml");
    try (OutputStream o = Files.newOutputStream(siteFile)) {
      site.writeXml(o);
    }
    List<String> java = ChildJvm.java("-Xmx1g");
    java.add("-cp");
    java.add(String.join(File.pathSeparator, clientClassPath()));
    java.add(RunJar.class.getName());
    java.add(MiniClusters.jobJar().getAbsolutePath());
    java.add(command);
    java.add("-conf");
    java.add(siteFile.toString());
    java.addAll(Arrays.asList(args));
    Path out = workDir.resolve(command + ".out");
    ChildJvm.run(java, out, workDir.resolve(command + ".err"), TIMEOUT_SECONDS);
    return Files.readString(out);
  }

  /** The test class path without the classes and jars this project builds. */
  private static List<String> clientClassPath() throws IOException {
    String project = new File("..").getCanonicalPath() + File.separator;
    List<String> out = new ArrayList<>();
    for (String entry : ChildJvm.classPath()) {
      String path = new File(entry).getCanonicalPath();
      if (!path.startsWith(project)
          && !path.contains(File.separator + "dev" + File.separator + "dmp" + File.separator)) {
        out.add(entry);
      }
    }
    return out;
  }
}
