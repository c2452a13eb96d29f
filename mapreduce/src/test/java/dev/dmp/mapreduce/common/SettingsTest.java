package dev.dmp.mapreduce.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmp.core.DmpException;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.testing.CommandRunner;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings a task could not use stop the command before any job, naming the key; a task's own error
 * reaches the one-line message of a failed job.
 */
class SettingsTest {

  @TempDir Path dir;

  @Test
  void aNumericSettingThatIsNoNumberOrOutOfRangeIsNamed() throws Exception {
    Configuration conf = new Configuration(false);
    assertThatCode(() -> Settings.check(conf)).doesNotThrowAnyException();
    conf.set("dmp.idgraph.max.degree", "abc");
    assertThatThrownBy(() -> Settings.check(conf))
        .hasMessage("dmp.idgraph.max.degree = 'abc' is not a whole number");
    conf.set("dmp.idgraph.max.degree", "-1");
    assertThatThrownBy(() -> Settings.check(conf))
        .hasMessage("dmp.idgraph.max.degree = -1 is out of range: it must be > 0");
    conf.set("dmp.idgraph.max.degree", "50");
    conf.set("dmp.gate.max.reject.rate", "five percent");
    assertThatThrownBy(() -> Settings.check(conf))
        .hasMessage("dmp.gate.max.reject.rate = 'five percent' is not a number");
    conf.set("dmp.gate.max.reject.rate", "0");
    conf.set("dmp.clean.reduce.tasks", "0");
    assertThatThrownBy(() -> Settings.check(conf)).hasMessageContaining("must be > 0");
    conf.set("dmp.clean.reduce.tasks", "4");
    assertThatCode(() -> Settings.check(conf)).doesNotThrowAnyException();
    // The salt is two hex characters: 256 buckets at most.
    conf.set("dmp.hbase.salt.buckets", "300");
    assertThatThrownBy(() -> Settings.check(conf))
        .hasMessage("dmp.hbase.salt.buckets = 300 is out of range: it must be at most 256");
    conf.set("dmp.hbase.salt.buckets", "256");
    assertThatCode(() -> Settings.check(conf)).doesNotThrowAnyException();
  }

  @Test
  void aCommandWithABadSettingStopsBeforeAnyJob() throws Exception {
    CommandRunner commands = new CommandRunner(CommandRunner.embedded(dir.resolve("base")));
    commands.conf().set("dmp.idgraph.max.degree", "abc");
    assertThat(commands.run(new IdGraphJob(), "--date", "2026-11-20")).isEqualTo(DmpTool.FAILED);
    assertThat(commands.err().strip())
        .isEqualTo("dmp idgraph: dmp.idgraph.max.degree = 'abc' is not a whole number");
  }

  /** Fails every record, as a task meeting a full disk or a bad value would. */
  public static class FailingMapper extends Mapper<LongWritable, Text, Text, Text> {
    @Override
    protected void map(LongWritable key, Text value, Context context) {
      throw new IllegalStateException("cannot use record " + key.get() + ": " + value);
    }
  }

  @Test
  void aFailedTaskSaysWhyInTheJobsOneLine() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("in.txt"), "the record\n");
    Configuration conf = CommandRunner.embedded(dir.resolve("base"));
    Job job = Job.getInstance(conf, "dmp-test failing");
    job.setMapperClass(FailingMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(dir.resolve("in.txt").toUri()));
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(dir.resolve("out").toUri()));

    assertThatThrownBy(() -> JobRunner.quiet().run(job))
        .isInstanceOf(DmpException.class)
        .hasMessageStartingWith("dmp-test failing (job_local")
        .hasMessageEndingWith(") failed: IllegalStateException: cannot use record 0: the record");
  }
}
