package dev.dmp.mapreduce.report;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.ReportRow;
import dev.dmp.core.money.Amounts;
import dev.dmp.core.report.ReportAggregate;
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

/** The mapper and reducer of the daily report. */
public final class Reports {

  /** The row over all campaigns of a source and event type. */
  public static final String ALL_CAMPAIGNS = "*";

  /** The campaign of events that have none. */
  public static final String NO_CAMPAIGN = "-";

  private static final int MAX_KEYS_IN_MEMORY = 20_000;

  private Reports() {}

  static String key(String source, String type, String campaign) {
    return source + "\t" + type + "\t" + campaign;
  }

  /**
   * Aggregates in the mapper (the key space, source x type x campaign, is small) and sends one
   * partial row per key at the end, instead of one record per event.
   */
  public static class AggregateMapper
      extends Mapper<AvroKey<AttributedEvent>, NullWritable, Text, AvroValue<ReportRow>> {
    private final Map<String, ReportAggregate> rows = new HashMap<>();
    private final Text key = new Text();
    private final AvroValue<ReportRow> value = new AvroValue<>();
    private String currency;

    @Override
    protected void setup(Context context) {
      currency = RatesFiles.reportingCurrencyOfTask(context.getConfiguration());
    }

    @Override
    protected void map(AvroKey<AttributedEvent> a, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      CleanEvent e = a.datum().getEvent();
      String campaign = e.getCampaignId() == null ? NO_CAMPAIGN : e.getCampaignId();
      BigDecimal amount = Amounts.of(e, currency);
      rows.computeIfAbsent(
              key(e.getSource(), e.getEventType(), campaign), k -> new ReportAggregate())
          .addEvent(a.datum().getOneId(), amount, currency);
      rows.computeIfAbsent(
              key(e.getSource(), e.getEventType(), ALL_CAMPAIGNS), k -> new ReportAggregate())
          .addEvent(a.datum().getOneId(), amount, currency);
      if (rows.size() > MAX_KEYS_IN_MEMORY) {
        flush(context);
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      flush(context);
    }

    private void flush(Context context) throws IOException, InterruptedException {
      for (Map.Entry<String, ReportAggregate> r : rows.entrySet()) {
        String[] k = r.getKey().split("\t", -1);
        key.set(r.getKey());
        value.datum(r.getValue().row("", k[0], k[1], k[2]));
        context.write(key, value);
      }
      rows.clear();
    }
  }

  /** Adds up the partial rows of a key: counts, revenue, and the union of the sketches. */
  public static class MergeReducer
      extends Reducer<Text, AvroValue<ReportRow>, AvroKey<ReportRow>, NullWritable> {
    private String date;
    private final AvroKey<ReportRow> out = new AvroKey<>();

    @Override
    protected void setup(Context context) {
      date = context.getConfiguration().get(ReportJob.DATE);
    }

    @Override
    protected void reduce(Text key, Iterable<AvroValue<ReportRow>> partials, Context context)
        throws IOException, InterruptedException {
      ReportAggregate total = new ReportAggregate();
      for (AvroValue<ReportRow> p : partials) {
        total.add(p.datum());
      }
      String[] k = key.toString().split("\t", -1);
      ReportRow row = total.row(date, k[0], k[1], k[2]);
      if (k[2].equals(ALL_CAMPAIGNS)) {
        context.getCounter(ReportCounters.EVENTS).increment(row.getEvents());
      }
      context.getCounter(ReportCounters.ROWS).increment(1);
      out.datum(row);
      context.write(out, NullWritable.get());
    }
  }

  /** Counters of the report job. */
  public enum ReportCounters {
    /** Events in the all-campaign rows: must equal the attributed events. */
    EVENTS,
    ROWS
  }
}
