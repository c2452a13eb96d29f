package dev.dmp.mapreduce.audience;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.security.LookupAudit;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.profile.ProfileRules;
import dev.dmp.mapreduce.stage.StageRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code dmp segment export}: one segment to one destination, or every segment each destination
 * lists (what the daily workflow runs after the load).
 */
public final class Exports {

  private Exports() {}

  /** Exports {@code segment} to {@code destination}; prints the summary. */
  public static ExportReport one(
      Configuration conf, String segment, RunDate date, String destination, PrintStream out)
      throws IOException,
          InterruptedException,
          ClassNotFoundException,
          DmpException,
          UsageException {
    Destinations.Destination d = Destinations.of(conf).get(destination);
    requireSegment(conf, segment);
    ExportReport report = new StageRunner(conf, out).run(new ExportStage(segment, d), date);
    LookupAudit.ran("segment export", report.summary());
    return report;
  }

  /** Exports every segment of every destination's list; prints one summary each. */
  public static List<ExportReport> configured(Configuration conf, RunDate date, PrintStream out)
      throws IOException,
          InterruptedException,
          ClassNotFoundException,
          DmpException,
          UsageException {
    List<ExportReport> reports = new ArrayList<>();
    List<Destinations.Destination> destinations = Destinations.of(conf).all();
    for (Destinations.Destination d : destinations) {
      for (String segment : d.segments()) {
        requireSegment(conf, segment);
      }
    }
    for (Destinations.Destination d : destinations) {
      for (String segment : d.segments()) {
        ExportReport report = new StageRunner(conf, out).run(new ExportStage(segment, d), date);
        LookupAudit.ran("segment export", report.summary());
        reports.add(report);
      }
    }
    if (reports.isEmpty()) {
      out.println(
          "export " + date + ": no destination lists a segment (" + Destinations.FILE + ")");
    }
    return reports;
  }

  private static void requireSegment(Configuration conf, String segment)
      throws IOException, UsageException {
    Set<String> known = ProfileRules.segmentNames(conf);
    if (known != null && !known.contains(segment)) {
      throw new UsageException(
          "no segment '"
              + segment
              + "' in "
              + conf.get(ProfileJob.SEGMENTS_FILE)
              + " (the segments are: "
              + (known.isEmpty() ? "none" : String.join(", ", known))
              + ")");
    }
  }
}
