package dev.dmp.mapreduce.money;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.money.ExchangeRates;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code dmp rates --date D [--load FILE]}: loads a day's exchange rates into {@code
 * rates/dt=D/rates.csv} (checked, then written whole), or prints the rates the day has. Revenue in
 * a currency without a rate stops the day at the clean gate; load the rates, then run the day
 * again.
 */
public class RatesTool extends DmpTool {

  public static final String NAME = "rates";

  public static void main(String[] args) throws Exception {
    main(new RatesTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--date YYYY-MM-DD [--load FILE]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("date").hasArg().desc("the day of the rates").build())
        .addOption(
            Option.builder()
                .longOpt("load")
                .hasArg()
                .argName("FILE")
                .desc("a CSV file: base,currency,rate (local or on the default file system)")
                .build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(required(cmd, "date"));
    String reporting = RatesFiles.reportingCurrency(getConf());
    Path target = RatesFiles.file(DmpPaths.of(getConf()), date);
    FileSystem fs = target.getFileSystem(getConf());
    if (cmd.hasOption("load")) {
      Path source = new Path(cmd.getOptionValue("load"));
      FileSystem from = source.getFileSystem(getConf());
      if (!from.exists(source)) {
        throw new DmpException("no rates file " + source);
      }
      String text;
      try (InputStream in = from.open(source)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      ExchangeRates rates = ExchangeRates.parse(text, source.toString(), reporting);
      try (OutputStream o = fs.create(target, true)) {
        o.write(rates.toCsv().getBytes(StandardCharsets.UTF_8));
      }
      out.printf(
          "rates %s: %s into %s (%s), %s%n",
          date,
          rates.rates().size() == 1 ? "1 currency" : rates.rates().size() + " currencies",
          reporting,
          String.join(", ", rates.rates().keySet()),
          fs.makeQualified(target));
      return OK;
    }
    if (!fs.exists(target)) {
      out.println("rates " + date + ": none loaded; only revenue in " + reporting + " converts");
      return OK;
    }
    ExchangeRates rates = RatesFiles.of(getConf(), date);
    out.println("rates " + date + ": 1 unit of each is worth, in " + reporting + ":");
    rates.rates().forEach((c, r) -> out.printf("  %s %s%n", c, r.toPlainString()));
    return OK;
  }
}
