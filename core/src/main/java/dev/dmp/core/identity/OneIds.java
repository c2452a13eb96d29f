package dev.dmp.core.identity;

import dev.dmp.avro.ComponentMember;
import dev.dmp.avro.IdAssignment;
import dev.dmp.core.IdentifierNormalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which OneID a component of today carries (docs/product.md section 3). A OneID remembers its
 * anchor, the smallest identifier of its component when last assigned; today, the component holding
 * that anchor keeps it, so a OneID stays with its person and no two components can claim one. A
 * component holding the anchors of several OneIDs is a merge: the oldest survives, the others
 * retire into it. A component holding none gets a new OneID, derived from its smallest identifier
 * and the day, so a rerun issues the same one. Plain logic, no Hadoop types.
 */
public final class OneIds {

  /** The outcome for one component. */
  public record Decision(
      String oneId,
      String issued,
      List<String> retired,
      boolean isNew,
      boolean suppressed,
      int splitIds) {}

  private OneIds() {}

  /**
   * @param label the component's smallest identifier
   * @param members the component's identifiers with their assignments of the previous run
   * @param suppressed whether an identifier is on the suppression list
   */
  public static Decision decide(
      String label, String date, List<ComponentMember> members, Predicate<String> suppressed) {
    Set<String> ids = new HashSet<>();
    for (ComponentMember m : members) {
      ids.add(m.getId());
    }
    Map<String, IdAssignment> owned = new TreeMap<>();
    for (ComponentMember m : members) {
      IdAssignment p = m.getPrevious();
      if (p != null && ids.contains(p.getAnchor())) {
        owned.putIfAbsent(p.getOneId(), p);
      }
    }
    boolean anySuppressed = ids.stream().anyMatch(suppressed);
    if (owned.isEmpty()) {
      int split = (int) members.stream().filter(m -> m.getPrevious() != null).count();
      return new Decision(newOneId(label, date), date, List.of(), true, anySuppressed, split);
    }
    IdAssignment survivor =
        owned.values().stream()
            .min(
                Comparator.comparing(IdAssignment::getIssued).thenComparing(IdAssignment::getOneId))
            .orElseThrow();
    List<String> retired = new ArrayList<>(owned.keySet());
    retired.remove(survivor.getOneId());
    int split =
        (int)
            members.stream()
                .filter(
                    m -> m.getPrevious() != null && !owned.containsKey(m.getPrevious().getOneId()))
                .count();
    return new Decision(
        survivor.getOneId(), survivor.getIssued(), retired, false, anySuppressed, split);
  }

  /**
   * An opaque OneID for a new component: stable for the same component and day. The stream names a
   * provisional person the same way (from the smallest identifier of its first event), so the daily
   * graph issues that very OneID when the day's component has that smallest identifier.
   */
  public static String newOneId(String label, String date) {
    return "p" + IdentifierNormalizer.sha256Hex(label + "|" + date).substring(0, 24);
  }
}
