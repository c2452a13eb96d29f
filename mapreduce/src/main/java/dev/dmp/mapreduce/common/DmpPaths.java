package dev.dmp.mapreduce.common;

import dev.dmp.core.RunDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Where every dataset lives under the base directory ({@value #BASE_DIR}). One place owns the
 * layout, so that the stages, the workflows and the tests agree on it:
 *
 * <pre>
 * raw/dt=D[/hr=HH]/src=FEED/&lt;content-hash&gt;.avro   RawRecord, owner-only, _SUCCESS per partition
 * clean/dt=D/                                        CleanEvent
 * rejects/dt=D/                                      RejectRecord, owner-only
 * links/dt=D/                                        IdLink of opted-out events
 * graph/dt=D/{nodes,super,assignments,               the identity graph (idgraph): IdNode state,
 *             merges,suppressed}                     super-connectors, IdAssignment, OneIdMerge,
 *                                                    SuppressedId
 * attributed/dt=D/                                   AttributedEvent: clean events with their OneID
 * profiles/dt=D/                                     Profile: the day's snapshot
 * reports/dt=D/                                      ReportRow: the day's aggregates
 * hourly/dt=D/hr=HH/                                 HourlyActivity of one hour (dmp hourly)
 * rates/dt=D/rates.csv                              the day's exchange rates (dmp rates)
 * fates/dt=D/                                       FateCount: the clean run's counts by source and fate
 * quality/dt=D/&lt;stage&gt;.json                          each stage's report, the gates' verdicts
 * quality/alerts/dt=D/&lt;origin&gt;.jsonl                  Alert records of the day (dmp alerts)
 * suppression/                                       SuppressedId, written by forget
 * tmp/                                               staging of running jobs
 * </pre>
 */
public final class DmpPaths {

  /** The directories of the identity graph of one day, below {@link #graph(RunDate)}. */
  public static final String NODES = "nodes";

  public static final String SUPER_CONNECTORS = "super";
  public static final String ASSIGNMENTS = "assignments";
  public static final String MERGES = "merges";
  public static final String SUPPRESSED = "suppressed";
  public static final String SUPPRESSED_IDS = "suppressed-ids";

  /** Root of all datasets; a path on the default file system. */
  public static final String BASE_DIR = "dmp.base.dir";

  /** Default of {@value #BASE_DIR} on a cluster. */
  public static final String DEFAULT_BASE_DIR = "/dmp";

  private final Path base;

  public DmpPaths(Path base) {
    this.base = base;
  }

  public static DmpPaths of(Configuration conf) {
    return new DmpPaths(new Path(conf.get(BASE_DIR, DEFAULT_BASE_DIR)));
  }

  public Path base() {
    return base;
  }

  public Path raw() {
    return new Path(base, "raw");
  }

  public Path rawDay(RunDate date) {
    return new Path(raw(), date.partition());
  }

  /** The raw partition of one feed, for a whole day ({@code hour < 0}) or one hour of it. */
  public Path rawPartition(RunDate date, int hour, String feed) {
    return new Path(hour < 0 ? rawDay(date) : rawHour(date, hour), "src=" + feed);
  }

  /** The raw partitions of one hour of a day, every feed. */
  public Path rawHour(RunDate date, int hour) {
    return new Path(rawDay(date), String.format("hr=%02d", hour));
  }

  /** What {@code dmp hourly} counted of one hour of a day. */
  public Path hourly(RunDate date, int hour) {
    return new Path(new Path(hourlyRoot(), date.partition()), String.format("hr=%02d", hour));
  }

  public Path clean(RunDate date) {
    return new Path(new Path(base, "clean"), date.partition());
  }

  /** The clean run's counts by source and fate (FateCount) of a day, {@code fates/dt=D/}. */
  public Path fates(RunDate date) {
    return new Path(new Path(base, "fates"), date.partition());
  }

  /** The exchange rates of a day (dmp rates), {@code rates/dt=D/}. */
  public Path rates(RunDate date) {
    return new Path(new Path(base, "rates"), date.partition());
  }

  /** The Avro schemas that SQL tables read their columns from, {@code schemas/}. */
  public Path schemas() {
    return new Path(base, "schemas");
  }

  public Path rejectsRoot() {
    return new Path(base, "rejects");
  }

  public Path rejects(RunDate date) {
    return new Path(rejectsRoot(), date.partition());
  }

  public Path links(RunDate date) {
    return new Path(new Path(base, "links"), date.partition());
  }

  /** Where every day's graph is: {@code graph/}. */
  public Path graphRoot() {
    return new Path(base, "graph");
  }

  /** The identity graph of a day, {@code graph/dt=D/}. */
  public Path graph(RunDate date) {
    return new Path(graphRoot(), date.partition());
  }

  /** The graph state (IdNode) in the graph directory {@code graph}. */
  public static Path nodes(Path graph) {
    return new Path(graph, NODES);
  }

  /** The super-connectors (IdNode) in the graph directory {@code graph}. */
  public static Path superConnectors(Path graph) {
    return new Path(graph, SUPER_CONNECTORS);
  }

  /** Identifier to OneID (IdAssignment) in the graph directory {@code graph}. */
  public static Path assignments(Path graph) {
    return new Path(graph, ASSIGNMENTS);
  }

  /** Every retired OneID to its survivor (OneIdMerge) in the graph directory {@code graph}. */
  public static Path merges(Path graph) {
    return new Path(graph, MERGES);
  }

  /** The OneIDs of suppressed people (SuppressedId) in the graph directory {@code graph}. */
  public static Path suppressed(Path graph) {
    return new Path(graph, SUPPRESSED);
  }

  /**
   * The identifiers of suppressed people (SuppressedId: every identifier of their components) in
   * the graph directory {@code graph}: what the stream drops between daily runs.
   */
  public static Path suppressedIds(Path graph) {
    return new Path(graph, SUPPRESSED_IDS);
  }

  public Path attributedRoot() {
    return new Path(base, "attributed");
  }

  public Path attributed(RunDate date) {
    return new Path(attributedRoot(), date.partition());
  }

  public Path profilesRoot() {
    return new Path(base, "profiles");
  }

  /** The profile snapshot of a day. */
  public Path profiles(RunDate date) {
    return new Path(profilesRoot(), date.partition());
  }

  public Path profileHFilesRoot() {
    return new Path(base, "profile-hfiles");
  }

  /**
   * The {@code dmp:profile} HFiles the profile stage wrote for a day, until the load hands them to
   * HBase.
   */
  public Path profileHFiles(RunDate date) {
    return new Path(profileHFilesRoot(), date.partition());
  }

  public Path reportsRoot() {
    return new Path(base, "reports");
  }

  /** The report rows of a day. */
  public Path reports(RunDate date) {
    return new Path(reportsRoot(), date.partition());
  }

  public Path hourlyRoot() {
    return new Path(base, "hourly");
  }

  public Path qualityRoot() {
    return new Path(base, "quality");
  }

  public Path quality(RunDate date) {
    return new Path(qualityRoot(), date.partition());
  }

  /** Where every day's alerts are: {@code quality/alerts/}. */
  public Path alertsRoot() {
    return new Path(qualityRoot(), "alerts");
  }

  /** The alerts of a day, {@code quality/alerts/dt=D/}. */
  public Path alerts(RunDate date) {
    return new Path(alertsRoot(), date.partition());
  }

  /** Where the stream job's closed minutes go: {@code quality/stream/minutes/}. */
  public Path streamMinutesRoot() {
    return new Path(new Path(qualityRoot(), "stream"), "minutes");
  }

  /** The closed minutes of a day, {@code quality/stream/minutes/dt=D/}. */
  public Path streamMinutes(RunDate date) {
    return new Path(streamMinutesRoot(), date.partition());
  }

  /** Where every day's page is: {@code reports/html/}. */
  public Path dashboards() {
    return new Path(reportsRoot(), "html");
  }

  /** The daily page of a day, {@code reports/html/dt=D/index.html}. */
  public Path dashboard(RunDate date) {
    return new Path(new Path(dashboards(), date.partition()), "index.html");
  }

  /** The report a stage (or a gate, an hour) wrote for a day: {@code quality/dt=D/<name>.json}. */
  public Path report(RunDate date, String name) {
    return new Path(quality(date), name + ".json");
  }

  public Path suppression() {
    return new Path(base, "suppression");
  }

  public Path tmp() {
    return new Path(base, "tmp");
  }
}
