package dev.dmp.hbase;

import dev.dmp.core.IdQueries;
import dev.dmp.core.IdType;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The table contracts (docs/product.md section 6): each table's name, column families and row-key
 * codec, in one place that the load jobs, the client and the shell scripts all use. Row keys and
 * values are printable, so that analysts can read them in the HBase shell.
 */
public final class DmpTables {

  public static final String NAMESPACE = "dmp";

  private DmpTables() {}

  /** Every table, in the order the load fills them. */
  public static final List<TableName> ALL =
      List.of(Profile.NAME, IdIndex.NAME, Segment.NAME, Report.NAME);

  /** A column family of a table contract and what it holds. */
  public record Family(byte[] name, String holds) {}

  /** What a table holds, for people: its row key and families (the data dictionary prints it). */
  public record Contract(TableName table, String rowKey, String holds, List<Family> families) {}

  /** The contract of every table, {@link #ALL} and then {@link Load}. */
  public static final List<Contract> CONTRACTS =
      List.of(
          new Contract(
              Profile.NAME,
              "<salt>:<oneid>; salt = the first byte of the OneID's SHA-256 mod the table's buckets, two hex digits",
              "One row per person: the profile of the last loaded day, and today's hourly"
                  + " activity.",
              List.of(
                  new Family(
                      Profile.IDENTIFIERS,
                      "qualifier = identifier type, value = the canonical values (hashed where"
                          + " PII), comma-separated"),
                  new Family(
                      Profile.PROFILE,
                      "first_seen, last_seen, device_class, os, browser, top_geo, as_of;"
                          + " events:TYPE, events_7d:TYPE, events_30d:TYPE, revenue, revenue_7d,"
                          + " revenue_30d; tag:TAG = its weight; segment:SEGMENT = 1"),
                  new Family(
                      Profile.HOURLY,
                      "<date>:<hour>:events:TYPE and <date>:<hour>:revenue of dmp hourly;"
                          + " time to live three days"),
                  new Family(
                      Profile.LIVE,
                      "<date>:events:TYPE, <date>:revenue, <date>:segments: today's figures"
                          + " of the stream job, absolute, until the day is loaded"))),
          new Contract(
              IdIndex.NAME,
              "<type>:<canonical value> (hashed where PII); oneid:<retired OneID> for a merge",
              "Every identifier to its person's OneID, and every retired OneID to its survivor.",
              List.of(
                  new Family(IdIndex.ONE_ID, "one_id = the OneID; merged_on = day of a merge"),
                  new Family(
                      IdIndex.LIVE,
                      "one_id = the OneID the stream job gave a new identifier, stamped with the"
                          + " day's first millisecond; counts until the day is loaded"))),
          new Contract(
              Segment.NAME,
              "<segment>:<salt>:<oneid>",
              "The members of every segment, listed by prefix scan.",
              List.of(
                  new Family(Segment.MEMBER, "one_id = the member's OneID"),
                  new Family(
                      Segment.LIVE,
                      "<date> = the OneID: entered live by the stream job that day, until the"
                          + " day is loaded"))),
          new Contract(
              Report.NAME,
              "<date>:<source>:<event_type>:<campaign>",
              "The daily aggregates of the report stage.",
              List.of(
                  new Family(
                      Report.AGGREGATES,
                      "events; revenue, in the reporting currency; people, the HLL estimate rounded"))),
          new Contract(
              Load.NAME,
              "<date>",
              "One row per loaded day: the marker that makes a day's load one visible step.",
              List.of(new Family(Load.STATE, "started, finished (ISO-8601), cells"))));

  /** {@code dmp:profile}: one row per person, {@code <salt>:<oneid>}. */
  public static final class Profile {
    public static final TableName NAME = TableName.valueOf(NAMESPACE, "profile");

    /** Identifiers: qualifier = type, value = the canonical values, comma-separated. */
    public static final byte[] IDENTIFIERS = Bytes.toBytes("i");

    /**
     * The profile a lookup returns, in one family (one store to read per get; the identifiers stay
     * apart, for access control): first_seen, last_seen, device_class, os, browser, top_geo, as_of;
     * events:TYPE, events_7d:TYPE, events_30d:TYPE, revenue, revenue_7d, revenue_30d; tag:TAG = its
     * weight; segment:SEGMENT = "1".
     */
    public static final byte[] PROFILE = Bytes.toBytes("p");

    /**
     * Hourly activity written by {@code dmp hourly}: {@code <date>:<hour>:events:<type>} and {@code
     * <date>:<hour>:revenue}. Superseded once the daily run of that date is loaded (the profile's
     * {@code p:as_of} reaches it), and expired by the family's time to live.
     */
    public static final byte[] HOURLY = Bytes.toBytes("h");

    /** Time to live of {@link #HOURLY} cells, seconds: three days. */
    public static final int HOURLY_TTL_SECONDS = 3 * 24 * 3600;

    /**
     * Today's figures written by the stream job: {@code <date>:events:<type>}, {@code
     * <date>:revenue} and {@code <date>:segments}, absolute values stamped with the day's first
     * millisecond. Superseded once the daily run of that date is loaded (the profile's {@code
     * p:as_of} reaches it, and the load's markers one millisecond before the day's end delete
     * them), and expired by the family's time to live.
     */
    public static final byte[] LIVE = Bytes.toBytes("l");

    /** Time to live of the stream's live cells, seconds: three days, as the hourly ones. */
    public static final int LIVE_TTL_SECONDS = 3 * 24 * 3600;

    public static final List<byte[]> FAMILIES = List.of(IDENTIFIERS, PROFILE, HOURLY, LIVE);

    private Profile() {}

    /**
     * The table attribute that records the salt buckets the table was created with, so that the
     * load jobs and the client salt row keys alike without being told.
     */
    public static final String SALT_BUCKETS_ATTRIBUTE = "dmp.salt.buckets";

    public static String rowKey(String oneId, int buckets) {
      return Salt.of(oneId, buckets) + ":" + oneId;
    }

    /** The salt buckets of the table as created ({@link #SALT_BUCKETS_ATTRIBUTE}). */
    public static int saltBuckets(TableDescriptor d) {
      String v = d.getValue(SALT_BUCKETS_ATTRIBUTE);
      return v == null ? Salt.DEFAULT_BUCKETS : Integer.parseInt(v);
    }

    /** The OneID of a row key. */
    public static String oneId(String rowKey) {
      return rowKey.substring(rowKey.indexOf(':') + 1);
    }
  }

  /** {@code dmp:id_index}: {@code <type>:<value>} (hashed where PII) to the person's OneID. */
  public static final class IdIndex {
    public static final TableName NAME = TableName.valueOf(NAMESPACE, "id_index");
    public static final byte[] ONE_ID = Bytes.toBytes("o");
    public static final byte[] ONE_ID_QUALIFIER = Bytes.toBytes("one_id");

    /**
     * Claims of the stream job: {@code l:one_id} = the OneID an identifier the index did not know
     * was given that day, stamped with the day's first millisecond; it counts until that day is
     * loaded (the daily graph decides), and {@code o:one_id} always wins over it.
     */
    public static final byte[] LIVE = Bytes.toBytes("l");

    public static final List<byte[]> FAMILIES = List.of(ONE_ID, LIVE);

    private IdIndex() {}

    /**
     * The id type of the rows that redirect a retired OneID to its survivor: {@code
     * oneid:<retired>} holds the survivor's OneID.
     */
    public static final String ONE_ID_TYPE = IdQueries.ONE_ID_TYPE;

    /** Qualifier of a redirect row: the day of the merge. */
    public static final byte[] MERGED_ON_QUALIFIER = Bytes.toBytes("merged_on");

    public static String rowKey(String type, String canonicalValue) {
      return type + ":" + canonicalValue;
    }

    /** One region per built-in identifier type, split at the type names. */
    public static byte[][] splitKeys() {
      return Arrays.stream(IdType.values())
          .map(t -> Bytes.toBytes(t.wireName() + ":"))
          .sorted(Bytes.BYTES_COMPARATOR)
          .skip(1)
          .toArray(byte[][]::new);
    }
  }

  /** {@code dmp:segment}: {@code <segment>:<salt>:<oneid>}, for listing and export by prefix. */
  public static final class Segment {
    public static final TableName NAME = TableName.valueOf(NAMESPACE, "segment");
    public static final byte[] MEMBER = Bytes.toBytes("m");

    /** Qualifier of a membership: the member's OneID. */
    public static final byte[] ONE_ID_QUALIFIER = Bytes.toBytes("one_id");

    /**
     * Live entries of the stream job: qualifier = the day (YYYY-MM-DD), value = the OneID. A live
     * entry counts until that day is loaded: the daily run decides who stays.
     */
    public static final byte[] LIVE = Bytes.toBytes("l");

    public static final List<byte[]> FAMILIES = List.of(MEMBER, LIVE);

    private Segment() {}

    public static String rowKey(String segment, String oneId, int buckets) {
      return segment + ":" + Salt.of(oneId, buckets) + ":" + oneId;
    }

    public static String prefix(String segment) {
      return segment + ":";
    }

    /** The OneID of a row key. */
    public static String oneId(String rowKey) {
      return rowKey.substring(rowKey.lastIndexOf(':') + 1);
    }
  }

  /** {@code dmp:report}: {@code <date>:<source>:<event_type>:<campaign>}. */
  public static final class Report {
    public static final TableName NAME = TableName.valueOf(NAMESPACE, "report");
    public static final byte[] AGGREGATES = Bytes.toBytes("r");

    /** Events of the row's day and dimensions. */
    public static final byte[] EVENTS = Bytes.toBytes("events");

    /** Revenue, in the reporting currency (dmp.report.currency). */
    public static final byte[] REVENUE = Bytes.toBytes("revenue");

    /** Distinct people (OneIDs), estimated by the day's HLL sketch and rounded. */
    public static final byte[] PEOPLE = Bytes.toBytes("people");

    public static final List<byte[]> FAMILIES = List.of(AGGREGATES);

    private Report() {}

    public static String rowKey(String date, String source, String eventType, String campaign) {
      return date + ":" + source + ":" + eventType + ":" + campaign;
    }
  }

  /**
   * {@code dmp:load}: one row per loaded day ({@code <date>}), the marker that makes a day's load
   * one visible step. Before its first bulk load the load writes {@code started} and removes {@code
   * finished} (one row mutation); after its last it writes {@code finished}. A row without {@code
   * finished} is a day whose load has not finished: readers say so. Not one of {@link #ALL}, the
   * tables the load writes from the day's datasets.
   */
  public static final class Load {
    public static final TableName NAME = TableName.valueOf(NAMESPACE, "load");
    public static final byte[] STATE = Bytes.toBytes("l");

    /** When the day's first bulk load began, ISO-8601. */
    public static final byte[] STARTED = Bytes.toBytes("started");

    /** When the day's last bulk load ended, ISO-8601. */
    public static final byte[] FINISHED = Bytes.toBytes("finished");

    /** Cells the day's load wrote, in all tables. */
    public static final byte[] CELLS = Bytes.toBytes("cells");

    public static final List<byte[]> FAMILIES = List.of(STATE);

    private Load() {}
  }
}
