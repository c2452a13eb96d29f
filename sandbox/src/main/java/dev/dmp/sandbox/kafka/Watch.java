package dev.dmp.sandbox.kafka;

import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.PersonProfile;
import dev.dmp.sandbox.generate.GeneratedDay;
import dev.dmp.sandbox.generate.PlantedPeople;
import java.io.PrintStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The demo's look at one planted person while the day streams: their live figures through {@code
 * DmpClient} every second, printed when they change.
 */
final class Watch {

  private final Thread thread;
  private final PlantedPeople.Person person;
  private volatile boolean stopped;

  private Watch(Configuration conf, PlantedPeople.Person person, PrintStream out) {
    this.person = person;
    this.thread = new Thread(() -> watch(conf, out), "dmp-demo-watch");
    this.thread.setDaemon(true);
  }

  /**
   * Starts watching the busiest planted person (of at most 500 events) with a user id, which is
   * sent as it is (no PII).
   */
  static Watch start(Configuration conf, GeneratedDay day, PrintStream out) throws Exception {
    List<PlantedPeople.Person> planted =
        PlantedPeople.read(
            FileSystem.get(day.dir().toUri(), conf), new Path(day.dir(), "_components.jsonl"));
    PlantedPeople.Person busiest =
        planted.stream()
            // Not the generator's hot key (thousands of events on one identifier, a
            // super-connector to the daily graph, which the stream's first day cannot know yet).
            .filter(p -> !p.suppressed() && LiveDemo.plainId(p) != null && p.cleanEvents() <= 500)
            .max(java.util.Comparator.comparingLong(PlantedPeople.Person::cleanEvents))
            .orElse(null);
    Watch w = new Watch(conf, busiest, out);
    if (busiest != null && LiveDemo.enabled(conf)) {
      out.printf(
          "# while the day streams, %s (%d events planted) is looked up every second:%n",
          LiveDemo.plainId(busiest), busiest.cleanEvents());
      w.thread.start();
    }
    return w;
  }

  PlantedPeople.Person person() {
    return person;
  }

  void stop() throws InterruptedException {
    stopped = true;
    thread.join(5_000);
  }

  private void watch(Configuration conf, PrintStream out) {
    String id = LiveDemo.plainId(person);
    String last = "";
    while (!stopped) {
      // The tables appear when the job starts: until then, connecting fails, and is tried again.
      try (DmpClient client = DmpClient.connect(HBaseConnections.clientConf(conf))) {
        while (!stopped) {
          PersonProfile.Live live =
              client.lookup(id).profile().map(PersonProfile::live).orElse(PersonProfile.Live.NONE);
          String now =
              live.isEmpty()
                  ? ""
                  : String.format(
                      "%d events %s, revenue %s%s",
                      live.events().values().stream().mapToLong(Long::longValue).sum(),
                      live.events(),
                      dev.dmp.hbase.ProfileCells.decimal(live.revenue()),
                      live.segments().isEmpty() ? "" : ", entered " + live.segments());
          if (!now.equals(last)) {
            out.printf("#   live %s: %s%n", id, now);
            last = now;
          }
          Thread.sleep(1000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception notYet) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
