package dev.dmp.mapreduce.common;

import dev.dmp.core.DmpException;
import java.io.IOException;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

/**
 * Runs the jobs of a stage with several steps (idgraph's rounds), each named and tagged as a step
 * of its stage; a stage's context is one.
 */
@FunctionalInterface
public interface JobSteps {

  /** Runs {@code job} as step {@code step} to its end; returns its counters. */
  Counters run(String step, Job job)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException;
}
