package dev.dmp.core;

import java.util.Set;

/**
 * The identifiers whose owners opted out or were forgotten, as canonical {@code type:value}
 * strings. Held in memory by each clean task: one entry costs about 150 bytes, so a million
 * suppressed identifiers fit in 150 MB of task heap.
 */
public final class SuppressionList {

  private final Set<String> ids;

  public SuppressionList(Set<String> ids) {
    this.ids = Set.copyOf(ids);
  }

  public boolean contains(String typeColonValue) {
    return ids.contains(typeColonValue);
  }

  /** This list and {@code more} identifiers. */
  public SuppressionList plus(java.util.Collection<String> more) {
    java.util.Set<String> all = new java.util.HashSet<>(ids);
    all.addAll(more);
    return new SuppressionList(all);
  }

  public int size() {
    return ids.size();
  }
}
