package dev.dmp.stream;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.Profile;
import dev.dmp.core.identity.JoinIds;
import dev.dmp.core.identity.OneIds;
import dev.dmp.core.profile.LiveProfiles;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.PersonProfile;
import dev.dmp.hbase.ProfileCells;
import dev.dmp.mapreduce.idgraph.SuperConnectors;
import dev.dmp.mapreduce.money.RatesFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Finds each event's person through {@code dmp:id_index}, off the task thread (Flink's async I/O)
 * and with a cache per subtask. The event's identifiers that the index does not hold yet are
 * claimed (a put-if-absent, so that the first claim of an identifier stands for every subtask):
 *
 * <ul>
 *   <li>for the event's one known person: the new identifiers are that person's at once;
 *   <li>when none is known, for a provisional person, named as the daily graph names a new
 *       component (from the smallest identifier and the day), so that the daily run adopts it under
 *       the same OneID when its component has that smallest identifier;
 *   <li>when several people are known, for the person of the smallest known identifier; the daily
 *       graph decides the merge (it reads the same event).
 * </ul>
 *
 * <p>The event then counts for the person of its smallest identifier as the index holds them once
 * the claims are made. A claim is never changed, so the events a restart replays are decided as
 * they were the first time, whatever was claimed since: the figures stay exactly once.
 *
 * <p>Index cells are stamped with the day's first millisecond: the daily load of the day (stamped
 * with its last) masks them, the load of the day before does not.
 */
final class Resolve extends RichAsyncFunction<CleanEvent, Attributed> {

  private final StreamSettings settings;
  private final LiveSettings live;
  private transient Connection hbase;
  private transient ExecutorService lookups;
  private transient Cache<String> ids;
  private transient Cache<Optional<Profile>> profiles;
  private transient int buckets;
  private transient String currency;

  Resolve(StreamSettings settings, LiveSettings live) {
    this.settings = settings;
    this.live = live;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    Configuration conf = settings.hadoop();
    hbase = HBaseConnections.connect(conf);
    try (Admin admin = hbase.getAdmin()) { // the tables were created by LiveJob.prepare
      buckets = DmpTables.Profile.saltBuckets(admin.getDescriptor(DmpTables.Profile.NAME));
    }
    lookups = Executors.newFixedThreadPool(8);
    ids = new Cache<>(live.cacheSize(), live.cacheMillis());
    profiles = new Cache<>(Math.max(1000, live.cacheSize() / 4), live.cacheMillis());
    currency = RatesFiles.reportingCurrency(conf);
    unattributed = getRuntimeContext().getMetricGroup().addGroup("dmp").counter("unattributed");
  }

  @Override
  public void close() throws Exception {
    if (lookups != null) {
      lookups.shutdownNow();
    }
    if (hbase != null) {
      hbase.close();
    }
  }

  @Override
  public void asyncInvoke(CleanEvent e, ResultFuture<Attributed> result) {
    CompletableFuture.supplyAsync(() -> resolve(e), lookups)
        .whenComplete(
            (a, failure) -> {
              if (failure != null) {
                result.completeExceptionally(failure);
              } else {
                result.complete(a == null ? List.of() : List.of(a));
              }
            });
  }

  /** The event with its person; null for an event whose every identifier is a super-connector. */
  private Attributed resolve(CleanEvent e) {
    try {
      // A shared device belongs to no one: left out, as the daily attribution leaves it out.
      JoinIds.withoutSuperConnectors(e, superConnectors());
      if (e.getIds().isEmpty()) {
        unattributed.inc();
        return null;
      }
      String day = Days.of(e.getReceivedAt());
      List<String> all = new ArrayList<>();
      e.getIds().forEach((type, value) -> all.add(type + ":" + value));
      all.sort(null);
      Map<String, String> known = new TreeMap<>();
      List<String> unknown = new ArrayList<>();
      List<String> toRead = new ArrayList<>();
      for (String id : all) {
        String cached = ids.get(id);
        if (cached != null) {
          known.put(id, cached);
        } else {
          toRead.add(id);
        }
      }
      if (!toRead.isEmpty()) {
        read(toRead, known, unknown);
      }
      if (!unknown.isEmpty()) {
        // The person the new identifiers are claimed for: the one known person, the person of the
        // smallest known identifier when they are several, or a provisional person.
        String claimant =
            known.isEmpty() ? OneIds.newOneId(all.get(0), day) : known.values().iterator().next();
        for (String id : unknown) {
          String holder = claim(id, claimant, day);
          if (holder != null) {
            known.put(id, holder);
          }
        }
      }
      // Decided on what the index holds once the claims are made, never on what was read before:
      // claims are never changed, so a replay after a restart decides the same.
      String oneId =
          known.isEmpty() ? OneIds.newOneId(all.get(0), day) : known.values().iterator().next();
      return new Attributed(oneId, day, e, loaded(oneId));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private void read(List<String> toRead, Map<String, String> known, List<String> unknown)
      throws IOException {
    List<Get> gets = new ArrayList<>();
    for (String id : toRead) {
      gets.add(get(id));
    }
    String loadedDay = loadedDay();
    try (Table index = hbase.getTable(DmpTables.IdIndex.NAME)) {
      Result[] found = index.get(gets);
      for (int i = 0; i < found.length; i++) {
        String v = DmpClient.indexedOneId(found[i], loadedDay);
        if (v == null) {
          unknown.add(toRead.get(i));
        } else {
          known.put(toRead.get(i), v);
          ids.put(toRead.get(i), v);
        }
      }
    }
  }

  /**
   * Puts {@code id → oneId} in the index unless the identifier is there already, and returns the
   * person it belongs to now: {@code oneId}, or the person another subtask claimed it for a moment
   * before (that claim stands); null if the index holds it for no person this stream may use.
   */
  private String claim(String id, String oneId, String day) throws IOException {
    byte[] row = Bytes.toBytes(id);
    Put put =
        new Put(row)
            .addColumn(
                DmpTables.IdIndex.LIVE,
                DmpTables.IdIndex.ONE_ID_QUALIFIER,
                Days.start(day),
                Bytes.toBytes(oneId));
    try (Table index = hbase.getTable(DmpTables.IdIndex.NAME)) {
      boolean claimed =
          index
              .checkAndMutate(
                  CheckAndMutate.newBuilder(row)
                      .ifNotExists(DmpTables.IdIndex.LIVE, DmpTables.IdIndex.ONE_ID_QUALIFIER)
                      .build(put))
              .isSuccess();
      String holder = claimed ? oneId : DmpClient.indexedOneId(index.get(get(id)), loadedDay());
      if (holder != null) {
        ids.put(id, holder);
      }
      return holder;
    }
  }

  private static Get get(String id) {
    return new Get(Bytes.toBytes(id))
        .addColumn(DmpTables.IdIndex.ONE_ID, DmpTables.IdIndex.ONE_ID_QUALIFIER)
        .addColumn(DmpTables.IdIndex.LIVE, DmpTables.IdIndex.ONE_ID_QUALIFIER);
  }

  private transient volatile String loadedDay;
  private transient volatile long loadedDayRead;

  private transient volatile java.util.Set<String> superConnectors;
  private transient volatile long superConnectorsRead;
  private transient org.apache.flink.metrics.Counter unattributed;

  /** The newest graph's super-connectors, read again as often as the cache expires. */
  private java.util.Set<String> superConnectors() throws IOException {
    long now = System.currentTimeMillis();
    if (superConnectors == null || now - superConnectorsRead > live.cacheMillis()) {
      superConnectors = SuperConnectors.newest(settings.hadoop());
      superConnectorsRead = now;
    }
    return superConnectors;
  }

  /** The newest loaded day ({@code dmp:load}), read again every few seconds; "" for none. */
  private String loadedDay() throws IOException {
    long now = System.currentTimeMillis();
    if (loadedDay == null || now - loadedDayRead > 5_000) {
      loadedDay = DmpClient.newestLoad(hbase).map(DmpClient.LoadState::day).orElse("");
      loadedDayRead = now;
    }
    return loadedDay;
  }

  /** The person's profile as last loaded, as a snapshot; empty for a person never loaded. */
  private Profile loaded(String oneId) throws IOException {
    Optional<Profile> cached = profiles.get(oneId);
    if (cached != null) {
      return cached.orElse(null);
    }
    Result r;
    try (Table t = hbase.getTable(DmpTables.Profile.NAME)) {
      Get g = new Get(Bytes.toBytes(DmpTables.Profile.rowKey(oneId, buckets)));
      g.addFamily(DmpTables.Profile.IDENTIFIERS).addFamily(DmpTables.Profile.PROFILE);
      r = t.get(g);
    }
    Optional<Profile> p = Optional.empty();
    if (!r.isEmpty()) {
      PersonProfile served = ProfileCells.decode(r);
      if (served.firstSeen() != null && served.attributes().get(ProfileCells.AS_OF) != null) {
        p = Optional.of(LiveProfiles.snapshotOf(loadedOf(served), currency));
      }
    }
    profiles.put(oneId, p);
    return p.orElse(null);
  }

  /** The served figures of a person, as {@link LiveProfiles} takes them. */
  static LiveProfiles.Loaded loadedOf(PersonProfile p) {
    Map<String, String> a = p.attributes();
    return new LiveProfiles.Loaded(
        p.oneId(),
        a.get(ProfileCells.AS_OF),
        p.identifiers(),
        Instant.parse(p.firstSeen()).toEpochMilli(),
        Instant.parse(p.lastSeen()).toEpochMilli(),
        p.events(),
        window(a, ProfileCells.EVENTS_7D),
        window(a, ProfileCells.EVENTS_30D),
        BigDecimal.valueOf(p.revenue()),
        new BigDecimal(a.getOrDefault("revenue_7d", "0")),
        new BigDecimal(a.getOrDefault("revenue_30d", "0")),
        p.tags(),
        a.get("device_class"),
        a.get("os"),
        a.get("browser"),
        a.get("top_geo"),
        p.segments());
  }

  private static Map<String, Long> window(Map<String, String> attributes, String prefix) {
    Map<String, Long> out = new TreeMap<>();
    attributes.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), Long.parseLong(v));
          }
        });
    return out;
  }

  /** A small least-recently-used map whose entries are trusted for a while. */
  static final class Cache<V> {
    private record Entry<V>(V value, long at) {}

    private final long ttl;
    private final LinkedHashMap<String, Entry<V>> map;

    Cache(int size, long ttlMillis) {
      this.ttl = ttlMillis;
      this.map =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
              return size() > size;
            }
          };
    }

    synchronized V get(String key) {
      Entry<V> e = map.get(key);
      if (e == null) {
        return null;
      }
      if (System.currentTimeMillis() - e.at() > ttl) {
        map.remove(key);
        return null;
      }
      return e.value();
    }

    synchronized void put(String key, V value) {
      map.put(key, new Entry<>(value, System.currentTimeMillis()));
    }
  }
}
