package dev.dmp.mapreduce.clean;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.mapreduce.Counters;
import org.junit.jupiter.api.Test;

/** The reconciliation that decides whether a run may publish. */
class CleanReportTest {

  private static Counters balanced() {
    Counters c = new Counters();
    c.findCounter(CleanCounters.READ).setValue(10);
    c.findCounter(CleanCounters.CLEAN).setValue(5);
    c.findCounter(CleanCounters.REJECTED).setValue(2);
    c.findCounter(CleanCounters.REJECTED_MALFORMED).setValue(2);
    c.findCounter(CleanCounters.DUPLICATE).setValue(1);
    c.findCounter(CleanCounters.BOT).setValue(1);
    c.findCounter(CleanCounters.OPTED_OUT).setValue(1);
    c.findCounter(SourceCounters.GROUP, "clean/web").setValue(5);
    c.findCounter(SourceCounters.GROUP, "rejected/(unknown)").setValue(2);
    c.findCounter(SourceCounters.GROUP, "duplicate/web").setValue(1);
    c.findCounter(SourceCounters.GROUP, "bot/web").setValue(1);
    c.findCounter(SourceCounters.GROUP, "opted_out/app").setValue(1);
    return c;
  }

  @Test
  void balancedCountsReconcile() {
    CleanReport r = CleanReport.fromCounters("2026-11-20", balanced());
    assertThat(r.reconciliationError(10)).isNull();
    assertThat(r.bySource.get("web")).containsEntry("read", 7L).containsEntry("clean", 5L);
  }

  @Test
  void aRecordWithoutAFateStopsTheRun() {
    Counters c = balanced();
    c.findCounter(CleanCounters.READ).setValue(11);
    assertThat(CleanReport.fromCounters("2026-11-20", c).reconciliationError(11))
        .startsWith(
            "counts do not reconcile: read 11 != clean 5 + rejected 2 + duplicate 1 + bot 1 + opted_out 1 (= 10)");
  }

  @Test
  void reasonsAndSourcesMustAddUpToo() {
    Counters c = balanced();
    c.findCounter(CleanCounters.REJECTED_MALFORMED).setValue(1);
    assertThat(CleanReport.fromCounters("d", c).reconciliationError(10))
        .contains("reject reasons add up to 1");
    Counters d = balanced();
    d.findCounter(SourceCounters.GROUP, "bot/web").setValue(0);
    assertThat(CleanReport.fromCounters("d", d).reconciliationError(10))
        .contains("per-source counts add up to 9");
    assertThat(CleanReport.fromCounters("d", balanced()).reconciliationError(12))
        .contains("map input records 12");
  }
}
