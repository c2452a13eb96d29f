package dev.dmp.mapreduce.ingest;

/** Counters of the MapReduce ingest path. */
public enum IngestCounters {
  /** Input files landed in the raw zone. */
  FILES_INGESTED,
  /** Input files whose content the day already had. */
  FILES_ALREADY_INGESTED,
  /** Records written to the raw zone. */
  RECORDS,
  /** Stretches of bytes that could not be read as records (quarantined by clean). */
  UNREADABLE,
  /** Bytes of input read. */
  INPUT_BYTES
}
