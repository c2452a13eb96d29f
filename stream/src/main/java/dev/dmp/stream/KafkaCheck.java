package dev.dmp.stream;

import dev.dmp.core.DmpException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** What {@code dmp stream} asks Kafka before it starts anything, each answer in one line. */
final class KafkaCheck {

  /** How long the broker has to answer before the command gives up on it. */
  static final int TIMEOUT_SECONDS = 15;

  private KafkaCheck() {}

  /** An admin client of the brokers that gives up after {@value #TIMEOUT_SECONDS} seconds. */
  static Admin admin(Configuration conf, String bootstrapServers) {
    Properties p = KafkaClients.properties(conf, bootstrapServers);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, StreamJob.NAME + "-check");
    return Admin.create(p);
  }

  /** Fails, in one line, when the brokers do not answer or a topic does not exist. */
  static void requireTopics(StreamSettings settings) throws DmpException {
    try (Admin admin = admin(settings.hadoop(), settings.bootstrapServers())) {
      Set<String> topics = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<String> missing =
          settings.topicFeeds().keySet().stream().filter(t -> !topics.contains(t)).toList();
      if (!missing.isEmpty()) {
        throw new DmpException(
            "Kafka at "
                + settings.bootstrapServers()
                + " has no topic "
                + String.join(", ", missing)
                + " (it has "
                + (topics.isEmpty() ? "none" : String.join(", ", topics.stream().sorted().toList()))
                + "); create it or correct --topics");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DmpException("interrupted while asking Kafka for its topics");
    } catch (ExecutionException | TimeoutException e) {
      throw unreachable(settings.bootstrapServers(), e);
    }
  }

  static DmpException unreachable(String servers, Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return new DmpException(
        "Kafka at "
            + servers
            + " did not answer within "
            + TIMEOUT_SECONDS
            + " s ("
            + cause.getClass().getSimpleName()
            + "); is the broker up and --bootstrap-servers right?");
  }
}
