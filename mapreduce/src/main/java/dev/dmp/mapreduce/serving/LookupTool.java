package dev.dmp.mapreduce.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmp.core.IdQueries;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.PersonProfile;
import dev.dmp.hbase.ProfileCells;
import dev.dmp.mapreduce.common.DmpTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code dmp lookup --id TYPE:VALUE [--id ...] [--file F] [--json]}: people by any of their
 * identifiers (or {@code oneid:<OneID>}), through {@link DmpClient}. Values are normalised and
 * hashed like ingestion, so the e-mail address as typed finds the person. {@code --file} reads one
 * identifier per line: thousands of lookups cost one start-up and a few multi-gets.
 *
 * <p>Exit status for one identifier: 0 found, 1 not found, 2 malformed or unknown type. For
 * several: 0 when every one was found, else 1 (a summary on standard error says how many were not).
 */
public class LookupTool extends DmpTool {

  public static final String NAME = "lookup";

  /** Identifiers per multi-get. */
  static final int BATCH = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    main(new LookupTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--id TYPE:VALUE [--id ...] [--file FILE] [--json]";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("id").hasArg().desc("TYPE:VALUE").build())
        .addOption(Option.builder().longOpt("file").hasArg().desc("one id per line").build())
        .addOption(Option.builder().longOpt("json").desc("one JSON object per id").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    List<String> queries = new ArrayList<>();
    if (cmd.getOptionValues("id") != null) {
      queries.addAll(List.of(cmd.getOptionValues("id")));
    }
    if (cmd.hasOption("file")) {
      queries.addAll(readLines(new Path(cmd.getOptionValue("file"))));
    }
    if (queries.isEmpty()) {
      throw new UsageException("give --id TYPE:VALUE or --file FILE");
    }
    boolean json = cmd.hasOption("json");
    // Check every identifier before connecting: a typo answers at once, HBase or not.
    IdentifierNormalizer normalizer = IdentifierNormalizer.fromSettings(getConf()::get);
    Map<Integer, String> invalid = new LinkedHashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      try {
        IdQueries.canonicalize(normalizer, queries.get(i));
      } catch (IllegalArgumentException e) {
        if (queries.size() == 1) {
          throw new UsageException(e.getMessage());
        }
        invalid.put(i, e.getMessage());
      }
    }
    int notFound = 0;
    try (DmpClient client = DmpClient.connect(HBaseConnections.clientConf(getConf()))) {
      HalfLoaded.warn(client, err);
      for (int from = 0; from < queries.size(); from += BATCH) {
        List<String> valid = new ArrayList<>();
        int to = Math.min(queries.size(), from + BATCH);
        for (int i = from; i < to; i++) {
          if (!invalid.containsKey(i)) {
            valid.add(queries.get(i));
          }
        }
        Iterator<DmpClient.Lookup> found = client.lookupAll(valid).iterator();
        for (int i = from; i < to; i++) {
          if (invalid.containsKey(i)) {
            printInvalid(queries.get(i), invalid.get(i), json);
            continue;
          }
          DmpClient.Lookup l = found.next();
          if (!l.found()) {
            notFound++;
          }
          print(l, json, queries.size() == 1);
        }
      }
    }
    if (queries.size() == 1) {
      return notFound == 0 ? OK : FAILED;
    }
    if (notFound + invalid.size() > 0) {
      err.printf(
          "dmp lookup: %,d of %,d not found, %,d not valid%n",
          notFound, queries.size(), invalid.size());
      return FAILED;
    }
    return OK;
  }

  private List<String> readLines(Path file) throws IOException, UsageException {
    FileSystem fs = file.getFileSystem(getConf());
    if (!fs.exists(file)) {
      throw new UsageException("--file " + file + " does not exist");
    }
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      return r.lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .collect(Collectors.toList());
    }
  }

  private void printInvalid(String query, String reason, boolean json) throws IOException {
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("query", query);
      o.put("found", false);
      o.put("error", reason);
      out.println(JSON.writeValueAsString(o));
    } else {
      out.println(query + ": not valid: " + reason);
    }
  }

  private void print(DmpClient.Lookup l, boolean json, boolean single) throws IOException {
    if (json) {
      out.println(JSON.writeValueAsString(toJson(l)));
    } else if (l.profile().isEmpty()) {
      if (single) {
        err.println("dmp lookup: no person with " + l.canonical());
      } else {
        out.println(l.query() + ": not found (" + l.canonical() + ")");
      }
    } else {
      PersonProfile p = l.profile().get();
      out.println(l.query() + " -> OneID " + p.oneId());
      out.println("  identifiers  " + String.join(", ", p.identifierStrings()));
      if (p.firstSeen() != null) {
        out.println("  seen         " + p.firstSeen() + " .. " + p.lastSeen());
      } else {
        out.println("  seen         today only (no daily profile yet)");
      }
      out.println("  events       " + joined(p.events()));
      out.println("  revenue      " + ProfileCells.decimal(p.revenue()));
      out.println("  segments     " + String.join(", ", p.segments()));
      out.println("  tags         " + joined(p.tags()));
      out.println("  attributes   " + joined(p.attributes()));
      PersonProfile.Recent recent = p.recent();
      if (!recent.isEmpty()) {
        List<String> hours = recent.hours();
        out.println(
            "  recent       "
                + joined(recent.events())
                + ", revenue="
                + ProfileCells.decimal(recent.revenue())
                + " (hourly: "
                + (hours.size() == 1
                    ? hours.get(0)
                    : hours.get(0)
                        + " .. "
                        + hours.get(hours.size() - 1)
                        + ", "
                        + hours.size()
                        + " hours")
                + ")");
      }
      PersonProfile.Live live = p.live();
      if (!live.isEmpty()) {
        out.println(
            "  live         "
                + joined(live.events())
                + ", revenue="
                + ProfileCells.decimal(live.revenue())
                + (live.segments().isEmpty()
                    ? ""
                    : ", entered " + String.join(", ", live.segments()))
                + " (stream: "
                + live.date()
                + ")");
      }
    }
  }

  private static String joined(Map<String, ?> m) {
    return m.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** The {@code --json} object of one lookup. */
  static Map<String, Object> toJson(DmpClient.Lookup l) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("query", l.query());
    o.put("found", l.found());
    o.put("canonical", l.canonical());
    l.profile()
        .ifPresent(
            p -> {
              o.put("one_id", p.oneId());
              if (l.canonical().startsWith(DmpClient.ONE_ID_TYPE + ":")
                  && !l.canonical().equals(DmpClient.ONE_ID_TYPE + ":" + p.oneId())) {
                o.put("merged_from", l.canonical().substring(DmpClient.ONE_ID_TYPE.length() + 1));
              }
              o.put("identifiers", p.identifierStrings());
              o.put("first_seen", p.firstSeen());
              o.put("last_seen", p.lastSeen());
              o.put("events", p.events());
              o.put("revenue", p.revenue());
              o.put("segments", p.segments());
              o.put("tags", p.tags());
              o.put("attributes", p.attributes());
              if (!p.recent().isEmpty()) {
                Map<String, Object> recent = new LinkedHashMap<>();
                recent.put("hours", p.recent().hours());
                recent.put("events", p.recent().events());
                recent.put("revenue", p.recent().revenue());
                o.put("recent", recent);
              }
              if (!p.live().isEmpty()) {
                Map<String, Object> live = new LinkedHashMap<>();
                live.put("date", p.live().date());
                live.put("events", p.live().events());
                live.put("revenue", p.live().revenue());
                live.put("segments", p.live().segments());
                o.put("live", live);
              }
            });
    return o;
  }
}
