package dev.dmp.mapreduce.bench;

import java.util.List;
import java.util.Map;

/** The Markdown tables of a benchmark document (the README's benchmark section). */
final class BenchTables {

  private BenchTables() {}

  static String markdown(Map<String, Object> doc) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%n%,d events (seed %d), %d cores, max heap %,d MB, %d local tasks at once,"
                + " peak RSS %,d MB%n%n",
            number(doc, "events"),
            number(doc, "seed"),
            number(doc, "cores"),
            number(doc, "max_heap_mb"),
            number(doc, "local_tasks_at_once"),
            number(doc, "peak_rss_mb")));
    stages(b, map(doc, "stages"));
    b.append(
        String.format(
            "%nChain (clean → report): %s s, %s × the floor pass, %s µs per event."
                + " Clean → idgraph → attribute → profile: %s s (Spark 4.0 local[2]: %s s).%n",
            doc.get("chain_seconds"),
            doc.get("chain_floor_ratio"),
            doc.get("chain_microseconds_per_event"),
            doc.get("spark_scope_seconds"),
            doc.get("spark_reference_seconds")));
    if (doc.get("hbase") != null) {
      hbase(b, map(doc, "hbase"));
    }
    if (doc.get("incremental") != null) {
      incremental(b, map(doc, "incremental"));
    }
    if (doc.get("idgraph_paths") != null) {
      paths(b, list(doc, "idgraph_paths"));
    }
    return b.toString();
  }

  private static void stages(StringBuilder b, Map<String, Object> stages) {
    b.append(
        "| stage | seconds | × floor | records in | records out | records/s | bytes read"
            + " | bytes written | bytes shuffled | spilled | GC ms | peak heap MB"
            + " | live heap MB |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, Object> e : stages.entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> s = (Map<String, Object>) e.getValue();
      b.append(
          String.format(
              "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              e.getKey(),
              s.get("seconds"),
              s.getOrDefault("floor_ratio", ""),
              cell(s, "records_in"),
              cell(s, "records_out"),
              cell(s, "records_per_second"),
              cell(s, "bytes_read"),
              cell(s, "bytes_written"),
              cell(s, "bytes_shuffled"),
              cell(s, "spilled_records"),
              cell(s, "gc_ms"),
              cell(s, "peak_heap_mb"),
              cell(s, "peak_heap_after_gc_mb")));
    }
  }

  private static void hbase(StringBuilder b, Map<String, Object> h) {
    Map<String, Object> bulk = map(h, "bulk_load");
    Map<String, Object> puts = map(h, "puts");
    Map<String, Object> l = map(h, "lookups");
    b.append("\n| HBase (embedded) | figure |\n|---|---:|\n");
    b.append(
        String.format(
            "| load of every table (one HFile job %s s + bulk loads %s s) | %,d people, %,d cells"
                + " in %s s: %,d people/s |%n",
            bulk.get("hfile_job_seconds"),
            bulk.get("bulk_load_seconds"),
            number(bulk, "rows"),
            number(bulk, "cells"),
            bulk.get("seconds"),
            number(bulk, "rows_per_second")));
    b.append(
        String.format(
            "| the same cells as Puts through BufferedMutators (a Put per row), flushed | %,d"
                + " people, %,d cells in %s s: %,d people/s |%n",
            number(puts, "rows"),
            number(puts, "cells"),
            puts.get("seconds"),
            number(puts, "rows_per_second")));
    b.append(String.format("| bulk load / Puts | %s × |%n", h.get("bulk_vs_put_ratio")));
    b.append(
        String.format(
            "| single lookup by identifier, warm (%,d): p50 / p99 / p999 | %s / %s / %s ms |%n",
            number(l, "single_lookups"),
            l.get("single_p50_ms"),
            l.get("single_p99_ms"),
            l.get("single_p999_ms")));
    b.append(
        String.format(
            "| batched lookups (%,d a call, %,d people), cold / warm / warm from %d threads"
                + " | %,d / %,d / %,d profiles/s |%n",
            number(l, "batch_size"),
            number(l, "people"),
            number(l, "batched_warm_threads"),
            number(l, "batched_cold_per_second"),
            number(l, "batched_warm_per_second"),
            number(l, "batched_warm_threads_per_second")));
    b.append(String.format("| lookups not found | %,d |%n", number(l, "not_found")));
  }

  private static void incremental(StringBuilder b, Map<String, Object> inc) {
    Map<String, Object> i = map(inc, "incremental");
    Map<String, Object> f = map(inc, "full");
    b.append(
        String.format(
            "%n| profiles of %s after %d days of %,d events | seconds | events read"
                + " | profiles |%n|---|---:|---:|---:|%n",
            inc.get("day"), number(inc, "history_days"), number(inc, "events_per_day")));
    b.append(
        String.format(
            "| incremental (yesterday's %,d profiles + the day) | %s | %,d | %,d |%n",
            number(i, "snapshots_read"),
            i.get("seconds"),
            number(i, "records_in"),
            number(i, "profiles")));
    b.append(
        String.format(
            "| full recompute (%d days) | %s | %,d | %,d |%n",
            number(f, "days_read"),
            f.get("seconds"),
            number(f, "records_in"),
            number(f, "profiles")));
    b.append(String.format("| incremental / full | %s | | |%n", inc.get("incremental_vs_full")));
  }

  private static void paths(StringBuilder b, List<Map<String, Object>> paths) {
    b.append(
        "\n| path of diameter d | Hash-to-Min rounds | bound 2·⌈log2 d⌉ + 2 | seconds |\n"
            + "|---:|---:|---:|---:|\n");
    for (Map<String, Object> p : paths) {
      b.append(
          String.format(
              "| %,d | %d | %d | %s |%n",
              number(p, "diameter"), number(p, "rounds"), number(p, "bound"), p.get("seconds")));
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> m, String key) {
    return (Map<String, Object>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    return (List<Map<String, Object>>) m.get(key);
  }

  static long number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? 0 : ((Number) v).longValue();
  }

  private static String cell(Map<String, Object> m, String key) {
    return m.get(key) == null ? "" : String.format("%,d", number(m, key));
  }
}
