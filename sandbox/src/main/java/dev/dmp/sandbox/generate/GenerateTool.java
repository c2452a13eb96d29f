package dev.dmp.sandbox.generate;

import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.DmpTool;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code dmp generate --date D --events N [--seed S] --out DIR}: writes a day of realistic raw
 * events and the truth of what was planted ({@code _truth.json}, {@code _people.jsonl}) plus the
 * identifiers to forget ({@code _suppress.txt}).
 */
public class GenerateTool extends DmpTool {

  public static final String NAME = "generate";

  public static void main(String[] args) throws Exception {
    main(new GenerateTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD --events N [--seed S] --out DIR";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("date").hasArg().desc("day of the events").build())
        .addOption(Option.builder().longOpt("events").hasArg().desc("number of records").build())
        .addOption(
            Option.builder().longOpt("seed").hasArg().desc("random seed (default 42)").build())
        .addOption(Option.builder().longOpt("out").hasArg().desc("output directory").build())
        .addOption(
            Option.builder()
                .longOpt("malformed-share")
                .hasArg()
                .desc("share of malformed records (default 0.004)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("currencies")
                .hasArg()
                .argName("LIST")
                .desc(
                    "currencies of revenue, comma-separated (default CNY); their rates go to"
                        + " _rates.csv")
                .build());
  }

  private static java.util.List<String> currencies(String list) throws UsageException {
    java.util.List<String> codes =
        java.util.Arrays.stream(list.split(","))
            .map(String::strip)
            .map(c -> c.toUpperCase(java.util.Locale.ROOT))
            .filter(c -> !c.isEmpty())
            .distinct()
            .toList();
    if (codes.isEmpty()) {
      throw new UsageException("--currencies names no currency");
    }
    for (String c : codes) {
      if (!EventGenerator.RATES_TO_CNY.containsKey(c)) {
        throw new UsageException(
            "--currencies: the generator has no rate for "
                + c
                + " (it sends "
                + String.join(", ", new java.util.TreeSet<>(EventGenerator.RATES_TO_CNY.keySet()))
                + ")");
      }
    }
    return codes;
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(required(cmd, "date"));
    long events = positive(required(cmd, "events"), "--events");
    long seed = parseLong(cmd.getOptionValue("seed", "42"), "--seed");
    Path dir = new Path(required(cmd, "out"));
    FileSystem fs = dir.getFileSystem(getConf());
    if (fs.exists(dir) && fs.listStatus(dir).length > 0) {
      throw new UsageException("--out " + dir + " is not empty");
    }
    long started = System.nanoTime();
    double malformed = share(cmd.getOptionValue("malformed-share", "0.004"));
    GroundTruth truth =
        new EventGenerator(seed, date.day(), events)
            .malformedShare(malformed)
            .currencies(currencies(cmd.getOptionValue("currencies", "CNY")))
            .write(fs, dir);
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf(
        "generated %,d records (%,d people) for %s in %s in %.1f s; truth in %s%n",
        truth.records, truth.people, date, dir, seconds, new Path(dir, "_truth.json"));
    return OK;
  }

  private static long parseLong(String v, String option) throws UsageException {
    try {
      return Long.parseLong(v.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException(option + " '" + v + "' is not a number");
    }
  }

  private static double share(String v) throws UsageException {
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && d < 0.9) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--malformed-share '" + v + "' is not a share between 0 and 0.9");
  }

  private static long positive(String v, String option) throws UsageException {
    long n = parseLong(v, option);
    if (n <= 0) {
      throw new UsageException(option + " must be positive");
    }
    return n;
  }
}
