package dev.dmp.sandbox.kafka;

import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.PersonProfile;
import dev.dmp.sandbox.generate.PlantedPeople;
import dev.dmp.stream.LiveSettings;
import dev.dmp.stream.StreamTool;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The demo's freshness measure: with the stream job running, an event of a planted person with a
 * cookie never seen before, sent now; the time until {@code DmpClient} finds the person under that
 * cookie with the event counted.
 */
final class LiveDemo {

  private static final int PROBES = 5;

  private LiveDemo() {}

  static boolean enabled(Configuration conf) {
    return conf.getBoolean(LiveSettings.ENABLED, true) && HBaseConnections.configured(conf);
  }

  /**
   * A planted user id of the person (sent as it is, not hashed, and of another type than the new
   * cookie the probes bring), or null.
   */
  static String plainId(PlantedPeople.Person p) {
    if (p == null) {
      return null;
    }
    return p.ids().stream().filter(i -> i.startsWith("user_id:")).findFirst().orElse(null);
  }

  static void freshness(
      Configuration conf, EmbeddedKafka kafka, PlantedPeople.Person person, PrintStream out)
      throws Exception {
    String known = plainId(person);
    if (known == null) {
      return;
    }
    out.println();
    out.printf(
        "$ dmp stream run --bootstrap-servers %s --topics %s --for 40   (the job up again; %d"
            + " events of %s with a new cookie each, sent now)%n",
        kafka.bootstrapServers(), String.join(",", KafkaDay.TOPICS), PROBES, known);
    ExecutorService bg = Executors.newSingleThreadExecutor();
    try (KafkaProducer<byte[], byte[]> producer = FeedProducer.producer(kafka.bootstrapServers());
        DmpClient client = DmpClient.connect(HBaseConnections.clientConf(conf))) {
      StreamTool tool = new StreamTool();
      tool.redirect(new PrintStream(PrintStream.nullOutputStream()), out);
      Future<Integer> job =
          bg.submit(
              () ->
                  ToolRunner.run(
                      new Configuration(conf),
                      tool,
                      KafkaDay.streamArgs(kafka.bootstrapServers(), "--for", "40")));
      // The first probe waits for the job to start; the others measure it running.
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i <= PROBES && !job.isDone(); i++) {
        String cookie = "ck_demo" + Long.toHexString(System.nanoTime());
        long sent = System.currentTimeMillis();
        producer.send(new ProducerRecord<>("web", null, sent, null, event(cookie, known, sent)));
        producer.flush();
        while (!job.isDone() && System.currentTimeMillis() - sent < 35_000) {
          PersonProfile p = client.lookup("cookie:" + cookie).profile().orElse(null);
          if (p != null && !p.live().isEmpty()) {
            if (i > 0) {
              millis.add(System.currentTimeMillis() - sent);
            }
            break;
          }
          Thread.sleep(20);
        }
      }
      if (millis.isEmpty()) {
        out.println("# freshness not measured: the job stopped before a probe was served");
      } else {
        millis.sort(null);
        out.printf(
            "# each found by DmpClient under its new cookie, as %s's, with the event counted:"
                + " median %.2f s, slowest %.2f s after it was sent%n",
            known, millis.get(millis.size() / 2) / 1000.0, millis.get(millis.size() - 1) / 1000.0);
      }
      job.get();
    } finally {
      bg.shutdownNow();
    }
  }

  private static byte[] event(String cookie, String known, long at) {
    String type = known.substring(0, known.indexOf(':'));
    String value = known.substring(known.indexOf(':') + 1);
    return ("{\"event_id\":\"demo-"
            + cookie
            + "\",\"event_time\":\""
            + Instant.ofEpochMilli(at)
            + "\",\"source\":\"web\",\"event_type\":\"page_view\",\"ids\":{\"cookie\":\""
            + cookie
            + "\",\""
            + type
            + "\":\""
            + value
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
