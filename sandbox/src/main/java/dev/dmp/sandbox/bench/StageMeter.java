package dev.dmp.sandbox.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.dmp.mapreduce.common.JobRunner;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobCounter;
import org.apache.hadoop.mapreduce.TaskCounter;

/**
 * Measures one stage while it runs: wall time, the sums of the counters of every job it ran
 * (through {@link Jobs#run}), and the heap of this JVM, which in local mode hosts the driver and
 * every task: its peak, and its peak after a collection (what was live). Open it just before the
 * stage and read it just after.
 */
final class StageMeter implements JobRunner.Listener, NotificationListener, AutoCloseable {

  private final long started = System.nanoTime();
  private final List<Map<String, Object>> jobs = new ArrayList<>();
  private long shuffled;
  private long spilled;
  private long gcMs;
  private long maps;
  private long reduces;
  private long mapOutputRecords;
  private volatile long liveAfterGc;

  private StageMeter() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(this, null, null);
    }
  }

  /** After each collection: the heap still in use, the most of which was live during the stage. */
  @Override
  public void handleNotification(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used =
        info.getGcInfo().getMemoryUsageAfterGc().values().stream()
            .mapToLong(MemoryUsage::getUsed)
            .sum();
    liveAfterGc = Math.max(liveAfterGc, used);
  }

  static StageMeter start() {
    return new StageMeter();
  }

  @Override
  public synchronized void completed(Job job, double seconds, Counters c) {
    shuffled += c.findCounter(TaskCounter.MAP_OUTPUT_MATERIALIZED_BYTES).getValue();
    spilled += c.findCounter(TaskCounter.SPILLED_RECORDS).getValue();
    gcMs += c.findCounter(TaskCounter.GC_TIME_MILLIS).getValue();
    mapOutputRecords += c.findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue();
    maps += c.findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue();
    reduces += c.findCounter(JobCounter.TOTAL_LAUNCHED_REDUCES).getValue();
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("name", job.getJobName());
    j.put("seconds", round(seconds));
    j.put("map_tasks", c.findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue());
    j.put("reduce_tasks", c.findCounter(JobCounter.TOTAL_LAUNCHED_REDUCES).getValue());
    j.put("map_output_records", c.findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue());
    jobs.add(j);
  }

  /**
   * The stage's figures; stops listening. Bytes read and written are left to the caller: in local
   * mode the file-system counters of concurrent tasks mix, so the datasets' sizes are used instead.
   */
  synchronized Map<String, Object> figures(long recordsIn, long recordsOut) {
    close();
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", round(seconds));
    m.put("records_in", recordsIn);
    m.put("records_out", recordsOut);
    m.put("records_per_second", Math.round(recordsIn / Math.max(seconds, 1e-3)));
    if (!jobs.isEmpty()) {
      m.put("bytes_shuffled", shuffled);
      m.put("spilled_records", spilled);
      m.put("map_output_records", mapOutputRecords);
      m.put("gc_ms", gcMs);
      m.put("map_tasks", maps);
      m.put("reduce_tasks", reduces);
    }
    m.put("peak_heap_mb", peakHeapMb());
    if (liveAfterGc > 0) { // else no collection ran during the stage
      m.put("peak_heap_after_gc_mb", liveAfterGc >> 20);
    }
    if (!jobs.isEmpty()) {
      m.put("jobs", jobs);
    }
    return m;
  }

  @Override
  public void close() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      try {
        ((NotificationEmitter) gc).removeNotificationListener(this);
      } catch (ListenerNotFoundException e) {
        // closed before
      }
    }
  }

  /** Sum of the heap pools' peaks since the meter started: an upper bound of the peak heap. */
  static long peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }

  static double round(double seconds) {
    return Math.round(seconds * 100) / 100.0;
  }
}
