package dev.dmp.mapreduce.audience;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.stage.StageReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What one export wrote, kept beside the day's quality reports ({@code
 * quality/dt=D/export-SEGMENT-DESTINATION.json}) and printed by {@code dmp quality}: the members,
 * and the identifiers of each list by type.
 */
@JsonPropertyOrder({
  "date",
  "segment",
  "destination",
  "previous",
  "members",
  "members_without_identifier",
  "suppressed_left_out",
  "identifiers"
})
public final class ExportReport implements StageReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @JsonProperty public String date;
  @JsonProperty public String segment;
  @JsonProperty public String destination;

  /** The day of the export the delta is against; null for a first export. */
  @JsonProperty public String previous;

  @JsonProperty public long members;

  @JsonProperty("members_without_identifier")
  public long membersWithoutIdentifier;

  @JsonProperty("suppressed_left_out")
  public long suppressedLeftOut;

  /** List (full, added, removed) to identifier type to identifiers written. */
  @JsonProperty public Map<String, Map<String, Long>> identifiers = new LinkedHashMap<>();

  ExportReport() {}

  ExportReport(
      String date,
      String segment,
      String destination,
      String previous,
      long members,
      long membersWithoutIdentifier,
      long suppressedLeftOut) {
    this.date = date;
    this.segment = segment;
    this.destination = destination;
    this.previous = previous;
    this.members = members;
    this.membersWithoutIdentifier = membersWithoutIdentifier;
    this.suppressedLeftOut = suppressedLeftOut;
  }

  void count(String kind, String type, long n) {
    identifiers.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(type, n);
  }

  /** The identifiers of one list, every type. */
  public long total(String kind) {
    return identifiers.getOrDefault(kind, Map.of()).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  /** One line, for the command's output. */
  @Override
  public String summary() {
    return String.format(
        "export %s to %s for %s: %,d members; full %s; added %,d, removed %,d since %s;"
            + " %,d identifiers of suppressed people left out",
        segment,
        destination,
        date,
        members,
        identifiers.getOrDefault("full", Map.of()).entrySet().stream()
            .map(e -> String.format("%s %,d", e.getKey(), e.getValue()))
            .collect(Collectors.joining(", ")),
        total("added"),
        total("removed"),
        previous == null ? "nothing (a first export)" : previous,
        suppressedLeftOut);
  }

  static String fileName(String segment, String destination) {
    return "export-" + segment + "-" + destination;
  }

  /** Writes the report as {@code file}, beside the quality reports of its day. */
  @Override
  public void write(FileSystem fs, Path file, RunDate day, double seconds) throws IOException {
    try (OutputStream o = fs.create(file, true)) {
      JSON.writeValue(o, this);
    }
  }

  @Override
  public long recordsIn() {
    return members;
  }

  @Override
  public long recordsOut() {
    return total("full");
  }

  /** The exports of a day, by segment and destination. */
  public static List<ExportReport> read(FileSystem fs, DmpPaths paths, RunDate date)
      throws IOException {
    List<ExportReport> out = new ArrayList<>();
    Path dir = paths.quality(date);
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (name.startsWith("export-") && name.endsWith(".json")) {
        try (InputStream in = fs.open(f.getPath())) {
          out.add(JSON.readValue(in, ExportReport.class));
        }
      }
    }
    out.sort(
        java.util.Comparator.comparing((ExportReport r) -> r.segment)
            .thenComparing(r -> r.destination));
    return out;
  }
}
