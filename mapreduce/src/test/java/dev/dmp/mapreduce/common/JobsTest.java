package dev.dmp.mapreduce.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.mapreduce.testing.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reducer counts and split sizes from the data, and the listeners of finished jobs. */
class JobsTest {

  @TempDir Path dir;

  private org.apache.hadoop.fs.Path file(String name, int bytes) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, new byte[bytes]);
    return new org.apache.hadoop.fs.Path(f.toUri());
  }

  @Test
  void reducersFollowTheInputSizeWithTheLocalSlotsAsAFloor() throws Exception {
    org.apache.hadoop.fs.Path a = file("a", 3000);
    org.apache.hadoop.fs.Path b = file("b", 2500);
    Configuration yarn = new Configuration(false);
    yarn.set("mapreduce.framework.name", "yarn");
    yarn.setLong(Jobs.BYTES_PER_REDUCER, 1000);
    assertThat(Jobs.reduceTasks(yarn, "x.reduce.tasks", a, b, null)).isEqualTo(6);
    org.apache.hadoop.fs.Path missing = new org.apache.hadoop.fs.Path(dir.resolve("none").toUri());
    assertThat(Jobs.reduceTasks(yarn, "x.reduce.tasks", missing)).isEqualTo(1);
    yarn.setInt("x.reduce.tasks", 9);
    assertThat(Jobs.reduceTasks(yarn, "x.reduce.tasks", a, b)).isEqualTo(9);

    Configuration local = new Configuration(false);
    local.set("mapreduce.framework.name", "local");
    local.setInt("mapreduce.local.reduce.tasks.maximum", 2);
    assertThat(Jobs.reduceTasks(local, "x.reduce.tasks", a)).isEqualTo(2); // 3 KB of 128 MiB
    local.set("dmp.clean.bytes.per.reducer", "1000"); // the deprecated name still counts
    assertThat(Jobs.reduceTasks(local, "x.reduce.tasks", a, b)).isEqualTo(6);
  }

  @Test
  void localSplitsMakeFourMapsPerSlotButNeverLessThan8MiB() throws Exception {
    org.apache.hadoop.fs.Path big = file("big", 1);
    Configuration conf = CommandRunner.embedded(dir.resolve("base"));
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    Job job = Job.getInstance(conf);
    Jobs.balanceLocalSplits(job, big);
    assertThat(job.getConfiguration().getLong("mapreduce.input.fileinputformat.split.maxsize", 0))
        .isEqualTo(8L << 20);

    Job set = Job.getInstance(conf);
    set.getConfiguration().setLong("mapreduce.input.fileinputformat.split.maxsize", 12345);
    Jobs.balanceLocalSplits(set, big);
    assertThat(set.getConfiguration().getLong("mapreduce.input.fileinputformat.split.maxsize", 0))
        .isEqualTo(12345);

    Configuration yarn = new Configuration(conf);
    yarn.set("mapreduce.framework.name", "yarn");
    Job onYarn = Job.getInstance(yarn);
    Jobs.balanceLocalSplits(onYarn, big);
    assertThat(onYarn.getConfiguration().get("mapreduce.input.fileinputformat.split.maxsize"))
        .isNull();
  }

  @Test
  void aRunnerTellsItsListenersOfItsJobsAndShowsEachSubmission() throws Exception {
    Path input = dir.resolve("in.txt");
    Files.writeString(input, "a\nb\nc\n");
    Configuration conf = CommandRunner.embedded(dir.resolve("base"));
    List<String> heard = new ArrayList<>();
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    JobRunner runner =
        new JobRunner(new PrintStream(shown, true, StandardCharsets.UTF_8))
            .listen(
                (job, seconds, counters) ->
                    heard.add(
                        job.getJobName()
                            + "="
                            + counters.findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue()));
    runner.run(copy(conf, "first", input, dir.resolve("out1"), false));
    runner.run(copy(conf, "second", input, dir.resolve("out2"), true));
    Jobs.run(copy(conf, "third", input, dir.resolve("out3"), false));
    assertThat(heard).containsExactly("first=3", "second=3");
    assertThat(shown.toString(StandardCharsets.UTF_8).lines())
        .hasSize(2)
        .allMatch(l -> l.matches("  (first|second): job_local\\d+_\\d+"));
  }

  @Test
  void jobsAreNamedAndTaggedWithTheirStageAndDay() throws Exception {
    Configuration conf = CommandRunner.embedded(dir.resolve("base"));
    Job round = Jobs.name(Job.getInstance(conf), "idgraph", "round-3", "2026-11-20");
    assertThat(round.getJobName()).isEqualTo("dmp-idgraph-round-3 2026-11-20");
    assertThat(round.getConfiguration().getStrings("mapreduce.job.tags"))
        .containsExactly("dmp", "idgraph", "2026-11-20");
    Job clean = Jobs.name(Job.getInstance(conf), "clean", null, "2026-11-20");
    assertThat(clean.getJobName()).isEqualTo("dmp-clean 2026-11-20");
  }

  /** A map-only copy of a text file, its input given directly or through MultipleInputs. */
  private static Job copy(Configuration conf, String name, Path in, Path out, boolean multiple)
      throws Exception {
    Job job = Job.getInstance(conf, name);
    if (multiple) {
      MultipleInputs.addInputPath(
          job, new org.apache.hadoop.fs.Path(in.toUri()), TextInputFormat.class, Mapper.class);
    } else {
      FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(in.toUri()));
    }
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(LongWritable.class);
    job.setOutputValueClass(Text.class);
    job.setOutputFormatClass(TextOutputFormat.class);
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(out.toUri()));
    return job;
  }
}
