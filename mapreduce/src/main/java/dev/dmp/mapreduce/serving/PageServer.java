package dev.dmp.mapreduce.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dmp.mapreduce.common.DmpPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Serves the daily pages over HTTP on the loopback interface only: {@code /} is the newest day's,
 * {@code /dt=YYYY-MM-DD/} one day's, {@code /days} the list. Read-only, and nothing but the pages.
 */
public final class PageServer implements AutoCloseable {

  private static final Pattern DAY = Pattern.compile("/dt=(\\d{4}-\\d{2}-\\d{2})/?");

  private final HttpServer server;
  private final Path pages;
  private final FileSystem fs;

  private PageServer(HttpServer server, Path pages, FileSystem fs) {
    this.server = server;
    this.pages = pages;
    this.fs = fs;
  }

  /** Starts serving on {@code port} of 127.0.0.1 (0 for any free port). */
  public static PageServer start(Configuration conf, int port) throws IOException {
    Path pages = DmpPaths.of(conf).dashboards();
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    PageServer s = new PageServer(http, pages, pages.getFileSystem(conf));
    http.createContext("/", s::handle);
    http.setExecutor(null);
    http.start();
    return s;
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
        send(x, 405, "text/plain", "only GET\n");
        return;
      }
      String path = x.getRequestURI().getPath();
      TreeSet<String> days = days();
      if (path.equals("/days")) {
        send(x, 200, "text/plain", String.join("\n", days) + "\n");
        return;
      }
      String day = null;
      Matcher m = DAY.matcher(path);
      if (path.equals("/") || path.equals("/index.html")) {
        day = days.isEmpty() ? null : days.last();
      } else if (m.matches()) {
        day = m.group(1);
      }
      if (day == null || !days.contains(day)) {
        send(
            x, 404, "text/plain", "no page here: try / (the newest day), /days, /dt=YYYY-MM-DD/\n");
        return;
      }
      try (InputStream in = fs.open(new Path(new Path(pages, "dt=" + day), "index.html"))) {
        send(
            x,
            200,
            "text/html; charset=utf-8",
            new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  private TreeSet<String> days() throws IOException {
    TreeSet<String> out = new TreeSet<>();
    if (fs.exists(pages)) {
      for (FileStatus s : fs.listStatus(pages)) {
        String name = s.getPath().getName();
        if (name.startsWith("dt=") && fs.exists(new Path(s.getPath(), "index.html"))) {
          out.add(name.substring(3));
        }
      }
    }
    return out;
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.getResponseHeaders().set("Cache-Control", "no-cache");
    boolean head = x.getRequestMethod().equals("HEAD");
    x.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream o = x.getResponseBody()) {
        o.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
