package dev.dmp.mapreduce.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.Reducer;
import org.junit.jupiter.api.Test;

/**
 * The harness honours the job's partitioner, sort and grouping comparators, reuses value objects
 * like the framework, and collects counters of both sides.
 */
class HarnessTest {

  enum Counts {
    WORDS,
    GROUPS
  }

  /** Emits (word#position, 1) for every word of a line. */
  static class Words extends Mapper<Text, Text, Text, IntWritable> {
    private final IntWritable one = new IntWritable(1);
    private final Text out = new Text();

    @Override
    protected void map(Text key, Text line, Context context)
        throws IOException, InterruptedException {
      String[] words = line.toString().split(" ");
      for (int i = 0; i < words.length; i++) {
        context.getCounter(Counts.WORDS).increment(1);
        out.set(words[i] + "#" + i);
        one.set(i);
        context.write(out, one);
      }
    }
  }

  /** Concatenates the values of a group, as "key:v1,v2". */
  static class Join extends Reducer<Text, IntWritable, Text, Text> {
    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      context.getCounter(Counts.GROUPS).increment(1);
      List<String> vs = new ArrayList<>();
      List<IntWritable> objects = new ArrayList<>();
      for (IntWritable v : values) {
        vs.add(Integer.toString(v.get()));
        objects.add(v);
      }
      boolean reused = objects.stream().allMatch(o -> o == objects.get(0));
      context.write(
          new Text(key.toString().split("#")[0]),
          new Text(String.join(",", vs) + (reused ? "" : "!")));
    }
  }

  /** Words starting before 'n' go to reducer 0, the others to 1. */
  public static class ByFirstLetter extends Partitioner<Text, IntWritable> {
    @Override
    public int getPartition(Text key, IntWritable value, int n) {
      return key.toString().charAt(0) < 'n' ? 0 : 1 % n;
    }
  }

  /** Groups on the word, ignoring the #position suffix. */
  public static class ByWord extends WritableComparator {
    public ByWord() {
      super(Text.class, true);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public int compare(WritableComparable a, WritableComparable b) {
      return a.toString().split("#")[0].compareTo(b.toString().split("#")[0]);
    }
  }

  private static Configuration job(int reducers) throws IOException {
    Job job = Job.getInstance(new Configuration(false));
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(IntWritable.class);
    job.setPartitionerClass(ByFirstLetter.class);
    job.setGroupingComparatorClass(ByWord.class);
    job.setNumReduceTasks(reducers);
    return job.getConfiguration();
  }

  @Test
  void mapDriverCopiesOutputsAndCountsEachWrite() throws Exception {
    TaskResult<Text, IntWritable> r =
        MapDriver.of(new Words(), job(1)).withInput(new Text("l1"), new Text("b a")).run();

    assertThat(r.keys()).extracting(Text::toString).containsExactly("b#0", "a#1");
    assertThat(r.outputs()).extracting(e -> e.getValue().get()).containsExactly(0, 1);
    assertThat(r.counter(Counts.WORDS)).isEqualTo(2);
  }

  @Test
  void shuffleGroupsWithTheGroupingComparatorAndSortsWithinEachPartition() throws Exception {
    MapReduceDriver.Result<Text, Text> r =
        MapReduceDriver.<Text, Text, Text, IntWritable, Text, Text>of(
                new Words(), Join::new, job(2))
            .withInput(new Text("l1"), new Text("zebra apple zebra"))
            .withInput(new Text("l2"), new Text("apple mango"))
            .run();

    // Partition 0 (a-m) first, then partition 1 (n-z); within each, keys sorted by bytes, and
    // "apple#0", "apple#1" form one group because the grouping comparator ignores the suffix.
    assertThat(r.outputs())
        .extracting(e -> e.getKey() + "=" + e.getValue())
        .containsExactly("apple=0,1", "mango=1", "zebra=0,2");
    assertThat(r.counter(Counts.GROUPS)).isEqualTo(3);
    assertThat(r.counter(Counts.WORDS)).isEqualTo(5);
  }

  @Test
  void aSingleReducerSeesEveryPartitionInOrder() throws Exception {
    TaskResult<Text, Text> r =
        ReduceDriver.<Text, IntWritable, Text, Text>of(Join::new, job(1))
            .withInput(new Text("pear#3"), new IntWritable(3))
            .withInput(new Text("fig#0"), new IntWritable(7), new IntWritable(8))
            .run();

    assertThat(r.outputs())
        .extracting(e -> e.getKey() + "=" + e.getValue())
        .containsExactly("fig=7,8", "pear=3");
  }
}
