package dev.dmp.stream;

import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.ProfileCells;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Writes people's figures of the day to {@code dmp:profile} (family {@code l}) and the segments
 * they entered to {@code dmp:segment} (family {@code l}), every cell stamped with the day's first
 * millisecond and holding an absolute value: writing one again changes nothing, so the sink is at
 * least once (written at every checkpoint) and the tables end exactly as after one pass.
 *
 * <p>A person's updates are gathered for half of {@code dmp.stream.hbase.flush.interval}: only the
 * last one's figures are written (they include the earlier ones), with every segment any of them
 * entered. HBase's client then sends them within the other half. A busy person costs one row write
 * per interval, not one per event.
 */
final class LiveCells implements Sink<LiveUpdate> {

  private final StreamSettings settings;
  private final LiveSettings live;

  LiveCells(StreamSettings settings, LiveSettings live) {
    this.settings = settings;
    this.live = live;
  }

  @Override
  public SinkWriter<LiveUpdate> createWriter(WriterInitContext context) throws IOException {
    return new Writer(context.getProcessingTimeService());
  }

  private final class Writer implements SinkWriter<LiveUpdate> {
    private final Connection hbase;
    private final BufferedMutator profiles;
    private final BufferedMutator segments;
    private final int buckets;
    private final ProcessingTimeService time;
    private final long half;

    /** The last update of each person and day since the last write, and every segment entered. */
    private final Map<String, Gathered> pending = new LinkedHashMap<>();

    Writer(ProcessingTimeService time) throws IOException {
      try {
        hbase = HBaseConnections.connect(settings.hadoop());
      } catch (dev.dmp.core.DmpException e) {
        throw new IOException(e.getMessage(), e);
      }
      try (Admin admin = hbase.getAdmin()) {
        buckets = DmpTables.Profile.saltBuckets(admin.getDescriptor(DmpTables.Profile.NAME));
      }
      half = Math.max(1, live.flushMillis() / 2);
      profiles = hbase.getBufferedMutator(params(DmpTables.Profile.NAME));
      segments = hbase.getBufferedMutator(params(DmpTables.Segment.NAME));
      this.time = time;
      schedule();
    }

    private BufferedMutatorParams params(org.apache.hadoop.hbase.TableName table) {
      return new BufferedMutatorParams(table)
          .setWriteBufferPeriodicFlushTimeoutMs(half)
          .setWriteBufferPeriodicFlushTimerTickMs(Math.max(10, half / 4));
    }

    private void schedule() {
      time.registerTimer(
          time.getCurrentProcessingTime() + half,
          now -> {
            send();
            schedule();
          });
    }

    @Override
    public void write(LiveUpdate u, Context context) {
      pending.computeIfAbsent(u.oneId + "\t" + u.day, k -> new Gathered()).add(u);
    }

    /** Hands what was gathered to HBase's client, which sends it within its flush timeout. */
    private void send() throws IOException {
      for (Gathered g : pending.values()) {
        write(g.last, g.entered);
      }
      pending.clear();
    }

    private void write(LiveUpdate u, Set<String> entered) throws IOException {
      long ts = Days.start(u.day);
      Put p = new Put(Bytes.toBytes(DmpTables.Profile.rowKey(u.oneId, buckets)));
      ProfileCells.liveCells(
          p.getRow(),
          u.day,
          u.events,
          u.revenue,
          u.segments,
          ts,
          kv -> {
            try {
              p.add(kv);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      profiles.mutate(p);
      for (String segment : entered) {
        segments.mutate(
            new Put(Bytes.toBytes(DmpTables.Segment.rowKey(segment, u.oneId, buckets)))
                .addColumn(
                    DmpTables.Segment.LIVE, Bytes.toBytes(u.day), ts, Bytes.toBytes(u.oneId)));
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      send();
      profiles.flush();
      segments.flush();
    }

    @Override
    public void close() throws Exception {
      profiles.close();
      segments.close();
      hbase.close();
    }
  }

  /** A person's updates of a day since the last write. */
  private static final class Gathered {
    private LiveUpdate last;
    private final Set<String> entered = new TreeSet<>();

    void add(LiveUpdate u) {
      last = u;
      entered.addAll(u.segments);
    }
  }
}
