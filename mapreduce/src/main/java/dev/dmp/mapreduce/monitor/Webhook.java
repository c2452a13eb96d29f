package dev.dmp.mapreduce.monitor;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;

/**
 * Posts an alert as JSON to the configured URL ({@value #URL}): {@value #ATTEMPTS} attempts with a
 * doubling pause from {@value #BACKOFF_MS} ms, each bounded by {@value #TIMEOUT_MS} ms. A 2xx
 * answer delivers it; anything else, after the last attempt, leaves it for the next run. Never
 * throws: a receiver that is down must not stop the chain.
 */
final class Webhook {

  /** Where alerts are posted; empty for nowhere. */
  static final String URL = "dmp.alerts.webhook.url";

  /** Attempts per alert and run. */
  static final String ATTEMPTS = "dmp.alerts.webhook.attempts";

  /** Pause before the second attempt, doubled before each next one, in milliseconds. */
  static final String BACKOFF_MS = "dmp.alerts.webhook.backoff.ms";

  /** Bound of one attempt (connecting and the answer), in milliseconds. */
  static final String TIMEOUT_MS = "dmp.alerts.webhook.timeout.ms";

  /** What came of one alert: delivered, or why not. */
  record Outcome(boolean delivered, String problem) {}

  private final URI url;
  private final int attempts;
  private final long backoffMs;
  private final Duration timeout;
  private final HttpClient http;

  private Webhook(URI url, int attempts, long backoffMs, Duration timeout) {
    this.url = url;
    this.attempts = attempts;
    this.backoffMs = backoffMs;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The configured webhook, or null when none is. */
  static Webhook of(Configuration conf) {
    String url = conf.getTrimmed(URL, "");
    if (url.isEmpty()) {
      return null;
    }
    return new Webhook(
        URI.create(url),
        Math.max(1, conf.getInt(ATTEMPTS, 3)),
        conf.getLong(BACKOFF_MS, 1000),
        Duration.ofMillis(conf.getLong(TIMEOUT_MS, 5000)));
  }

  URI url() {
    return url;
  }

  Outcome post(Alert alert) throws InterruptedException {
    String problem = null;
    long pause = backoffMs;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        Thread.sleep(pause);
        pause *= 2;
      }
      try {
        byte[] body =
            StageRunner.JSON
                .writer()
                .without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(alert);
        HttpRequest request =
            HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", alert.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          return new Outcome(true, null);
        }
        problem = "HTTP " + status;
      } catch (IOException e) {
        problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
    }
    return new Outcome(false, problem);
  }
}
