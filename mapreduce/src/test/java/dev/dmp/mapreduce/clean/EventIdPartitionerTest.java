package dev.dmp.mapreduce.clean;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;

/** The partitioner as a pure function: in range, deterministic, balanced on collector-style ids. */
class EventIdPartitionerTest {

  private final EventIdPartitioner<Object> partitioner = new EventIdPartitioner<>();

  @Test
  void alwaysInRangeAndDeterministic() {
    for (int n : new int[] {1, 2, 7, 64, 1000}) {
      for (int i = 0; i < 10_000; i++) {
        Text id = new Text("web-" + i);
        int p = partitioner.getPartition(id, null, n);
        assertThat(p).isBetween(0, n - 1);
        assertThat(partitioner.getPartition(new Text("web-" + i), null, n)).isEqualTo(p);
      }
    }
  }

  @Test
  void copiesOfAnEventMeetWhateverTheTextBufferHolds() {
    Text reused = new Text("a-much-longer-event-id-first");
    reused.set("e-1"); // a reused Text keeps its larger buffer: only its length counts
    assertThat(partitioner.getPartition(reused, null, 97))
        .isEqualTo(partitioner.getPartition(new Text("e-1"), null, 97));
  }

  @Test
  void sequentialIdsWithLongCommonPrefixesSpreadEvenly() {
    int n = 16;
    int events = 160_000;
    int[] load = new int[n];
    for (int i = 0; i < events; i++) {
      load[
          partitioner.getPartition(
              new Text("web-2a1f9c3e-20261120-" + String.format("%09d", i)), null, n)]++;
    }
    int expected = events / n;
    for (int l : load) {
      // Within 5 % of a perfect spread (a uniform hash deviates by about 1 %).
      assertThat(l).isBetween((int) (expected * 0.95), (int) (expected * 1.05));
    }
  }
}
