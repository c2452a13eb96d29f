package dev.dmp.mapreduce.stage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.dmp.core.RunDate;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

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

  /** Writes the report as {@code file}: the day, its fields, the stage's seconds. */
  default void write(FileSystem fs, Path file, RunDate date, double seconds) throws IOException {
    StageRunner.write(fs, file, date, this, seconds);
  }
}
