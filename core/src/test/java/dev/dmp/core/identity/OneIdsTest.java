package dev.dmp.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.ComponentMember;
import dev.dmp.avro.IdAssignment;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneIdsTest {

  private static ComponentMember m(
      String label, String id, String oneId, String issued, String anchor) {
    return new ComponentMember(
        label, id, oneId == null ? null : new IdAssignment(id, oneId, issued, anchor, false));
  }

  @Test
  void aNewComponentGetsANewStableOneId() {
    var d =
        OneIds.decide(
            "a",
            "2026-11-20",
            List.of(m("a", "a", null, null, null), m("a", "b", null, null, null)),
            id -> false);
    assertThat(d.isNew()).isTrue();
    assertThat(d.oneId()).startsWith("p").hasSize(25).isEqualTo(OneIds.newOneId("a", "2026-11-20"));
    assertThat(d.issued()).isEqualTo("2026-11-20");
    assertThat(
            OneIds.decide("a", "2026-11-20", List.of(m("a", "a", null, null, null)), id -> false)
                .oneId())
        .isEqualTo(d.oneId());
  }

  @Test
  void aComponentKeepsItsOneIdAsItGrows() {
    var d =
        OneIds.decide(
            "a",
            "2026-11-21",
            List.of(
                m("a", "a", "P1", "2026-11-20", "b"),
                m("a", "b", "P1", "2026-11-20", "b"),
                m("a", "c", null, null, null)),
            id -> false);
    assertThat(d.oneId()).isEqualTo("P1");
    assertThat(d.isNew()).isFalse();
    assertThat(d.retired()).isEmpty();
  }

  @Test
  void whenComponentsMergeTheOldestOneIdSurvives() {
    var d =
        OneIds.decide(
            "a",
            "2026-11-22",
            List.of(
                m("a", "a", "P2", "2026-11-21", "a"),
                m("a", "x", "P1", "2026-11-20", "x"),
                m("a", "y", "P1", "2026-11-20", "x")),
            id -> false);
    assertThat(d.oneId()).isEqualTo("P1");
    assertThat(d.issued()).isEqualTo("2026-11-20");
    assertThat(d.retired()).containsExactly("P2");
  }

  @Test
  void whenAComponentSplitsThePartHoldingTheAnchorKeepsTheOneId() {
    var kept =
        OneIds.decide(
            "a",
            "2026-11-22",
            List.of(m("a", "a", "P1", "2026-11-20", "a"), m("a", "b", "P1", "2026-11-20", "a")),
            id -> false);
    var other =
        OneIds.decide(
            "c", "2026-11-22", List.of(m("c", "c", "P1", "2026-11-20", "a")), id -> false);
    assertThat(kept.oneId()).isEqualTo("P1");
    assertThat(other.oneId()).isNotEqualTo("P1");
    assertThat(other.isNew()).isTrue();
    assertThat(other.splitIds()).isEqualTo(1);
  }

  @Test
  void oneSuppressedIdentifierSuppressesTheWholeComponent() {
    var d =
        OneIds.decide(
            "a",
            "2026-11-20",
            List.of(m("a", "a", null, null, null), m("a", "email:h", null, null, null)),
            "email:h"::equals);
    assertThat(d.suppressed()).isTrue();
  }
}
