package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.RawRecord;
import dev.dmp.mapreduce.it.MiniClusters;
import dev.dmp.mapreduce.testing.CommandRunner;
import dev.dmp.sandbox.kafka.EmbeddedKafka;
import dev.dmp.sandbox.kafka.FeedProducer;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.client.deployment.ClusterSpecification;
import org.apache.flink.client.deployment.application.ApplicationConfiguration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.yarn.YarnClientYarnClusterInformationRetriever;
import org.apache.flink.yarn.YarnClusterDescriptor;
import org.apache.flink.yarn.configuration.YarnConfigOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream job as a YARN application, as {@code flink run-application -t yarn-application}
 * deploys it: Flink's YARN client ships a dist jar (a stand-in assembled from Flink's Maven jars,
 * {@code flink-standin}), the stream job jar, and runs the job's main in the application master;
 * the containers' class path is Hadoop's runtime class path, nothing of the tests. It lands a small
 * day from the sandbox's broker into the mini cluster's HDFS, every hour flagged.
 */
@ExtendWith(MiniClusters.class)
class StreamOnYarnIT {

  private static final String DAY = "2026-11-23";
  private static final List<String> FEEDS = GeneratedFeeds.TOPICS;

  @TempDir Path dir;

  @Test
  void theStreamJobLandsADayAsAYarnApplication() throws Exception {
    Configuration cluster = MiniClusters.get().conf();
    String nameNode = MiniClusters.get().fs().getUri().toString();
    FileSystem fs = FileSystem.newInstance(MiniClusters.get().fs().getUri(), cluster);

    CommandRunner local = new CommandRunner(CommandRunner.embedded(dir.resolve("local")));
    List<FeedProducer.Line> lines = GeneratedFeeds.day(local, dir.resolve("in"), DAY, 3000, 9);

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopics(FEEDS, 2);
      FeedProducer.send(kafka.bootstrapServers(), lines, 2);

      YarnConfiguration yarn = new YarnConfiguration(cluster);
      // Flink's client closes the file system it uploads with: its own, not the JVM's cached one
      // that the other tests of this JVM share.
      yarn.setBoolean("fs.hdfs.impl.disable.cache", true);
      // The containers get Hadoop's runtime class path, as on a cluster, and nothing of the tests.
      yarn.setStrings(
          YarnConfiguration.YARN_APPLICATION_CLASSPATH,
          Files.readString(
                  Path.of("..", "hadoop-runtime", "target", "hadoop.classpath"),
                  StandardCharsets.UTF_8)
              .trim()
              .split(File.pathSeparator));
      org.apache.flink.configuration.Configuration flink =
          new org.apache.flink.configuration.Configuration();
      flink.set(DeploymentOptions.TARGET, "yarn-application");
      flink.set(YarnConfigOptions.FLINK_DIST_JAR, System.getProperty("dmp.flink.standin.jar"));
      flink.set(PipelineOptions.JARS, List.of(streamJobJar().toURI().toString()));
      flink.set(YarnConfigOptions.APPLICATION_ATTEMPTS, 1);
      flink.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("1024m"));
      flink.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("1280m"));
      flink.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
      flink.set(CoreOptions.DEFAULT_PARALLELISM, 2);
      flink.set(CoreOptions.FLINK_JVM_OPTIONS, MiniClusters.JDK17_OPTS);
      // The containers log (Hadoop's reload4j binding) into one file of the test's.
      Path log4j = dir.resolve("log4j.properties");
      Files.writeString(
          log4j,
          "log4j.rootLogger=INFO, file\n"
              + "log4j.appender.file=org.apache.log4j.FileAppender\n"
              + "log4j.appender.file.file="
              + dir.resolve("containers.log")
              + "\n"
              + "log4j.appender.file.layout=org.apache.log4j.PatternLayout\n"
              + "log4j.appender.file.layout.ConversionPattern=%d{HH:mm:ss,SSS} %p %c{1}: %m%n\n");
      flink.setString("$internal.yarn.log-config-file", log4j.toString());
      // The cluster's site files, where a NodeManager's HADOOP_CONF_DIR points its containers.
      // Only the addresses and the containers' class path (the application master starts the
      // TaskManagers with it): the mini clusters' own settings name classes of Hadoop's tests.
      Path siteDir = Files.createDirectories(dir.resolve("hadoop-conf"));
      Configuration site = new Configuration(false);
      site.set("fs.defaultFS", nameNode);
      site.set(
          YarnConfiguration.YARN_APPLICATION_CLASSPATH,
          yarn.get(YarnConfiguration.YARN_APPLICATION_CLASSPATH));
      yarn.forEach(
          e -> {
            if (e.getKey().startsWith("yarn.resourcemanager.") && e.getKey().endsWith("address")) {
              site.set(e.getKey(), e.getValue());
            }
          });
      for (String name : List.of("core-site.xml", "yarn-site.xml")) {
        try (var out = Files.newOutputStream(siteDir.resolve(name))) {
          site.writeXml(out);
        }
      }
      flink.setString("containerized.master.env.HADOOP_CONF_DIR", siteDir.toString());
      flink.setString("containerized.taskmanager.env.HADOOP_CONF_DIR", siteDir.toString());
      new ApplicationConfiguration(
              new String[] {
                "-D",
                "fs.defaultFS=" + nameNode,
                "-D",
                "dmp.base.dir=/dmp-stream",
                "-D",
                StreamSettings.IDLE_TIMEOUT + "=3s",
                "-D",
                StreamSettings.CHECKPOINT_INTERVAL + "=2s",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topics",
                String.join(",", FEEDS)
              },
              StreamJob.class.getName())
          .applyToConfiguration(flink);

      YarnClient client = YarnClient.createYarnClient();
      client.init(yarn);
      client.start();
      // Flink's client waits for the application master as long as it takes: not this test.
      Thread watchdog =
          new Thread(
              () -> {
                try {
                  Thread.sleep(240_000);
                  for (var report : client.getApplications()) {
                    client.killApplication(report.getApplicationId());
                  }
                } catch (Exception stopped) {
                  // the test ended first
                }
              });
      watchdog.setDaemon(true);
      watchdog.start();
      try (YarnClusterDescriptor descriptor =
          new YarnClusterDescriptor(
              flink,
              yarn,
              client,
              YarnClientYarnClusterInformationRetriever.create(client),
              true)) {
        ApplicationId app =
            descriptor
                .deployApplicationCluster(
                    new ClusterSpecification.ClusterSpecificationBuilder()
                        .setMasterMemoryMB(1024)
                        .setTaskManagerMemoryMB(1280)
                        .setSlotsPerTaskManager(2)
                        .createClusterSpecification(),
                    ApplicationConfiguration.fromConfiguration(flink))
                .getClusterClient()
                .getClusterId();
        try {
          org.apache.hadoop.fs.Path day =
              new org.apache.hadoop.fs.Path("/dmp-stream/raw/dt=" + DAY);
          long deadline = System.currentTimeMillis() + 240_000;
          while (!flagged(fs, day) && System.currentTimeMillis() < deadline) {
            assertThat(client.getApplicationReport(app).getYarnApplicationState().toString())
                .isIn("NEW", "NEW_SAVING", "SUBMITTED", "ACCEPTED", "RUNNING");
            Thread.sleep(1000);
          }
          assertThat(flagged(fs, day)).as("every feed's day flagged on HDFS").isTrue();
          long landed = 0;
          for (FileStatus f :
              fs.globStatus(new org.apache.hadoop.fs.Path(day, "hr=*/src=*/kafka-*.avro"))) {
            try (InputStream s = fs.open(f.getPath());
                DataFileStream<RawRecord> records =
                    new DataFileStream<>(s, new SpecificDatumReader<>(RawRecord.class))) {
              for (RawRecord ignored : records) {
                landed++;
              }
            }
          }
          assertThat(landed).isEqualTo(lines.size());
        } finally {
          descriptor.killCluster(app);
        }
      } finally {
        watchdog.interrupt();
        client.stop();
        // What the containers logged outlives the test's directory, for a failure's reader.
        if (Files.exists(dir.resolve("containers.log"))) {
          Files.copy(
              dir.resolve("containers.log"),
              Path.of("target", "stream-on-yarn-containers.log"),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static boolean flagged(FileSystem fs, org.apache.hadoop.fs.Path day) throws Exception {
    for (String feed : FEEDS) {
      if (!fs.exists(new org.apache.hadoop.fs.Path(day, "src=" + feed + "/_SUCCESS"))) {
        return false;
      }
    }
    return true;
  }

  private static File streamJobJar() {
    File[] jars =
        new File("../stream/target")
            .listFiles((d, n) -> n.startsWith("dmp-stream-") && n.endsWith("-job.jar"));
    assertThat(jars).as("the stream module's job jar (mvn package)").hasSize(1);
    return jars[0];
  }
}
