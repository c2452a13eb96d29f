package dev.dmp.mapreduce.common;

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
 * graph/dt=D/{nodes,super,assignments,merges}        the identity graph (idgraph)
 * attributed/dt=D/                                   AttributedEvent: clean events with their OneID
 * hourly/dt=D/hr=HH/                                 HourlyActivity of one hour (dmp hourly)
 * quality/dt=D/clean.json                            the clean stage's quality report
 * suppression/                                       SuppressedId, written by forget
 * tmp/                                               staging of running jobs
 * </pre>
 */
public final class DmpPaths {

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
    return new Path(
        new Path(new Path(base, "hourly"), date.partition()), String.format("hr=%02d", hour));
  }

  public Path clean(RunDate date) {
    return new Path(new Path(base, "clean"), date.partition());
  }

  public Path rejects(RunDate date) {
    return new Path(new Path(base, "rejects"), date.partition());
  }

  public Path links(RunDate date) {
    return new Path(new Path(base, "links"), date.partition());
  }

  public Path attributed(RunDate date) {
    return new Path(new Path(base, "attributed"), date.partition());
  }

  public Path quality(RunDate date) {
    return new Path(new Path(base, "quality"), date.partition());
  }

  public Path suppression() {
    return new Path(base, "suppression");
  }

  public Path tmp() {
    return new Path(base, "tmp");
  }
}
