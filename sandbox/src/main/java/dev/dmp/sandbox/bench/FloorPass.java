package dev.dmp.sandbox.bench;

import dev.dmp.avro.RawRecord;
import dev.dmp.core.DmpException;
import dev.dmp.mapreduce.common.JobRunner;
import dev.dmp.mapreduce.common.Jobs;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * The floor pass: a map-only job that reads a raw day (Avro {@link RawRecord}s) and writes every
 * record back unchanged, Snappy-compressed like the stages' outputs. Nothing that reads and writes
 * all of the day can cost less on the same machine, so the stages' times are reported against it.
 */
final class FloorPass {

  private FloorPass() {}

  /** Copies every record of {@code rawDay} (read recursively) into {@code output}. */
  static Counters run(Configuration conf, Path rawDay, Path output, JobRunner jobs)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    Job job = Jobs.newAvroJob(conf, "dmp-bench-floor " + rawDay.getName(), FloorPass.class);
    job.setInputFormatClass(AvroKeyInputFormat.class);
    AvroJob.setInputKeySchema(job, RawRecord.getClassSchema());
    FileInputFormat.setInputDirRecursive(job, true);
    FileInputFormat.addInputPath(job, rawDay);
    job.setMapperClass(Mapper.class); // the identity
    job.setNumReduceTasks(0);
    Jobs.avroOutput(job, RawRecord.getClassSchema(), output);
    job.setOutputValueClass(NullWritable.class);
    job.setOutputKeyClass(AvroKey.class);
    return jobs.run(job);
  }
}
