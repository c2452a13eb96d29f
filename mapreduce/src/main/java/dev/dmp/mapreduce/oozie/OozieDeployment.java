package dev.dmp.mapreduce.oozie;

import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.ClusterSettings;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.HBaseConfiguration;

/** {@code dmp oozie deploy}: the Oozie applications and the HBase settings their actions read. */
final class OozieDeployment {

  private OozieDeployment() {}

  /**
   * Copies each application of {@code apps} (a workflow, coordinator or bundle, and their shared
   * lib/) to {@code dest}, replacing it whole, and this client's HBase settings beside them.
   */
  static void deploy(Configuration conf, File apps, Path dest, PrintStream out)
      throws IOException, UsageException {
    // Each application (a workflow, coordinator or bundle), and the lib/ they share.
    File[] dirs =
        apps.listFiles(
            d ->
                d.isDirectory()
                    && (d.getName().equals("lib")
                        || Stream.of("workflow.xml", "coordinator.xml", "bundle.xml")
                            .anyMatch(f -> new File(d, f).isFile())));
    if (dirs == null || dirs.length == 0) {
      throw new UsageException(
          "no Oozie applications in "
              + apps
              + ": build them with 'mvn package' (they go to "
              + OozieTool.DEFAULT_APPS
              + ")");
    }
    Arrays.sort(dirs);
    FileSystem fs = dest.getFileSystem(conf);
    for (File app : dirs) {
      Path target = new Path(dest, app.getName());
      fs.delete(target, true); // a deployment replaces each application, and lib/, whole
      fs.mkdirs(dest);
      fs.copyFromLocalFile(false, true, new Path(app.getAbsolutePath()), target);
      var summary = fs.getContentSummary(target);
      out.printf(
          "deployed %s: %,d files, %,d bytes -> %s%n",
          app.getName(), summary.getFileCount(), summary.getLength(), fs.makeQualified(target));
    }
    Path hbaseSite = new Path(dest, "conf/hbase-site.xml");
    try (OutputStream o = fs.create(hbaseSite, true)) {
      hbaseSite(conf).writeXml(o);
    }
    out.printf(
        "deployed this client's HBase settings -> %s (the workflows' job-xml)%n",
        fs.makeQualified(hbaseSite));
  }

  /**
   * The HBase settings of {@code conf} (its hbase-site.xml and -D options), without HBase's own
   * defaults: what every action needs to reach the cluster's HBase (quorum, security, principals).
   */
  static Configuration hbaseSite(Configuration conf) {
    Configuration hbase = HBaseConfiguration.create(conf);
    Configuration site = new Configuration(false);
    for (Map.Entry<String, String> e : hbase) {
      if (e.getKey().startsWith("hbase.") && ClusterSettings.setExplicitly(hbase, e.getKey())) {
        site.set(e.getKey(), e.getValue());
      }
    }
    return site;
  }
}
