package dev.dmp.mapreduce.money;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.money.ExchangeRates;
import dev.dmp.mapreduce.common.DmpPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Where a day's exchange rates are kept and the reporting currency a configuration sets. */
public final class RatesFiles {

  private RatesFiles() {}

  /** The reporting currency of a configuration, checked as an ISO 4217 code. */
  public static String reportingCurrency(Configuration conf) throws DmpException {
    String code =
        conf.get(ExchangeRates.REPORT_CURRENCY, ExchangeRates.DEFAULT_REPORT_CURRENCY).strip();
    if (!ExchangeRates.isCurrency(code)) {
      throw new DmpException(
          ExchangeRates.REPORT_CURRENCY
              + " is '"
              + code
              + "', not an ISO 4217 currency code such as CNY");
    }
    return code;
  }

  /** The rates of a day as loaded, or none when no file was loaded for it. */
  public static ExchangeRates of(Configuration conf, RunDate date)
      throws IOException, DmpException {
    String reporting = reportingCurrency(conf);
    Path file = file(DmpPaths.of(conf), date);
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      return ExchangeRates.none(reporting);
    }
    try (InputStream in = fs.open(file)) {
      return ExchangeRates.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString(), reporting);
    }
  }

  /** Where the rates of a day are: {@code rates/dt=D/rates.csv}. */
  public static Path file(DmpPaths paths, RunDate date) {
    return new Path(paths.rates(date), "rates.csv");
  }

  /** The reporting currency of a task's configuration (its driver checked it). */
  public static String reportingCurrencyOfTask(Configuration conf) {
    return conf.get(ExchangeRates.REPORT_CURRENCY, ExchangeRates.DEFAULT_REPORT_CURRENCY).strip();
  }
}
