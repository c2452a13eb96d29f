package dev.dmp.sandbox.generate;

import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.erasure.ForgetTool;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.money.RatesTool;
import org.apache.hadoop.fs.Path;

/**
 * A generated day in a directory, and the commands that land it, as a user would type them:
 * generate, ingest each source's folder under its own feed, forget the opted-out people. The demo
 * prints each step; the benchmark times them quietly.
 */
public final class GeneratedDay {

  /** Runs one command and fails if it fails. */
  @FunctionalInterface
  public interface Steps {
    void run(DmpTool tool, String... args) throws Exception;
  }

  private final Path dir;
  private final RunDate date;

  public GeneratedDay(Path dir, RunDate date) {
    this.dir = dir;
    this.date = date;
  }

  public Path dir() {
    return dir;
  }

  /** The truth the generator planted. */
  public Path truth() {
    return new Path(dir, "_truth.json");
  }

  public void generate(Steps steps, long events, long seed) throws Exception {
    generate(steps, events, seed, "CNY");
  }

  /** Generates the day with revenue in these currencies (comma-separated). */
  public void generate(Steps steps, long events, long seed, String currencies) throws Exception {
    steps.run(
        new GenerateTool(),
        "--date",
        date.toString(),
        "--events",
        Long.toString(events),
        "--seed",
        Long.toString(seed),
        "--currencies",
        currencies,
        "--out",
        dir.toString());
  }

  /** The exchange rates of the generated currencies. */
  public Path rates() {
    return new Path(dir, "_rates.csv");
  }

  /**
   * The day's inputs: its exchange rates (dmp rates), then each source's folder under a feed of the
   * source's name.
   */
  public void ingest(Steps steps) throws Exception {
    steps.run(new RatesTool(), "--date", date.toString(), "--load", rates().toString());
    for (String source : EventGenerator.SOURCES) {
      steps.run(
          new IngestTool(),
          "--date",
          date.toString(),
          "--feed",
          source,
          new Path(dir, source).toString());
    }
  }

  /**
   * Forgets the generated opt-outs: before the day is ingested, so that clean drops their events as
   * opted out (after it, the purge would erase their records from the raw zone instead). The
   * generator's population is the same for every day of a seed, so a run of several days asks once,
   * on its first day: asking again would erase their history.
   */
  public void forget(Steps steps) throws Exception {
    steps.run(new ForgetTool(), "--file", new Path(dir, "_suppress.txt").toString());
  }
}
