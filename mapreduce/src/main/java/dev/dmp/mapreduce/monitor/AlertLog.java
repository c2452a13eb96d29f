package dev.dmp.mapreduce.monitor;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmp.core.RunDate;
import dev.dmp.core.alerts.Alert;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The alerts of each day, {@code quality/alerts/dt=D/}: one JSON Lines file per evaluation that
 * raised them ({@code day.jsonl}, {@code hour-09.jsonl}, {@code run.jsonl}), each replaced whole
 * when it is evaluated again, and an empty marker {@code _delivered/<id>} per alert the webhook
 * took. An alert raised again keeps the time it was first raised, and is delivered once.
 */
final class AlertLog {

  private static final String DELIVERED = "_delivered";
  private static final ObjectWriter LINE =
      StageRunner.JSON.writer().without(SerializationFeature.INDENT_OUTPUT);

  private final DmpPaths paths;
  private final FileSystem fs;

  AlertLog(Configuration conf) throws IOException {
    this.paths = DmpPaths.of(conf);
    this.fs = paths.base().getFileSystem(conf);
  }

  /**
   * Replaces what {@code origin} raised for {@code date} by {@code alerts}, keeping the time each
   * was first raised; returns them as written.
   */
  List<Alert> replace(RunDate date, String origin, List<Alert> alerts) throws IOException {
    Path file = new Path(paths.alerts(date), origin + ".jsonl");
    Map<String, Alert> before = new LinkedHashMap<>();
    for (Alert a : readFile(file)) {
      before.put(a.id(), a);
    }
    List<Alert> written = new ArrayList<>();
    for (Alert a : alerts) {
      Alert old = before.get(a.id());
      written.add(old == null ? a : a.raisedAt(old.raisedAt()));
    }
    if (written.isEmpty() && !fs.exists(file)) {
      return written;
    }
    Path tmp = new Path(paths.alerts(date), "." + origin + ".jsonl.tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      for (Alert a : written) {
        out.write(LINE.writeValueAsBytes(a));
        out.write('\n');
      }
    }
    PathGuard guard = new PathGuard(fs, paths.base());
    guard.delete(file, false);
    if (!guard.rename(tmp, file)) {
      throw new IOException("could not rename " + tmp + " to " + file);
    }
    return written;
  }

  /** What {@code origin} raised for a day, as its file holds it. */
  List<Alert> raisedBy(RunDate date, String origin) throws IOException {
    return readFile(new Path(paths.alerts(date), origin + ".jsonl"));
  }

  /** Every alert of a day, each once (the first raised of the same id), by time and rule. */
  List<Alert> read(RunDate date) throws IOException {
    Path dir = paths.alerts(date);
    Map<String, Alert> byId = new LinkedHashMap<>();
    if (fs.exists(dir)) {
      for (FileStatus f : fs.listStatus(dir, p -> p.getName().endsWith(".jsonl"))) {
        for (Alert a : readFile(f.getPath())) {
          byId.merge(a.id(), a, (x, y) -> x.raisedAt().compareTo(y.raisedAt()) <= 0 ? x : y);
        }
      }
    }
    List<Alert> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparing(Alert::time).thenComparing(Alert::rule).thenComparing(Alert::id));
    return out;
  }

  /** The days from {@code since} on that have alerts, oldest first. */
  List<RunDate> days(LocalDate since) throws IOException {
    List<RunDate> out = new ArrayList<>();
    if (!fs.exists(paths.alertsRoot())) {
      return out;
    }
    for (FileStatus s : fs.listStatus(paths.alertsRoot())) {
      String name = s.getPath().getName();
      if (s.isDirectory() && name.startsWith("dt=")) {
        LocalDate day = LocalDate.parse(name.substring(3));
        if (!day.isBefore(since)) {
          out.add(new RunDate(day));
        }
      }
    }
    out.sort(Comparator.comparing(RunDate::day));
    return out;
  }

  boolean delivered(RunDate date, Alert alert) throws IOException {
    return fs.exists(marker(date, alert));
  }

  void markDelivered(RunDate date, Alert alert) throws IOException {
    fs.create(marker(date, alert), true).close();
  }

  private Path marker(RunDate date, Alert alert) {
    return new Path(
        new Path(paths.alerts(date), DELIVERED), alert.id().replaceAll("[^A-Za-z0-9_.=-]", "_"));
  }

  private List<Alert> readFile(Path file) throws IOException {
    List<Alert> out = new ArrayList<>();
    if (!fs.exists(file)) {
      return out;
    }
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          out.add(StageRunner.JSON.readValue(line, Alert.class));
        }
      }
    }
    return out;
  }
}
