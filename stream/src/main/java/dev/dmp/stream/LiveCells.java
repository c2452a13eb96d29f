package dev.dmp.stream;

import dev.dmp.hbase.DmpTables;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.ProfileCells;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * least once (flushed at every checkpoint, and every {@code dmp.stream.hbase.flush.interval}) and
 * the tables end exactly as after one pass.
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
    return new Writer();
  }

  private final class Writer implements SinkWriter<LiveUpdate> {
    private final Connection hbase;
    private final BufferedMutator profiles;
    private final BufferedMutator segments;
    private final int buckets;

    Writer() throws IOException {
      try {
        hbase = HBaseConnections.connect(settings.hadoop());
      } catch (dev.dmp.core.DmpException e) {
        throw new IOException(e.getMessage(), e);
      }
      try (Admin admin = hbase.getAdmin()) {
        buckets = DmpTables.Profile.saltBuckets(admin.getDescriptor(DmpTables.Profile.NAME));
      }
      profiles = hbase.getBufferedMutator(params(DmpTables.Profile.NAME));
      segments = hbase.getBufferedMutator(params(DmpTables.Segment.NAME));
    }

    private BufferedMutatorParams params(org.apache.hadoop.hbase.TableName table) {
      return new BufferedMutatorParams(table)
          .setWriteBufferPeriodicFlushTimeoutMs(live.flushMillis())
          .setWriteBufferPeriodicFlushTimerTickMs(Math.max(10, live.flushMillis() / 4));
    }

    @Override
    public void write(LiveUpdate u, Context context) throws IOException {
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
      for (String segment : u.segments) {
        segments.mutate(
            new Put(Bytes.toBytes(DmpTables.Segment.rowKey(segment, u.oneId, buckets)))
                .addColumn(
                    DmpTables.Segment.LIVE, Bytes.toBytes(u.day), ts, Bytes.toBytes(u.oneId)));
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
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
}
