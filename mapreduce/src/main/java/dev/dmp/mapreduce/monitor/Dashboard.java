package dev.dmp.mapreduce.monitor;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.dmp.core.RunDate;
import dev.dmp.core.alerts.AlertFigures;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.PathGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The daily page: one self-contained HTML file of a day and the days before it, its charts drawn by
 * Chart.js (shipped inside the page with its licence, so that it opens with no network) and every
 * number also in a table beside its chart. The figures come from {@link DayFigures}: the same files
 * {@code dmp quality} and {@code dmp report} read. Each table cell of a figure carries {@code
 * data-figure} (its name) and {@code data-value} (the number), for people's tools and the tests.
 *
 * <p>The page is a Mustache template ({@code dashboard.html}, with {@code cell.html} and {@code
 * chart.html}); {@link DashboardModel} gives it the day's figures.
 */
public final class Dashboard {

  private static final String WEBJAR = "META-INF/resources/webjars/chart.js/";
  private static final String PAGE = "dev/dmp/mapreduce/monitor/";
  private static final Mustache TEMPLATE =
      new DefaultMustacheFactory(PAGE).compile("dashboard.html");

  private Dashboard() {}

  /** The page of {@code date} over the last {@code days} days, as HTML. */
  public static String render(Configuration conf, RunDate date, int days) throws IOException {
    // A week more than shown, for the trailing median of the first days shown.
    List<DayFigures> all = DayFigures.readDays(conf, date, days + AlertFigures.HISTORY_DAYS);
    DashboardModel model = new DashboardModel(date, all, Alerts.read(conf, date), days);
    Map<String, Object> scope = new HashMap<>(model.scope());
    // Inside <script>: no "</script>" can end it early.
    scope.put("data", model.json().replace("<", "\\u003c"));
    scope.put("script", classpath(PAGE + "dashboard.js"));
    scope.put("chartJsVersion", chartJsVersion());
    scope.put("chartJsLicence", chartJsLicence().replace("--", "- -"));
    scope.put("chartJs", chartJs());
    StringWriter out = new StringWriter();
    TEMPLATE.execute(out, scope);
    return out.toString();
  }

  /**
   * Writes the page of {@code date} where the daily workflow keeps it, {@code
   * reports/html/dt=D/index.html} (atomically: a reader sees the old page or the new one); returns
   * its path.
   */
  public static Path write(Configuration conf, RunDate date, int days) throws IOException {
    String html = render(conf, date, days);
    Path file = DmpPaths.of(conf).dashboard(date);
    FileSystem fs = file.getFileSystem(conf);
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(html.getBytes(StandardCharsets.UTF_8));
    }
    PathGuard guard = PathGuard.of(conf);
    guard.delete(file, false);
    if (!guard.rename(tmp, file)) {
      throw new IOException("could not rename " + tmp + " to " + file);
    }
    return file;
  }

  /** The version of Chart.js on the class path (its webjar's Maven coordinates). */
  static String chartJsVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in =
        Dashboard.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
      if (in == null) {
        throw new IOException("Chart.js (org.webjars.npm:chart.js) is not on the class path");
      }
      p.load(in);
    }
    return p.getProperty("version");
  }

  private static String chartJs() throws IOException {
    return classpath(WEBJAR + chartJsVersion() + "/dist/chart.umd.min.js");
  }

  private static String chartJsLicence() throws IOException {
    return classpath(WEBJAR + chartJsVersion() + "/LICENSE.md");
  }

  /** A text file of the class path; {@code name} is its full path there. */
  private static String classpath(String name) throws IOException {
    try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
