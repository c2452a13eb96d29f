package dev.dmp.mapreduce.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.dmp.mapreduce.clean.CleanReport;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The pieces of the daily page's model: rows, figures (cells), charts, and their numbers. */
final class DashboardCells {

  private DashboardCells() {}

  static long fate(CleanReport c, String fate) {
    return switch (fate) {
      case "clean" -> c.clean;
      case "rejected" -> c.rejectedTotal;
      case "duplicate" -> c.duplicate;
      case "bot" -> c.bot;
      case "opted_out" -> c.optedOut;
      default -> c.read;
    };
  }

  static Map<String, Object> section(Map<String, String> chart, Object rows) {
    return Map.of("chart", chart, "rows", rows);
  }

  /** A row of a table: its first column, its figures, and a last column (a share) or none. */
  static Map<String, Object> row(String label, List<Map<String, String>> cells, String share) {
    Map<String, Object> row = new HashMap<>();
    row.put("label", label);
    row.put("cells", cells);
    row.put("share", share == null ? "" : share);
    return row;
  }

  static String share(long n, long whole) {
    return String.format(Locale.ROOT, "%.2f %%", whole == 0 ? 0.0 : 100.0 * n / whole);
  }

  static Map<String, String> chart(String id, String title) {
    return Map.of("id", id, "title", title);
  }

  static Map<String, String> cell(String figure, long n) {
    return cell(figure, Long.toString(n), String.format(Locale.ROOT, "%,d", n));
  }

  /** A figure: its name and exact value for scripts, its text for people. */
  static Map<String, String> cell(String figure, String value, String shown) {
    return Map.of("figure", figure, "value", value, "shown", shown);
  }

  static String number(double x) {
    return x == Math.rint(x)
        ? String.format(Locale.ROOT, "%,.0f", x)
        : String.format(Locale.ROOT, "%,.2f", x);
  }

  static void addNumber(ArrayNode a, Double x) {
    if (x == null) {
      a.addNull();
    } else {
      a.add(x);
    }
  }
}
