package dev.dmp.mapreduce.stage;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a stage found, stored as {@code quality/dt=D/<stage>.json} (its fields, with the day and the
 * stage's seconds) and printed as one line.
 */
public interface StageReport {

  /** The figures in one line, without the stage, day or time: {@code read 5,000, clean 4,812}. */
  String summary();

  /** Records the stage read (for records per second and the benchmark). */
  @JsonIgnore
  long recordsIn();

  /** Records the stage wrote. */
  @JsonIgnore
  long recordsOut();
}
