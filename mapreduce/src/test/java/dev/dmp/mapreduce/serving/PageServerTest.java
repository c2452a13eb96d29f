package dev.dmp.mapreduce.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmp serve --http}: the daily pages, read-only, on the loopback interface. */
class PageServerTest {

  @TempDir Path dir;

  @Test
  void servesTheNewestPageAtTheRootEachDayAtItsPathAndNothingElse() throws Exception {
    Configuration conf = CommandRunner.embedded(dir.resolve("base"));
    DmpPaths paths = DmpPaths.of(conf);
    for (String day : new String[] {"2026-05-01", "2026-05-02"}) {
      Path page = Path.of(paths.dashboard(RunDate.parse(day)).toUri().getPath());
      Files.createDirectories(page.getParent());
      Files.writeString(page, "<html>page of " + day + "</html>");
    }
    HttpClient http = HttpClient.newHttpClient();
    try (PageServer server = PageServer.start(conf, 0)) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> newest = get(http, base + "/");
      assertThat(newest.statusCode()).isEqualTo(200);
      assertThat(newest.body()).isEqualTo("<html>page of 2026-05-02</html>");
      assertThat(newest.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(get(http, base + "/dt=2026-05-01/").body()).contains("page of 2026-05-01");
      assertThat(get(http, base + "/days").body()).isEqualTo("2026-05-01\n2026-05-02\n");
      assertThat(get(http, base + "/dt=2026-05-03/").statusCode()).isEqualTo(404);
      assertThat(get(http, base + "/../../etc/passwd").statusCode()).isEqualTo(404);
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
