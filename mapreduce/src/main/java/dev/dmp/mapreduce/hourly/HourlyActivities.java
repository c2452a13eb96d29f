package dev.dmp.mapreduce.hourly;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.HourlyActivity;
import dev.dmp.core.money.Amounts;
import dev.dmp.mapreduce.money.RatesFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The tasks of the hourly activity job: attributed events of one hour summed per person into one
 * {@link HourlyActivity}. The sum is associative, so the combiner is the same merge.
 */
public final class HourlyActivities {

  /** Counters of the activity job. */
  public enum Counter {
    /** Attributed events read. */
    EVENTS,
    /** Events counted into the people's activity (the reducer's sum; equals EVENTS). */
    COUNTED,
    /** People with activity in the hour. */
    PEOPLE
  }

  private HourlyActivities() {}

  /** Each attributed event as an activity of one event, keyed by its person's OneID. */
  public static class EventMapper
      extends Mapper<AvroKey<AttributedEvent>, NullWritable, Text, AvroValue<HourlyActivity>> {
    private final Text oneId = new Text();
    private final HourlyActivity activity = new HourlyActivity();
    private final AvroValue<HourlyActivity> value = new AvroValue<>(activity);
    private String currency;

    @Override
    protected void setup(Context context) {
      currency = RatesFiles.reportingCurrencyOfTask(context.getConfiguration());
    }

    private final Map<String, Long> one = new HashMap<>(2);

    @Override
    protected void map(AvroKey<AttributedEvent> key, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      AttributedEvent a = key.datum();
      CleanEvent e = a.getEvent();
      oneId.set(a.getOneId());
      one.clear();
      one.put(e.getEventType(), 1L);
      activity.setOneId(a.getOneId());
      activity.setEvents(one);
      // Revenue in a currency without a rate yet counts 0 here: the hour's clean report counts
      // those events (unrated), and the daily run of the day stops at its gate until the rates
      // are loaded.
      BigDecimal amount =
          e.getRevenue() != null
                  && e.getRevenueConverted() == null
                  && !currency.equals(e.getCurrency())
              ? Amounts.ZERO
              : Amounts.of(e, currency);
      activity.setRevenue(amount.doubleValue());
      activity.setRevenueAmount(amount);
      context.getCounter(Counter.EVENTS).increment(1);
      context.write(oneId, value);
    }
  }

  /** Sums the activities of one person within a map task's output. */
  public static class Combiner
      extends Reducer<Text, AvroValue<HourlyActivity>, Text, AvroValue<HourlyActivity>> {
    private final AvroValue<HourlyActivity> out = new AvroValue<>();

    @Override
    protected void reduce(Text oneId, Iterable<AvroValue<HourlyActivity>> values, Context context)
        throws IOException, InterruptedException {
      out.datum(sum(oneId, values));
      context.write(oneId, out);
    }
  }

  /** Sums the activities of one person: one record per person and hour. */
  public static class SumReducer
      extends Reducer<Text, AvroValue<HourlyActivity>, AvroKey<HourlyActivity>, NullWritable> {
    private final AvroKey<HourlyActivity> out = new AvroKey<>();

    @Override
    protected void reduce(Text oneId, Iterable<AvroValue<HourlyActivity>> values, Context context)
        throws IOException, InterruptedException {
      HourlyActivity total = sum(oneId, values);
      long events = 0;
      for (long n : total.getEvents().values()) {
        events += n;
      }
      context.getCounter(Counter.COUNTED).increment(events);
      context.getCounter(Counter.PEOPLE).increment(1);
      out.datum(total);
      context.write(out, NullWritable.get());
    }
  }

  /** The sum of a person's activities; the values may be reused instances. */
  static HourlyActivity sum(Text oneId, Iterable<AvroValue<HourlyActivity>> values) {
    Map<String, Long> events = new HashMap<>();
    BigDecimal revenue = Amounts.ZERO;
    for (AvroValue<HourlyActivity> v : values) {
      HourlyActivity a = v.datum();
      for (Map.Entry<String, Long> e : a.getEvents().entrySet()) {
        events.merge(e.getKey(), e.getValue(), Long::sum);
      }
      revenue =
          revenue.add(
              a.getRevenueAmount() != null ? a.getRevenueAmount() : Amounts.cents(a.getRevenue()));
    }
    return HourlyActivity.newBuilder()
        .setOneId(oneId.toString())
        .setEvents(events)
        .setRevenue(revenue.doubleValue())
        .setRevenueAmount(revenue)
        .build();
  }
}
