package dev.dmp.mapreduce.idgraph;

/** Counters of the identity-graph jobs. */
public enum IdGraphCounters {
  /** Identifiers in the graph state. */
  NODES,
  /** Identifiers linked to more than max.degree others: no edges, merge no one. */
  SUPER_CONNECTORS,
  /** Edges (ordered pairs) among identifiers that are not super-connectors. */
  EDGES,
  /** Identifiers whose component set changed in a Hash-to-Min round; zero means converged. */
  CHANGED,
  /** People: connected components. */
  COMPONENTS,
  /** Components that got a new OneID. */
  NEW_ONEIDS,
  /** OneIDs retired into an older one because their components merged. */
  MERGED_ONEIDS,
  /** Components holding a suppressed identifier. */
  SUPPRESSED_COMPONENTS,
  /** Identifiers whose previous OneID went to another component (a split). */
  SPLIT_IDS
}
