package dev.dmp.core.money;

import dev.dmp.core.DmpException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The exchange rates of one day into the reporting currency ({@value #REPORT_CURRENCY}), and the
 * conversion of an event's revenue with them.
 *
 * <p>A day's rates are one CSV file, {@code rates/dt=D/rates.csv}, loaded with {@code dmp rates
 * --date D --load FILE}:
 *
 * <pre>
 * base,currency,rate
 * CNY,USD,7.1042
 * CNY,EUR,7.6815
 * </pre>
 *
 * Each line says that one unit of {@code currency} is worth {@code rate} units of {@code base},
 * which must be the reporting currency. Blank lines and lines starting with {@code #} are skipped.
 * The reporting currency converts at 1 without a line. Amounts are converted one event at a time
 * and rounded half-even to the cent, so that sums of them are exact.
 */
public final class ExchangeRates {

  /** The currency every sum of money is in. */
  public static final String REPORT_CURRENCY = "dmp.report.currency";

  public static final String DEFAULT_REPORT_CURRENCY = "CNY";

  /** The header line of a rates file. */
  public static final String HEADER = "base,currency,rate";

  /** Cents: the scale of every converted amount (the schemas' decimal(18,2)). */
  public static final int SCALE = 2;

  /** The longest rate a file may give, in characters. */
  static final int MAX_RATE_CHARS = 32;

  /** The range of a rate: wider than any pair of currencies has had. */
  static final BigDecimal MIN_RATE = new BigDecimal("0.000000001");

  static final BigDecimal MAX_RATE = new BigDecimal("1000000000");

  private final String reporting;
  private final Map<String, BigDecimal> rates;

  private ExchangeRates(String reporting, Map<String, BigDecimal> rates) {
    this.reporting = reporting;
    this.rates = Collections.unmodifiableMap(new TreeMap<>(rates));
  }

  /** No rates: only amounts in the reporting currency convert. */
  public static ExchangeRates none(String reporting) {
    return new ExchangeRates(reporting, Map.of());
  }

  /**
   * Reads a rates file.
   *
   * @param where the file's name, for messages
   * @throws DmpException naming the file, the line and what is wrong with it
   */
  public static ExchangeRates parse(String text, String where, String reporting)
      throws DmpException {
    Map<String, BigDecimal> rates = new TreeMap<>();
    boolean header = false;
    int n = 0;
    for (String raw : text.split("\r?\n", -1)) {
      n++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!header) {
        if (!line.replace(" ", "").equalsIgnoreCase(HEADER)) {
          throw new DmpException(where + " line " + n + ": the header must be '" + HEADER + "'");
        }
        header = true;
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != 3) {
        throw new DmpException(
            where + " line " + n + ": expected base,currency,rate, found '" + line + "'");
      }
      String base = cells[0].strip().toUpperCase(Locale.ROOT);
      String currency = cells[1].strip().toUpperCase(Locale.ROOT);
      if (!base.equals(reporting)) {
        throw new DmpException(
            where
                + " line "
                + n
                + ": base "
                + base
                + " is not the reporting currency "
                + reporting
                + " ("
                + REPORT_CURRENCY
                + ")");
      }
      if (!isCurrency(currency)) {
        throw new DmpException(
            where + " line " + n + ": '" + cells[1].strip() + "' is not an ISO 4217 code");
      }
      String given = cells[2].strip();
      BigDecimal rate;
      try {
        if (given.length() > MAX_RATE_CHARS) {
          throw new NumberFormatException();
        }
        rate = new BigDecimal(given);
      } catch (NumberFormatException e) {
        throw new DmpException(
            where
                + " line "
                + n
                + ": rate '"
                + (given.length() > MAX_RATE_CHARS
                    ? given.substring(0, MAX_RATE_CHARS) + "..."
                    : given)
                + "' is not a number of at most "
                + MAX_RATE_CHARS
                + " characters");
      }
      if (rate.signum() <= 0) {
        throw new DmpException(where + " line " + n + ": the rate of " + currency + " is not > 0");
      }
      // Compared before any arithmetic: 1e999999999 is a valid BigDecimal whose rounding alone
      // would take minutes.
      if (rate.compareTo(MIN_RATE) < 0 || rate.compareTo(MAX_RATE) > 0) {
        throw new DmpException(
            where
                + " line "
                + n
                + ": the rate of "
                + currency
                + " is outside "
                + MIN_RATE.toPlainString()
                + " to "
                + MAX_RATE.toPlainString());
      }
      if (currency.equals(reporting) && rate.compareTo(BigDecimal.ONE) != 0) {
        throw new DmpException(
            where + " line " + n + ": the rate of the reporting currency itself must be 1");
      }
      if (rates.put(currency, rate) != null) {
        throw new DmpException(where + " line " + n + ": a second rate for " + currency);
      }
    }
    if (!header) {
      throw new DmpException(where + ": empty; the first line must be '" + HEADER + "'");
    }
    rates.remove(reporting);
    return new ExchangeRates(reporting, rates);
  }

  public String reporting() {
    return reporting;
  }

  /** Currency to rate, the reporting currency's left out. */
  public Map<String, BigDecimal> rates() {
    return rates;
  }

  /** Whether an amount in {@code currency} converts. */
  public boolean converts(String currency) {
    return reporting.equals(currency) || rates.containsKey(currency);
  }

  /**
   * {@code amount} of {@code currency} in the reporting currency, rounded half-even to the cent;
   * null when the day has no rate for {@code currency}.
   */
  public BigDecimal convert(double amount, String currency) {
    BigDecimal value = BigDecimal.valueOf(amount);
    if (reporting.equals(currency)) {
      return value.setScale(SCALE, RoundingMode.HALF_EVEN);
    }
    BigDecimal rate = rates.get(currency);
    return rate == null ? null : value.multiply(rate).setScale(SCALE, RoundingMode.HALF_EVEN);
  }

  /** The file's content: the header and one line per currency, sorted. */
  public String toCsv() {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    rates.forEach(
        (c, r) ->
            csv.append(reporting)
                .append(',')
                .append(c)
                .append(',')
                .append(r.toPlainString())
                .append('\n'));
    return csv.toString();
  }

  /** One line for a job's configuration: {@code CNY;EUR=7.6815,USD=7.1042}. */
  public String encode() {
    return reporting
        + ";"
        + rates.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue().toPlainString())
            .collect(Collectors.joining(","));
  }

  /** The rates of {@link #encode}. */
  public static ExchangeRates decode(String encoded) {
    int semicolon = encoded.indexOf(';');
    Map<String, BigDecimal> rates = new TreeMap<>();
    for (String pair : encoded.substring(semicolon + 1).split(",")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        rates.put(pair.substring(0, eq), new BigDecimal(pair.substring(eq + 1)));
      }
    }
    return new ExchangeRates(encoded.substring(0, semicolon), rates);
  }

  /** Whether {@code code} is an ISO 4217 currency code. */
  public static boolean isCurrency(String code) {
    try {
      return Currency.getInstance(code).getCurrencyCode().equals(code);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
