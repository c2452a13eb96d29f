package dev.dmp.core.report;

import dev.dmp.avro.ReportRow;
import dev.dmp.core.money.Amounts;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * Events, revenue and unique people of one report row, mergeable: counts add, and the people
 * sketches (Apache DataSketches HLL, lgK 12: a relative standard error of about 1.6 %) union. Plain
 * Java, no Hadoop types.
 */
public final class ReportAggregate {

  /** log2 of the sketch's buckets: 4,096 buckets, about 1.6 % relative standard error. */
  public static final int LG_K = 12;

  private long events;
  private BigDecimal revenue = Amounts.ZERO;
  private String currency;
  private final Union people = new Union(LG_K);

  /** Adds an event of a person with its revenue in the reporting currency {@code currency}. */
  public void addEvent(String oneId, BigDecimal amount, String currency) {
    events++;
    revenue = revenue.add(amount);
    currency(currency);
    people.update(oneId);
  }

  /**
   * Adds a row; a row written before amounts were converted adds its revenue as it was summed.
   *
   * @throws IllegalStateException when the row's currency is not the one of the rows before
   */
  public void add(ReportRow row) {
    events += row.getEvents();
    revenue =
        revenue.add(
            row.getRevenueAmount() != null
                ? row.getRevenueAmount()
                : Amounts.cents(row.getRevenue()));
    currency(row.getCurrency());
    people.update(HllSketch.heapify(Memory.wrap(bytes(row.getPeopleSketch()))));
  }

  private void currency(String c) {
    if (c == null) {
      return;
    }
    if (currency != null && !currency.equals(c)) {
      throw new IllegalStateException(
          "report rows in "
              + currency
              + " and in "
              + c
              + " cannot be added up: the reporting currency changed between their days");
    }
    currency = c;
  }

  /** Events counted. */
  public long events() {
    return events;
  }

  /** Revenue summed, as a double (for figures and charts). */
  public double revenue() {
    return revenue.doubleValue();
  }

  /** Revenue summed, exactly, in {@link #currency()}. */
  public BigDecimal amount() {
    return revenue;
  }

  /** The currency of the amounts; null when no row or event said (rows of before amounts). */
  public String currency() {
    return currency;
  }

  public HllSketch sketch() {
    return people.getResult(TgtHllType.HLL_4);
  }

  public ReportRow row(String date, String source, String eventType, String campaign) {
    HllSketch s = sketch();
    return ReportRow.newBuilder()
        .setDate(date)
        .setSource(source)
        .setEventType(eventType)
        .setCampaign(campaign)
        .setEvents(events)
        .setRevenue(revenue.doubleValue())
        .setPeople(s.getEstimate())
        .setPeopleSketch(ByteBuffer.wrap(s.toCompactByteArray()))
        .setRevenueAmount(revenue)
        .setCurrency(currency)
        .build();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
