package dev.dmp.core.money;

import dev.dmp.avro.CleanEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money as the datasets sum it: amounts in the reporting currency, to the cent. */
public final class Amounts {

  /**
   * The largest amount one event may carry, as sent and converted: ten billion. Well inside the
   * datasets' decimal(18,2) (up to 10^16), so that a person's or a day's sum of a million such
   * events still fits; an event over it is rejected as BAD_VALUE, never left to fail a task.
   */
  public static final double MAX_EVENT_AMOUNT = 1e10;

  /** Zero, to the cent. */
  public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(ExchangeRates.SCALE);

  private Amounts() {}

  /** A double amount (as sent, or of a dataset written before amounts), rounded to the cent. */
  public static BigDecimal cents(double value) {
    return BigDecimal.valueOf(value).setScale(ExchangeRates.SCALE, RoundingMode.HALF_EVEN);
  }

  /**
   * An event's revenue in the reporting currency {@code currency}: its converted amount; for an
   * event cleaned before amounts were converted, its revenue if it was sent in that currency; zero
   * without revenue.
   *
   * @throws IllegalStateException when the event's revenue is not in {@code currency}: its day ran
   *     without that day's rate, or with another reporting currency
   */
  public static BigDecimal of(CleanEvent e, String currency) {
    if (e.getRevenue() == null) {
      return ZERO;
    }
    if (e.getRevenueConverted() != null && currency.equals(e.getConvertedCurrency())) {
      return e.getRevenueConverted();
    }
    if (e.getRevenueConverted() == null && currency.equals(e.getCurrency())) {
      return cents(e.getRevenue());
    }
    throw new IllegalStateException(
        "event "
            + e.getEventId()
            + " has revenue in "
            + (e.getRevenueConverted() == null ? e.getCurrency() : e.getConvertedCurrency())
            + " that is not converted into the reporting currency "
            + currency
            + " ("
            + ExchangeRates.REPORT_CURRENCY
            + "): run its day again with that day's rates (dmp rates)");
  }
}
