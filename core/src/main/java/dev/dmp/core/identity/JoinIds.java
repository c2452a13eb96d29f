package dev.dmp.core.identity;

import dev.dmp.avro.CleanEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How an event finds its person: the identifier it is joined on, and its identifiers without the
 * super-connectors (a shared device belongs to no one).
 */
public final class JoinIds {

  private JoinIds() {}

  /**
   * The identifier an event is joined on: its smallest identifier (in {@code type:value} order)
   * that is not a super-connector. All of an event's other identifiers are in the same component,
   * so any of them gives the same person; null when every identifier is a super-connector.
   */
  public static String joinId(Map<String, String> ids, Set<String> superConnectors) {
    String smallest = null;
    for (Map.Entry<String, String> e : ids.entrySet()) {
      String id = e.getKey() + ":" + e.getValue();
      if (!superConnectors.contains(id) && (smallest == null || id.compareTo(smallest) < 0)) {
        smallest = id;
      }
    }
    return smallest;
  }

  /**
   * Leaves the event's super-connectors out of its identifiers: a shared device belongs to no one,
   * so it must not reach anyone's profile (nor, through it, {@code dmp:id_index}). Returns how many
   * were left out.
   */
  public static int withoutSuperConnectors(CleanEvent e, Set<String> superConnectors) {
    Map<String, String> kept = new HashMap<>();
    e.getIds()
        .forEach(
            (type, value) -> {
              if (!superConnectors.contains(type + ":" + value)) {
                kept.put(type, value);
              }
            });
    int left = e.getIds().size() - kept.size();
    if (left > 0) {
      e.setIds(kept);
    }
    return left;
  }
}
