package dev.dmp.hbase;

import dev.dmp.core.IdQueries;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.hbase.security.Kerberos;
import dev.dmp.hbase.security.LookupAudit;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.KeyOnlyFilter;
import org.apache.hadoop.hbase.security.AccessDeniedException;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Looks people up in the DMP's HBase tables (docs/product.md section 7).
 *
 * <p>One instance holds one HBase {@link Connection} and is safe to share between threads: every
 * call takes its own lightweight {@link Table}. Identifiers are normalised and hashed exactly as
 * ingestion does ({@link IdentifierNormalizer}), so {@code email: Someone@Example.com } finds the
 * person whose events carried {@code someone@example.com}. Every call is bounded by {@value
 * #TIMEOUT_MS} milliseconds, HBase unreachable included.
 *
 * <pre>{@code
 * try (DmpClient dmp = DmpClient.connect(conf)) {
 *   DmpClient.Lookup l = dmp.lookup("email:someone@example.com");
 *   l.profile().ifPresent(p -> System.out.println(p.oneId() + " " + p.segments()));
 * }
 * }</pre>
 */
public final class DmpClient implements Closeable {

  /** The bound of every call (and of the connection's set-up), in milliseconds. */
  public static final String TIMEOUT_MS = "dmp.client.timeout.ms";

  public static final int DEFAULT_TIMEOUT_MS = 10_000;

  /** The id type of OneIDs in queries; {@code dmp:id_index} keeps retired ones' redirects. */
  public static final String ONE_ID_TYPE = DmpTables.IdIndex.ONE_ID_TYPE;

  /**
   * Multi-gets a large batch of lookups sends at once. HBase's client sends one request per region
   * server, which one handler thread of that server works through alone; split, a batch keeps more
   * of the servers' handlers (and cores) busy.
   */
  public static final String LOOKUP_PARALLELISM = "dmp.client.lookup.parallelism";

  public static final int DEFAULT_LOOKUP_PARALLELISM = 4;

  /** Gets in one multi-get of a split batch, at least. */
  static final int MIN_GETS_PER_CALL = 100;

  private final Connection connection;
  private final IdentifierNormalizer normalizer;
  private final int saltBuckets;
  private final int parallelism;
  private final ExecutorService calls;

  private DmpClient(Connection connection, Configuration conf) throws IOException {
    this.connection = connection;
    this.normalizer = IdentifierNormalizer.fromSettings(conf::get);
    this.saltBuckets = saltBuckets(connection, conf);
    this.parallelism = Math.max(1, conf.getInt(LOOKUP_PARALLELISM, DEFAULT_LOOKUP_PARALLELISM));
    AtomicInteger threads = new AtomicInteger();
    this.calls =
        Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread t = new Thread(r, "dmp-lookup-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The profile table's salt buckets: its attribute, which HBase shows only to users with CREATE or
   * ADMIN on it; a read-only user (the lookup role, analysts) takes {@value
   * TableCreator#SALT_BUCKETS} from its configuration, the value the tables were created with.
   */
  private static int saltBuckets(Connection connection, Configuration conf) throws IOException {
    try (Table profile = connection.getTable(DmpTables.Profile.NAME)) {
      return DmpTables.Profile.saltBuckets(profile.getDescriptor());
    } catch (AccessDeniedException e) {
      return TableCreator.saltBuckets(conf);
    }
  }

  /**
   * Connects with {@code conf} (hbase-site.xml and the {@code dmp.*} keys). On a Kerberos cluster
   * it logs in first ({@link Kerberos#login}: a keytab from {@value Kerberos#PRINCIPAL} and {@value
   * Kerberos#KEYTAB}, or the ticket cache), and fails with one line when there are no credentials.
   */
  public static DmpClient connect(Configuration conf) throws IOException {
    Configuration c = withTimeouts(conf);
    Kerberos.login(c);
    Connection connection = ConnectionFactory.createConnection(c);
    try {
      return new DmpClient(connection, c);
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * {@code conf} with HBase's own timeouts and retries bounded by {@value #TIMEOUT_MS}: the
   * operation, RPC, meta look-up and ZooKeeper retries all give up within it.
   */
  public static Configuration withTimeouts(Configuration conf) {
    Configuration c = HBaseConfiguration.create(conf);
    int timeout = c.getInt(TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
    c.setInt(HConstants.HBASE_CLIENT_OPERATION_TIMEOUT, timeout);
    c.setInt(HConstants.HBASE_CLIENT_META_OPERATION_TIMEOUT, timeout);
    c.setInt(HConstants.HBASE_RPC_TIMEOUT_KEY, Math.max(1000, timeout / 2));
    c.setInt(HConstants.HBASE_CLIENT_RETRIES_NUMBER, 3);
    c.setInt("zookeeper.recovery.retry", 1);
    c.setInt("zookeeper.recovery.retry.intervalmill", 200);
    c.setInt("hbase.zookeeper.client.keepalive", Math.max(1000, timeout / 2));
    c.setInt(HConstants.ZK_SESSION_TIMEOUT, timeout);
    return c;
  }

  /**
   * The state of the newest day's load ({@code dmp:load}).
   *
   * @param finished when its last bulk load ended, or null when it has not (a load under way, or
   *     one that died half-way: lookups and segments may then mix the day with the one before)
   */
  public record LoadState(String day, String started, String finished) {
    public boolean complete() {
      return finished != null;
    }
  }

  /** The newest day's load, or empty when nothing was ever loaded (or the table predates it). */
  public Optional<LoadState> newestLoad() throws IOException {
    return newestLoad(connection);
  }

  /** The newest day's load as {@code connection} sees it (see {@link #newestLoad()}). */
  public static Optional<LoadState> newestLoad(Connection connection) throws IOException {
    try (Table t = connection.getTable(DmpTables.Load.NAME);
        ResultScanner s = t.getScanner(new Scan().setReversed(true).setLimit(1))) {
      Result r = s.next();
      if (r == null) {
        return Optional.empty();
      }
      String started = string(r.getValue(DmpTables.Load.STATE, DmpTables.Load.STARTED));
      String finished = string(r.getValue(DmpTables.Load.STATE, DmpTables.Load.FINISHED));
      return Optional.of(new LoadState(Bytes.toString(r.getRow()), started, finished));
    } catch (org.apache.hadoop.hbase.TableNotFoundException olderTables) {
      return Optional.empty();
    }
  }

  private static String string(byte[] b) {
    return b == null ? null : Bytes.toString(b);
  }

  /** The result of looking one identifier up. */
  public record Lookup(String query, String canonical, Optional<PersonProfile> profile) {
    public boolean found() {
      return profile.isPresent();
    }
  }

  /**
   * A person by OneID; a retired OneID (merged into another person) finds the survivor.
   *
   * @return empty when no such person is live (never issued, or erased)
   */
  public Optional<PersonProfile> profile(String oneId) throws IOException {
    return lookup(ONE_ID_TYPE + ":" + oneId).profile();
  }

  /**
   * A person by any identifier, {@code TYPE:VALUE} as the collector sends it, or {@code
   * oneid:<OneID>}. An e-mail or phone may also be given as the SHA-256 hex of its canonical form
   * (what the tables hold), for partners who exchange only hashes.
   *
   * @throws IllegalArgumentException a malformed identifier or an unknown type, with the reason
   */
  public Lookup lookup(String typeColonValue) throws IOException {
    return lookupAll(List.of(typeColonValue)).get(0);
  }

  /**
   * Many lookups in two round trips of multi-gets (id index, then profiles), in the order given.
   * Each is recorded on the audit logger ({@link LookupAudit}).
   *
   * @throws IllegalArgumentException a malformed identifier or an unknown type, naming which
   */
  public List<Lookup> lookupAll(List<String> queries) throws IOException {
    if (queries.isEmpty()) {
      return List.of();
    }
    List<String> canonical = new ArrayList<>(queries.size());
    for (String q : queries) {
      canonical.add(canonicalize(q));
    }
    // 1. identifiers to OneIDs. A OneID query is first tried as a live profile, then as a redirect.
    List<String> oneIds = new ArrayList<>(queries.size());
    List<Get> indexGets = new ArrayList<>();
    for (String c : canonical) {
      oneIds.add(c.startsWith(ONE_ID_TYPE + ":") ? c.substring(ONE_ID_TYPE.length() + 1) : null);
      indexGets.add(
          new Get(Bytes.toBytes(c))
              .addColumn(DmpTables.IdIndex.ONE_ID, DmpTables.IdIndex.ONE_ID_QUALIFIER)
              .addColumn(DmpTables.IdIndex.LIVE, DmpTables.IdIndex.ONE_ID_QUALIFIER));
    }
    Map<String, Result> profiles = new LinkedHashMap<>();
    fetchProfiles(oneIds, profiles);
    try (Table index = connection.getTable(DmpTables.IdIndex.NAME)) {
      List<Get> needed = new ArrayList<>();
      List<Integer> at = new ArrayList<>();
      for (int i = 0; i < canonical.size(); i++) {
        String known = oneIds.get(i);
        if (known == null || profiles.get(known).isEmpty()) {
          needed.add(indexGets.get(i));
          at.add(i);
        }
      }
      Result[] found = needed.isEmpty() ? new Result[0] : get(index, needed);
      for (int k = 0; k < found.length; k++) {
        oneIds.set(at.get(k), indexedOneId(found[k], loadedDay()));
      }
    }
    // 2. OneIDs to profiles.
    fetchProfiles(oneIds, profiles);
    List<Lookup> out = new ArrayList<>(queries.size());
    for (int i = 0; i < queries.size(); i++) {
      Result r = oneIds.get(i) == null ? null : profiles.get(oneIds.get(i));
      boolean found = r != null && !r.isEmpty();
      LookupAudit.lookedUp(canonical.get(i), found);
      out.add(
          new Lookup(
              queries.get(i),
              canonical.get(i),
              found ? Optional.of(ProfileCells.decode(r)) : Optional.empty()));
    }
    return out;
  }

  /**
   * The OneID of an {@code dmp:id_index} row: the load's, else the stream job's claim of a day
   * after {@code loadedDay} (a loaded day's claims were decided by its daily graph); null when
   * none.
   */
  public static String indexedOneId(Result r, String loadedDay) {
    byte[] v = r.getValue(DmpTables.IdIndex.ONE_ID, DmpTables.IdIndex.ONE_ID_QUALIFIER);
    if (v != null) {
      return Bytes.toString(v);
    }
    Cell live = r.getColumnLatestCell(DmpTables.IdIndex.LIVE, DmpTables.IdIndex.ONE_ID_QUALIFIER);
    if (live != null
        && java.time.Instant.ofEpochMilli(live.getTimestamp())
                .atZone(java.time.ZoneOffset.UTC)
                .toLocalDate()
                .toString()
                .compareTo(loadedDay)
            > 0) {
      return Bytes.toString(CellUtil.cloneValue(live));
    }
    return null;
  }

  /** Gets the profile rows of the OneIDs not yet in {@code out}, in one multi-get. */
  private void fetchProfiles(List<String> oneIds, Map<String, Result> out) throws IOException {
    List<String> wanted =
        oneIds.stream().filter(o -> o != null && !out.containsKey(o)).distinct().toList();
    if (wanted.isEmpty()) {
      return;
    }
    List<Get> gets = new ArrayList<>();
    for (String o : wanted) {
      gets.add(new Get(Bytes.toBytes(DmpTables.Profile.rowKey(o, saltBuckets))));
    }
    try (Table t = connection.getTable(DmpTables.Profile.NAME)) {
      Result[] rs = get(t, gets);
      for (int i = 0; i < rs.length; i++) {
        out.put(wanted.get(i), rs[i]);
      }
    }
  }

  /**
   * {@code gets} from {@code table}, in order: one multi-get, or for a large batch up to {@value
   * #LOOKUP_PARALLELISM} of them at once.
   */
  private Result[] get(Table table, List<Get> gets) throws IOException {
    int parts = Math.min(parallelism, gets.size() / MIN_GETS_PER_CALL);
    if (parts <= 1) {
      return table.get(gets);
    }
    int size = (gets.size() + parts - 1) / parts;
    List<Future<Result[]>> pending = new ArrayList<>();
    for (int from = 0; from < gets.size(); from += size) {
      List<Get> part = gets.subList(from, Math.min(from + size, gets.size()));
      pending.add(
          calls.submit(
              () -> {
                try (Table own = connection.getTable(table.getName())) { // a Table per thread
                  return own.get(part);
                }
              }));
    }
    Result[] out = new Result[gets.size()];
    int at = 0;
    try {
      for (Future<Result[]> f : pending) {
        Result[] part = f.get();
        System.arraycopy(part, 0, out, at, part.length);
        at += part.length;
      }
    } catch (InterruptedException e) {
      pending.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("lookups interrupted");
    } catch (ExecutionException e) {
      pending.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
    return out;
  }

  /** {@code type:value} in the id index's form; a OneID is kept as given. */
  String canonicalize(String query) {
    return IdQueries.canonicalize(normalizer, query);
  }

  /**
   * Whether the person is in the segment (a single-row get on {@code dmp:segment}): a member as of
   * the last loaded day, or entered live by the stream job on a day not loaded yet.
   */
  public boolean inSegment(String segment, String oneId) throws IOException {
    try (Table t = connection.getTable(DmpTables.Segment.NAME)) {
      Result r =
          t.get(
              new Get(Bytes.toBytes(DmpTables.Segment.rowKey(segment, oneId, saltBuckets)))
                  .setFilter(new KeyOnlyFilter()));
      return member(r);
    }
  }

  /**
   * Whether a {@code dmp:segment} row is a membership: it has the load's cell, or a live entry of a
   * day after the newest loaded one (a loaded day's live entries were decided by its daily run).
   */
  private boolean member(Result r) throws IOException {
    if (r.isEmpty()) {
      return false;
    }
    if (r.containsColumn(DmpTables.Segment.MEMBER, DmpTables.Segment.ONE_ID_QUALIFIER)) {
      return true;
    }
    String loaded = loadedDay();
    for (Cell c : r.rawCells()) {
      if (CellUtil.matchingFamily(c, DmpTables.Segment.LIVE)
          && Bytes.toString(CellUtil.cloneQualifier(c)).compareTo(loaded) > 0) {
        return true;
      }
    }
    return false;
  }

  private volatile String loadedDay;
  private volatile long loadedDayRead;

  /** The newest loaded day, read at most every few seconds; "" when none is. */
  private String loadedDay() throws IOException {
    long now = System.currentTimeMillis();
    if (loadedDay == null || now - loadedDayRead > LOADED_DAY_REFRESH_MS) {
      loadedDay = newestLoad().map(LoadState::day).orElse("");
      loadedDayRead = now;
    }
    return loadedDay;
  }

  private static final long LOADED_DAY_REFRESH_MS = 5_000;

  /** A page of a segment's members. */
  public record Page(List<String> oneIds, Optional<String> next) {}

  /**
   * Up to {@code limit} OneIDs of the segment, in row order, from after {@code after} (the {@code
   * next} of the previous page; empty for the first page). Live entries count as in {@link
   * #inSegment}.
   */
  public Page segmentMembers(String segment, Optional<String> after, int limit) throws IOException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    byte[] prefix = Bytes.toBytes(DmpTables.Segment.prefix(segment));
    Scan scan =
        new Scan()
            .setRowPrefixFilter(prefix)
            .setFilter(new KeyOnlyFilter())
            .setCaching(Math.min(limit + 1, 1000));
    after.ifPresent(a -> scan.withStartRow(Bytes.toBytes(a), false));
    List<String> members = new ArrayList<>();
    String last = null;
    boolean more = false;
    try (Table t = connection.getTable(DmpTables.Segment.NAME);
        ResultScanner s = t.getScanner(scan)) {
      for (Result r : s) {
        if (!member(r)) {
          continue;
        }
        if (members.size() == limit) {
          more = true;
          break;
        }
        last = Bytes.toString(r.getRow());
        members.add(DmpTables.Segment.oneId(last));
      }
    }
    return new Page(members, more ? Optional.of(last) : Optional.empty());
  }

  @Override
  public void close() throws IOException {
    calls.shutdownNow();
    connection.close();
  }
}
