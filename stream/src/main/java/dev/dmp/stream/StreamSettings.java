package dev.dmp.stream;

import dev.dmp.core.UsageException;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.ingest.IngestTool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * What the stream job needs to know, read once from the command's Hadoop configuration (so {@code
 * dmp-site.xml} and {@code -D} set it as for every command) and carried, serialized, into the job's
 * operators, which rebuild the configuration to reach the file system and the alerts.
 *
 * @param bootstrapServers the Kafka brokers, {@code HOST:PORT[,HOST:PORT]}
 * @param topicFeeds each topic read and the feed its records land under, in order
 * @param groupId the consumer group whose offsets Kafka keeps for {@code dmp stream status}
 * @param graceMillis how far past an hour's end the watermark must be before the hour is flagged
 * @param idleMillis after how long without records a partition counts as caught up
 * @param checkpointMillis the checkpoint interval: files are committed at each checkpoint
 * @param maxRecordBytes the longest message kept whole (longer ones are cut, as ingest does)
 * @param live the settings of the speed layer (cleaning, people, live figures, the minute monitor)
 * @param hadoopConf the command's Hadoop configuration, as {@link Configuration#write} writes it
 */
public record StreamSettings(
    String bootstrapServers,
    Map<String, String> topicFeeds,
    String groupId,
    long graceMillis,
    long idleMillis,
    long checkpointMillis,
    int maxRecordBytes,
    LiveSettings live,
    byte[] hadoopConf)
    implements Serializable {

  /** The Kafka brokers to read, {@code HOST:PORT[,HOST:PORT]}. */
  public static final String BOOTSTRAP_SERVERS = "dmp.stream.bootstrap.servers";

  /**
   * The topics to read, each {@code TOPIC} or {@code TOPIC=FEED}; the feed defaults to the topic.
   */
  public static final String TOPICS = "dmp.stream.topics";

  /** The consumer group the job commits its offsets to (for lag only: Flink keeps its own). */
  public static final String GROUP_ID = "dmp.stream.group.id";

  /** Time past an hour's end before its flag: the watermark must pass end + grace. */
  public static final String GRACE = "dmp.stream.grace";

  /** Time without records after which a partition counts as caught up to the clock. */
  public static final String IDLE_TIMEOUT = "dmp.stream.idle.timeout";

  /** Time between checkpoints, which commit the landed files and the offsets together. */
  public static final String CHECKPOINT_INTERVAL = "dmp.stream.checkpoint.interval";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");
  private static final Pattern FEED = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** Reads the settings; a missing or malformed one is a usage error naming it. */
  public static StreamSettings from(Configuration conf) throws UsageException {
    String servers = conf.getTrimmed(BOOTSTRAP_SERVERS, "");
    if (servers.isEmpty()) {
      throw new UsageException("no Kafka broker given: --bootstrap-servers HOST:PORT");
    }
    for (String server : servers.split(",")) {
      if (!server.trim().matches("[^:\\s]+:\\d{1,5}")) {
        throw new UsageException(
            "--bootstrap-servers '" + servers + "': each broker must be HOST:PORT");
      }
    }
    return new StreamSettings(
        servers,
        topicFeeds(conf.getTrimmed(TOPICS, "")),
        conf.getTrimmed(GROUP_ID, "dmp-stream"),
        positive(conf, GRACE, "5m"),
        positive(conf, IDLE_TIMEOUT, "1m"),
        positive(conf, CHECKPOINT_INTERVAL, "10s"),
        IngestTool.getMaxRecordBytes(conf),
        LiveSettings.from(conf),
        bytes(conf));
  }

  /** {@code web,app,ads=adserver}: topic to feed, in order; a usage error names a bad entry. */
  static Map<String, String> topicFeeds(String spec) throws UsageException {
    if (spec.isBlank()) {
      throw new UsageException("no topic given: --topics TOPIC[=FEED],... (or " + TOPICS + ")");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      String[] parts = entry.trim().split("=", -1);
      String topic = parts[0].trim();
      String feed = parts.length > 1 ? parts[1].trim() : topic;
      if (parts.length > 2 || !NAME.matcher(topic).matches()) {
        throw new UsageException("--topics: '" + entry.trim() + "' is not TOPIC or TOPIC=FEED");
      }
      if (!FEED.matcher(feed).matches()) {
        throw new UsageException(
            "--topics: feed '" + feed + "' of topic " + topic + " must be a lower-case word");
      }
      if (out.put(topic, feed) != null) {
        throw new UsageException("--topics: topic " + topic + " is named twice");
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** A duration setting in milliseconds, more than zero; a usage error names a bad one. */
  public static long positive(Configuration conf, String key, String fallback)
      throws UsageException {
    long millis;
    try {
      millis = conf.getTimeDuration(key, fallback, TimeUnit.MILLISECONDS);
    } catch (NumberFormatException e) {
      throw new UsageException(key + " = '" + conf.get(key) + "' is not a duration (e.g. 5m)");
    }
    if (millis <= 0) {
      throw new UsageException(key + " = '" + conf.get(key) + "' must be more than zero");
    }
    return millis;
  }

  private static byte[] bytes(Configuration conf) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      conf.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** The command's Hadoop configuration, rebuilt inside an operator. */
  public Configuration hadoop() {
    Configuration conf = new Configuration(false);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(hadoopConf))) {
      conf.readFields(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return conf;
  }

  /** The platform's directories, as the command sees them. */
  public DmpPaths paths() {
    return DmpPaths.of(hadoop());
  }

  /** The feed a topic lands under. */
  public String feed(String topic) {
    return topicFeeds.getOrDefault(topic, topic);
  }
}
