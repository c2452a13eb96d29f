package dev.dmp.sandbox.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files a generated day leaves beside its events, for people and tests to check the platform
 * against: {@code _rates.csv} (the day's exchange rates), {@code _truth.json} (every count the
 * day's run must find), {@code _suppress.txt} (who asks to be forgotten), {@code _components.jsonl}
 * and {@code _people.jsonl} (the people and their identifiers).
 */
final class TruthFiles {

  private TruthFiles() {}

  static void write(EventGenerator g, FileSystem fs, Path out) throws IOException {
    try (OutputStream o = fs.create(new Path(out, "_rates.csv"), true)) {
      StringBuilder csv =
          new StringBuilder("# the day's exchange rates: dmp rates --g.date ")
              .append(g.date)
              .append(" --load _rates.csv\nbase,currency,rate\n");
      for (String c : g.currencies) {
        if (!c.equals("CNY")) {
          csv.append("CNY,")
              .append(c)
              .append(',')
              .append(EventGenerator.RATES_TO_CNY.get(c).toPlainString());
          csv.append('\n');
        }
      }
      o.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    try (OutputStream o = fs.create(new Path(out, "_truth.json"), true)) {
      g.json.writerWithDefaultPrettyPrinter().writeValue(o, g.truth);
    }
    try (OutputStream o =
        new BufferedOutputStream(fs.create(new Path(out, "_suppress.txt"), true))) {
      o.write(
          "# identifiers to forget, as a person would ask: dmp forget --file _suppress.txt\n"
              .getBytes(StandardCharsets.UTF_8));
      for (Population.Person p : g.people) {
        if (p.suppressedType != null) {
          String spelled =
              p.suppressedType.equals("email")
                  ? g.emailSpelling(p.suppressedValue)
                  : p.suppressedValue;
          o.write(
              (p.suppressedType + ":" + spelled.strip() + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    Set<String> suppressed = new HashSet<>();
    for (Population.Person p : g.people) {
      if (p.suppressedType != null) {
        suppressed.add(g.canonical(p.suppressedType, p.suppressedValue));
      }
    }
    g.components.write(fs, new Path(out, "_components.jsonl"), suppressed, g.json);
    try (OutputStream o =
        new BufferedOutputStream(fs.create(new Path(out, "_people.jsonl"), true))) {
      for (Population.Person p : g.people) {
        ObjectNode n = g.json.createObjectNode();
        n.put("person", p.index);
        var ids = n.putArray("ids");
        p.cookies.forEach(c -> ids.add(g.canonical("cookie", c)));
        if (p.deviceId != null) {
          ids.add(g.canonical("device_id", p.deviceId));
          ids.add(g.canonical(p.adType, p.adId));
        }
        if (p.email != null) {
          ids.add(g.canonical("email", p.email));
        }
        if (p.phone != null) {
          ids.add(g.canonical("phone", p.phone));
        }
        if (p.userId != null) {
          ids.add(g.canonical("user_id", p.userId));
        }
        n.put("suppressed", p.suppressedType != null);
        n.put("shares_device", p.sharesDevice);
        n.put("clean_events", p.cleanEvents);
        n.put("revenue", Math.round(p.revenue * 100) / 100.0);
        o.write(g.json.writeValueAsBytes(n));
        o.write('\n');
      }
    }
  }
}
