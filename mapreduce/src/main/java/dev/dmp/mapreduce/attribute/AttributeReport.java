package dev.dmp.mapreduce.attribute;

import dev.dmp.core.DmpException;
import dev.dmp.mapreduce.stage.StageReport;
import org.apache.hadoop.mapreduce.Counters;

/**
 * What attribution did with the clean events: events = attributed + suppressed + unattributed.
 *
 * @param events clean events read
 * @param attributed events joined to a person's OneID
 * @param suppressed events of suppressed people, counted and dropped
 * @param unattributed events with no identifier in the graph (none on a day the graph was built
 *     from)
 * @param superConnectorIdsDropped super-connector identifiers ignored when joining
 */
public record AttributeReport(
    long events, long attributed, long suppressed, long unattributed, long superConnectorIdsDropped)
    implements StageReport {

  /**
   * The report of a finished attribution job, checked.
   *
   * @param what the data named in messages: {@code 2026-11-20}, {@code 2026-11-20 hour 09}
   */
  public static AttributeReport reconciled(Counters c, String what) throws DmpException {
    AttributeReport r =
        new AttributeReport(
            c.findCounter(AttributeCounters.EVENTS).getValue(),
            c.findCounter(AttributeCounters.ATTRIBUTED).getValue(),
            c.findCounter(AttributeCounters.SUPPRESSED).getValue(),
            c.findCounter(AttributeCounters.UNATTRIBUTED).getValue(),
            c.findCounter(AttributeCounters.SUPER_CONNECTOR_IDS).getValue());
    if (r.events != r.attributed + r.suppressed + r.unattributed) {
      throw new DmpException(
          String.format(
              "counts do not reconcile: events %d != attributed %d + suppressed %d + unattributed %d;"
                  + " nothing was published for %s",
              r.events, r.attributed, r.suppressed, r.unattributed, what));
    }
    return r;
  }

  @Override
  public String summary() {
    return String.format(
        "%,d events, %,d attributed, %,d of suppressed people, %,d unattributed",
        events, attributed, suppressed, unattributed);
  }

  @Override
  public long recordsIn() {
    return events;
  }

  @Override
  public long recordsOut() {
    return attributed;
  }
}
