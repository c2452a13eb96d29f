package dev.dmp.stream;

import java.io.Serializable;
import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Kafka partitions end now (the offset the next message sent to one will get), for the
 * watermarks to tell a partition read to its end from one whose records wait behind a busy job.
 *
 * <p>Asking never blocks the task: it answers what the last answer of the brokers said (at most
 * about a second old), and asks again in the background. Until a first answer, or when the brokers
 * do not answer, it knows nothing. The admin client is one per deserialized copy (one per source
 * subtask), closed when that copy is collected.
 */
final class LogEnds implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LogEnds.class);
  private static final Cleaner CLEANER = Cleaner.create();

  /** How old an answer may be before the brokers are asked again. */
  static final long REFRESH_MILLIS = 1_000;

  private final Properties client;
  private transient Asked asked;

  LogEnds(Properties client) {
    this.client = client;
  }

  /** The end offset of {@code topic-partition} as last heard, or empty while not known. */
  OptionalLong end(String topic, int partition) {
    if (asked == null) {
      Properties p = new Properties();
      p.putAll(client);
      p.put(AdminClientConfig.CLIENT_ID_CONFIG, StreamJob.NAME + "-log-ends");
      asked = new Asked(Admin.create(p), System::currentTimeMillis);
      CLEANER.register(this, asked.admin::close);
    }
    return asked.end(new TopicPartition(topic, partition));
  }

  /** What was asked and heard; holds no reference back to its {@link LogEnds}. */
  private static final class Asked {
    private final Admin admin;
    private final LongSupplier clock;
    private final Set<TopicPartition> partitions = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile long askedAt = Long.MIN_VALUE;

    Asked(Admin admin, LongSupplier clock) {
      this.admin = admin;
      this.clock = clock;
    }

    OptionalLong end(TopicPartition tp) {
      partitions.add(tp);
      long now = clock.getAsLong();
      if (now - askedAt >= REFRESH_MILLIS && asking.compareAndSet(false, true)) {
        askedAt = now;
        Map<TopicPartition, OffsetSpec> latest = new ConcurrentHashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        admin
            .listOffsets(latest)
            .all()
            .whenComplete(
                (found, failure) -> {
                  if (failure == null) {
                    found.forEach((p, info) -> ends.put(p, info.offset()));
                  } else {
                    LOG.debug(
                        "the brokers did not say where partitions end: {}", failure.toString());
                  }
                  asking.set(false);
                });
      }
      Long end = ends.get(tp);
      return end == null ? OptionalLong.empty() : OptionalLong.of(end);
    }
  }
}
