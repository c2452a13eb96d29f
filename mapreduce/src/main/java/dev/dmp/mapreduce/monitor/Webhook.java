package dev.dmp.mapreduce.monitor;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmp.core.UsageException;
import dev.dmp.core.alerts.Alert;
import dev.dmp.mapreduce.common.ConfigException;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
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

  /**
   * Fails naming {@value #URL} when it is set to anything but an http or https URL with a host, so
   * that a run refuses it before it starts rather than after its load.
   */
  static void check(Configuration conf) throws UsageException {
    url(conf);
  }

  private static URI url(Configuration conf) throws UsageException {
    String text = conf.getTrimmed(URL, "");
    if (text.isEmpty()) {
      return null;
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new ConfigException(URL + ": '" + text + "' is not a URL (" + e.getReason() + ")");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new ConfigException(URL + ": '" + text + "' is not an http or https URL with a host");
    }
    return url;
  }

  /** The configured webhook, or null when none is. */
  static Webhook of(Configuration conf) throws UsageException {
    URI url = url(conf);
    if (url == null) {
      return null;
    }
    return new Webhook(
        url,
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
                .header("Idempotency-Key", idempotencyKey(alert))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          return new Outcome(true, null);
        }
        problem = "HTTP " + status;
      } catch (IOException | RuntimeException e) {
        // A receiver's error, or one of the request's own (an unencodable value): the alert is
        // kept, and the run goes on.
        problem =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
    }
    return new Outcome(false, problem);
  }

  /**
   * The alert's id as a header value: HTTP headers carry ASCII, and an id holds a source's name,
   * which may be any text ({@code 微信}), so it is percent-encoded as UTF-8.
   */
  static String idempotencyKey(Alert alert) {
    return URLEncoder.encode(alert.id(), StandardCharsets.UTF_8);
  }
}
