package dev.dmp.mapreduce.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.core.RunDate;
import dev.dmp.core.alerts.Alert;
import dev.dmp.core.alerts.AlertFigures;
import dev.dmp.mapreduce.clean.CleanReport;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.report.ReportAggregate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.datasketches.hll.HllSketch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The daily page: one self-contained HTML file of a day and the days before it, its charts drawn by
 * Chart.js (shipped inside the page with its licence, so that it opens with no network) and every
 * number also in a table beside its chart. The figures come from {@link DayFigures}: the same files
 * {@code dmp quality} and {@code dmp report} read. Each table cell of a figure carries {@code
 * data-figure} (its name) and {@code data-value} (the number), for people's tools and the tests.
 */
public final class Dashboard {

  /** Campaigns shown, by events. */
  static final int TOP_CAMPAIGNS = 10;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] FATES = {"clean", "rejected", "duplicate", "bot", "opted_out"};
  private static final String WEBJAR = "META-INF/resources/webjars/chart.js/";
  private static final String PAGE = "dev/dmp/mapreduce/monitor/";

  private final RunDate date;
  private final List<DayFigures> days;
  private final DayFigures today;
  private final List<Alert> alerts;
  private final ObjectNode data = JSON.createObjectNode();
  private final StringBuilder body = new StringBuilder();

  private Dashboard(RunDate date, List<DayFigures> days, List<Alert> alerts) {
    this.date = date;
    this.days = days;
    this.today = days.get(days.size() - 1);
    this.alerts = alerts;
  }

  /** The page of {@code date} over the last {@code days} days, as HTML. */
  public static String render(Configuration conf, RunDate date, int days) throws IOException {
    // A week more than shown, for the trailing median of the first days shown.
    List<DayFigures> all = DayFigures.readDays(conf, date, days + AlertFigures.HISTORY_DAYS);
    Dashboard page = new Dashboard(date, all, Alerts.read(conf, date));
    return page.build(days);
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

  private String build(int shown) throws IOException {
    if (!today.ran()) {
      throw new IOException("nothing has run for " + date + ": no clean report to show");
    }
    // The days shown, from the first that ran: a new platform's page does not open on a month of
    // empty days.
    int first = days.size() - shown;
    while (!days.get(first).ran()) {
      first++;
    }
    List<DayFigures> window = days.subList(first, days.size());
    data.put("date", date.toString());
    summary();
    fateHistory(window);
    dayQuality();
    people(window);
    segments(window);
    report();
    hours();
    alertList();
    return page();
  }

  private void summary() {
    CleanReport c = today.clean();
    String stopped = today.stoppedBy();
    body.append("<section id=\"summary\"><h2>The day</h2>");
    if (stopped != null) {
      body.append("<p class=\"stopped\">The quality gate stopped the day after ")
          .append(esc(stopped))
          .append(": ")
          .append(esc(today.stopReasons()))
          .append("</p>");
    }
    body.append("<table class=\"figures\"><tr><th>fate</th><th>records</th><th>share</th></tr>");
    row("read", c.read, c.read, "quality.read");
    for (String fate : FATES) {
      row(fate, fate(c, fate), c.read, "quality." + fate);
    }
    body.append("</table></section>");
  }

  private void row(String label, long n, long whole, String figure) {
    body.append("<tr><td>")
        .append(esc(label))
        .append("</td>")
        .append(cell(figure, n))
        .append("<td class=\"n\">")
        .append(String.format(Locale.ROOT, "%.2f %%", whole == 0 ? 0.0 : 100.0 * n / whole))
        .append("</td></tr>");
  }

  private static long fate(CleanReport c, String fate) {
    return switch (fate) {
      case "clean" -> c.clean;
      case "rejected" -> c.rejectedTotal;
      case "duplicate" -> c.duplicate;
      case "bot" -> c.bot;
      case "opted_out" -> c.optedOut;
      default -> c.read;
    };
  }

  /** The fates of the days shown, and records read against the trailing 7-day median. */
  private void fateHistory(List<DayFigures> window) {
    ArrayNode labels = data.putArray("days");
    ObjectNode fates = data.putObject("fates");
    ArrayNode read = data.putArray("read");
    ArrayNode median = data.putArray("median");
    ArrayNode low = data.putArray("low");
    ArrayNode high = data.putArray("high");
    body.append("<section id=\"history\"><h2>")
        .append(window.size() == 1 ? "The first day" : "The last " + window.size() + " days")
        .append("</h2>");
    body.append(chart("fates", "Fates of the records of each day"));
    body.append(
        chart("volume", "Records read against the previous 7 days (median, lowest to highest)"));
    body.append("<table class=\"figures\" id=\"table-days\"><tr><th>day</th><th>read</th>");
    for (String f : FATES) {
      body.append("<th>").append(f).append("</th>");
    }
    body.append("<th>7-day median</th></tr>");
    int offset = days.size() - window.size();
    for (int i = 0; i < window.size(); i++) {
      DayFigures d = window.get(i);
      labels.add(d.date().toString());
      List<DayFigures> before =
          days.subList(Math.max(0, offset + i - AlertFigures.HISTORY_DAYS), offset + i).stream()
              .filter(DayFigures::ran)
              .toList();
      double[] reads = before.stream().mapToDouble(x -> x.clean().read).sorted().toArray();
      Double med = reads.length == 0 ? null : AlertFigures.median(before, x -> x.clean().read);
      addNumber(median, med);
      addNumber(low, reads.length == 0 ? null : reads[0]);
      addNumber(high, reads.length == 0 ? null : reads[reads.length - 1]);
      body.append("<tr><td>").append(d.date()).append("</td>");
      if (!d.ran()) {
        read.addNull();
        for (String f : FATES) {
          fates.withArray(f).addNull();
        }
        body.append("<td colspan=\"").append(FATES.length + 2).append("\">did not run</td></tr>");
        continue;
      }
      read.add(d.clean().read);
      body.append(cell("days." + d.date() + ".read", d.clean().read));
      for (String f : FATES) {
        fates.withArray(f).add(fate(d.clean(), f));
        body.append(cell("days." + d.date() + "." + f, fate(d.clean(), f)));
      }
      body.append("<td class=\"n\">")
          .append(med == null ? "" : String.format(Locale.ROOT, "%,.0f", med))
          .append("</td></tr>");
    }
    body.append("</table></section>");
  }

  /** The day's reject reasons and each source's fates and bot share. */
  private void dayQuality() {
    CleanReport c = today.clean();
    ObjectNode reasons = data.putObject("rejects");
    body.append("<section id=\"rejects\"><h2>Reject reasons</h2>")
        .append(chart("rejects", "Rejected records by reason"))
        .append("<table class=\"figures\"><tr><th>reason</th><th>records</th></tr>");
    c.rejected.forEach(
        (reason, n) -> {
          reasons.put(reason, n);
          body.append("<tr><td>")
              .append(esc(reason))
              .append("</td>")
              .append(cell("rejected." + reason, n))
              .append("</tr>");
        });
    body.append("</table></section>");
    ObjectNode bots = data.putObject("bots");
    body.append("<section id=\"sources\"><h2>Sources</h2>")
        .append(chart("bots", "Share of each source's records from robots (%)"))
        .append("<table class=\"figures\"><tr><th>source</th><th>read</th><th>clean</th>")
        .append(
            "<th>rejected</th><th>duplicate</th><th>bot</th><th>opted_out</th><th>bot share</th></tr>");
    c.bySource.forEach(
        (source, f) -> {
          double share = AlertFigures.pct(f.getOrDefault("bot", 0L), f.getOrDefault("read", 0L));
          bots.put(source, share);
          body.append("<tr><td>").append(esc(source)).append("</td>");
          body.append(cell("source." + source + ".read", f.getOrDefault("read", 0L)));
          for (String fate : FATES) {
            body.append(cell("source." + source + "." + fate, f.getOrDefault(fate, 0L)));
          }
          body.append("<td class=\"n\">")
              .append(String.format(Locale.ROOT, "%.2f %%", share))
              .append("</td></tr>");
        });
    body.append("</table></section>");
  }

  /** People, new and merged OneIDs over the days shown. */
  private void people(List<DayFigures> window) {
    ArrayNode people = data.putArray("people");
    ArrayNode created = data.putArray("newOneids");
    ArrayNode merged = data.putArray("mergedOneids");
    body.append("<section id=\"people\"><h2>People</h2>");
    if (window.stream().allMatch(d -> d.graph() == null)) {
      body.append("<p>No identity graph in these days.</p></section>");
      return;
    }
    body.append(chart("people", "People, new and merged OneIDs"))
        .append("<table class=\"figures\"><tr><th>day</th><th>people</th><th>new OneIDs</th>")
        .append("<th>merged OneIDs</th></tr>");
    for (DayFigures d : window) {
      if (d.graph() == null) {
        people.addNull();
        created.addNull();
        merged.addNull();
        continue;
      }
      people.add(d.graph().components());
      created.add(d.graph().newOneids());
      merged.add(d.graph().mergedOneids());
      String key = "graph." + d.date() + ".";
      body.append("<tr><td>")
          .append(d.date())
          .append("</td>")
          .append(cell(key + "people", d.graph().components()))
          .append(cell(key + "new_oneids", d.graph().newOneids()))
          .append(cell(key + "merged_oneids", d.graph().mergedOneids()))
          .append("</tr>");
    }
    body.append("</table></section>");
  }

  /** Each segment's members over the days shown. */
  private void segments(List<DayFigures> window) {
    TreeSet<String> names = new TreeSet<>();
    window.stream()
        .filter(d -> d.profile() != null)
        .forEach(d -> names.addAll(d.profile().segments().keySet()));
    ObjectNode sizes = data.putObject("segments");
    body.append("<section id=\"segments\"><h2>Segments</h2>");
    if (names.isEmpty()) {
      body.append("<p>No segment in these days.</p></section>");
      return;
    }
    body.append(chart("segments", "Members of each segment"))
        .append("<table class=\"figures\"><tr><th>segment</th><th>members on ")
        .append(date)
        .append("</th></tr>");
    for (String name : names) {
      ArrayNode series = sizes.putArray(name);
      for (DayFigures d : window) {
        Long n = d.profile() == null ? null : d.profile().segments().get(name);
        addNumber(series, n == null ? null : n.doubleValue());
      }
      Long n = today.profile() == null ? null : today.profile().segments().get(name);
      body.append("<tr><td>").append(esc(name)).append("</td>");
      body.append(n == null ? "<td></td>" : cell("segment." + name, n)).append("</tr>");
    }
    body.append("</table></section>");
  }

  /** The day's report by source, event type and top campaigns, people with their 95 % bounds. */
  private void report() {
    body.append("<section id=\"report\"><h2>Report</h2>");
    if (!today.reported()) {
      body.append("<p>No report for ").append(date).append(".</p></section>");
      data.putObject("report");
      return;
    }
    ObjectNode report = data.putObject("report");
    reportTable(report, "source", "By source", today.reportBy(r -> r.getSource()));
    reportTable(report, "event_type", "By event type", today.reportBy(r -> r.getEventType()));
    Map<String, ReportAggregate> top = new java.util.LinkedHashMap<>();
    today.reportByCampaign().entrySet().stream()
        .sorted(
            Comparator.comparingLong(
                    (Map.Entry<String, ReportAggregate> e) -> -e.getValue().events())
                .thenComparing(Map.Entry::getKey))
        .limit(TOP_CAMPAIGNS)
        .forEach(e -> top.put(e.getKey(), e.getValue()));
    reportTable(report, "campaign", "Top " + TOP_CAMPAIGNS + " campaigns by events", top);
    Map<String, ReportAggregate> total = Map.of("all", today.reportTotal());
    reportTable(report, "total", "The whole day", total);
    body.append("</section>");
  }

  private void reportTable(
      ObjectNode report, String by, String title, Map<String, ReportAggregate> rows) {
    ArrayNode series = report.putArray(by);
    body.append("<h3>").append(esc(title)).append("</h3>");
    if (!by.equals("total")) {
      body.append(chart("report-" + by, title + ": events and unique people"));
    }
    String currency =
        rows.values().stream()
            .map(ReportAggregate::currency)
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .map(c -> " (" + esc(c) + ")")
            .orElse("");
    body.append("<table class=\"figures\"><tr><th>")
        .append(by)
        .append("</th><th>events</th><th>revenue")
        .append(currency)
        .append("</th><th>people</th><th>95 % bounds</th></tr>");
    rows.forEach(
        (key, agg) -> {
          HllSketch s = agg.sketch();
          long people = Math.round(s.getEstimate());
          long low = Math.round(s.getLowerBound(2));
          long high = Math.round(s.getUpperBound(2));
          series
              .addObject()
              .put("key", key)
              .put("events", agg.events())
              .put("revenue", agg.revenue())
              .put("people", people)
              .put("low", low)
              .put("high", high);
          String f = "report." + by + "." + key + ".";
          body.append("<tr><td>")
              .append(esc(key))
              .append("</td>")
              .append(cell(f + "events", agg.events()))
              .append(
                  cell(
                      f + "revenue",
                      Double.toString(agg.revenue()),
                      String.format(Locale.ROOT, "%,.2f", agg.revenue())))
              .append(cell(f + "people", people))
              .append(
                  cell(
                      f + "bounds",
                      low + ".." + high,
                      String.format(Locale.ROOT, "%,d..%,d", low, high)))
              .append("</tr>");
        });
    body.append("</table>");
  }

  /** The day's hours: each source's records, and what each hour's run counted. */
  private void hours() {
    body.append("<section id=\"hours\"><h2>Hours</h2>");
    if (today.hours().isEmpty()) {
      body.append("<p>No hourly run for ").append(date).append(".</p></section>");
      data.putObject("hours");
      return;
    }
    TreeSet<String> sources = new TreeSet<>();
    today.hours().values().forEach(h -> sources.addAll(h.sources().keySet()));
    ObjectNode hours = data.putObject("hours");
    ArrayNode labels = hours.putArray("hours");
    ObjectNode bySource = hours.putObject("sources");
    body.append(chart("hours", "Records of each hour, by source"))
        .append("<table class=\"figures\"><tr><th>hour</th><th>read</th><th>clean</th>")
        .append("<th>rejected</th><th>bot</th><th>attributed</th><th>people</th></tr>");
    for (Map.Entry<Integer, HourFigures> e : today.hours().entrySet()) {
      HourFigures h = e.getValue();
      labels.add(String.format("%02d", e.getKey()));
      for (String s : sources) {
        Map<String, Long> f = h.sources().get(s);
        bySource.withArray(s).add(f == null ? 0L : f.getOrDefault("read", 0L));
      }
      String k = String.format("hour.%02d.", e.getKey());
      body.append("<tr><td>")
          .append(String.format("%02d", e.getKey()))
          .append("</td>")
          .append(cell(k + "read", h.read()))
          .append(cell(k + "clean", h.clean()))
          .append(cell(k + "rejected", h.rejected()))
          .append(cell(k + "bot", h.bot()))
          .append(cell(k + "attributed", h.attributed()))
          .append(cell(k + "people", h.people()))
          .append("</tr>");
    }
    body.append("</table></section>");
  }

  private void alertList() {
    body.append("<section id=\"alerts\"><h2>Alerts</h2>");
    if (alerts.isEmpty()) {
      body.append("<p id=\"no-alerts\">No alert was raised for ")
          .append(date)
          .append(".</p></section>");
      return;
    }
    body.append("<table class=\"figures\"><tr><th>time</th><th>severity</th><th>rule</th>")
        .append("<th>subject</th><th>value</th><th>threshold</th><th>message</th></tr>");
    for (Alert a : alerts) {
      body.append("<tr class=\"alert ")
          .append(esc(a.severity()))
          .append("\" data-alert=\"")
          .append(esc(a.id()))
          .append("\"><td>")
          .append(esc(a.hour() == null ? a.date() : String.format("%sT%02d", a.date(), a.hour())))
          .append("</td><td>")
          .append(esc(a.severity()))
          .append("</td><td>")
          .append(esc(a.rule()))
          .append("</td><td>")
          .append(esc(a.subject()))
          .append("</td><td class=\"n\">")
          .append(a.value() == null ? "" : number(a.value()))
          .append("</td><td class=\"n\">")
          .append(a.threshold() == null ? "" : number(a.threshold()))
          .append("</td><td>")
          .append(esc(a.message()))
          .append("</td></tr>");
    }
    body.append("</table></section>");
  }

  private String page() throws IOException {
    String template = classpath(PAGE + "dashboard.html");
    Map<String, String> values =
        Map.of(
            "DATE", date.toString(),
            "BODY", body.toString(),
            // Inside <script>: no "</script>" can end it early.
            "DATA", JSON.writeValueAsString(data).replace("<", "\\u003c"),
            "SCRIPT", classpath(PAGE + "dashboard.js"),
            "CHARTJS_VERSION", chartJsVersion(),
            "CHARTJS_LICENSE", chartJsLicence().replace("--", "- -"),
            "CHARTJS", chartJs());
    return fill(template, values);
  }

  /**
   * The template with each {@code @NAME@} replaced by its value, in one pass: a value is never
   * searched for placeholders, whatever it holds.
   */
  static String fill(String template, Map<String, String> values) {
    StringBuilder out = new StringBuilder(template.length() * 2);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("@([A-Z_]+)@").matcher(template);
    int from = 0;
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("the page's template names no value " + m.group());
      }
      out.append(template, from, m.start()).append(value);
      from = m.end();
    }
    return out.append(template, from, template.length()).toString();
  }

  private static String chart(String id, String title) {
    return "<figure><figcaption>"
        + esc(title)
        + "</figcaption><div class=\"chart\"><canvas id=\"chart-"
        + id
        + "\" role=\"img\" aria-label=\""
        + esc(title)
        + "\"></canvas></div></figure>";
  }

  private static String cell(String figure, long n) {
    return cell(figure, Long.toString(n), String.format(Locale.ROOT, "%,d", n));
  }

  /** A table cell of a figure: its name and exact value for scripts, its text for people. */
  private static String cell(String figure, String value, String shown) {
    return "<td class=\"n\" data-figure=\""
        + esc(figure)
        + "\" data-value=\""
        + esc(value)
        + "\">"
        + esc(shown)
        + "</td>";
  }

  private static String number(double x) {
    return x == Math.rint(x)
        ? String.format(Locale.ROOT, "%,.0f", x)
        : String.format(Locale.ROOT, "%,.2f", x);
  }

  private static void addNumber(ArrayNode a, Double x) {
    if (x == null) {
      a.addNull();
    } else {
      a.add(x);
    }
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
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
