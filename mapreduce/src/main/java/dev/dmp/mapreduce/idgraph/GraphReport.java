package dev.dmp.mapreduce.idgraph;

import dev.dmp.mapreduce.stage.StageReport;

/**
 * What the identity graph found on a day.
 *
 * @param previous the graph partition the day built on ({@code dt=...}), null on the first day
 * @param daysWithoutGraph days between {@code previous} and this one that have no graph (a gap:
 *     their events are not in this day's graph until they are run, then this day again)
 * @param rounds Hash-to-Min rounds until no label changed; 0 when the components were computed in
 *     memory ({@link ConnectedComponents})
 * @param nodes identifiers in the graph
 * @param superConnectors identifiers linked to more than {@code dmp.idgraph.max.degree} others
 * @param edges links between identifiers
 * @param components people: connected components of the guarded graph
 * @param newOneids OneIDs issued today
 * @param mergedOneids OneIDs retired today into an older one
 * @param suppressedComponents people with a suppressed identifier
 * @param splitIds identifiers whose OneID changed because their component split
 */
public record GraphReport(
    String previous,
    long daysWithoutGraph,
    int rounds,
    long nodes,
    long superConnectors,
    long edges,
    long components,
    long newOneids,
    long mergedOneids,
    long suppressedComponents,
    long splitIds)
    implements StageReport {

  @Override
  public String summary() {
    return String.format(
            "%,d identifiers, %,d super-connectors, %,d people (%,d new OneIDs, %,d merged,"
                + " %,d suppressed) %s",
            nodes,
            superConnectors,
            components,
            newOneids,
            mergedOneids,
            suppressedComponents,
            rounds == 0 ? "with components in memory" : "in " + rounds + " Hash-to-Min rounds")
        + (daysWithoutGraph > 0
            ? String.format(
                "; built on the graph of %s: the %d day(s) after it have none",
                previous.substring(3), daysWithoutGraph)
            : "");
  }

  @Override
  public long recordsIn() {
    return nodes;
  }

  @Override
  public long recordsOut() {
    return components;
  }
}
