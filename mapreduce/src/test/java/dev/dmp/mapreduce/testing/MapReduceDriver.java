package dev.dmp.mapreduce.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.CounterGroup;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * A whole job in memory: one map task over the inputs, the framework's shuffle (partitioner, sort
 * and grouping comparators of the job), then every reduce task. Counters of both sides are added
 * up, as the job's counters are.
 */
public final class MapReduceDriver<KI, VI, K, V, KO, VO> {

  private final MapDriver<KI, VI, K, V> map;
  private final Supplier<Reducer<K, V, KO, VO>> reducers;
  private final Configuration conf;

  private MapReduceDriver(
      Mapper<KI, VI, K, V> mapper, Supplier<Reducer<K, V, KO, VO>> reducers, Configuration conf) {
    this.map = MapDriver.of(mapper, conf);
    this.reducers = reducers;
    this.conf = conf;
  }

  public static <KI, VI, K, V, KO, VO> MapReduceDriver<KI, VI, K, V, KO, VO> of(
      Mapper<KI, VI, K, V> mapper, Supplier<Reducer<K, V, KO, VO>> reducers, Configuration conf) {
    return new MapReduceDriver<>(mapper, reducers, conf);
  }

  public MapReduceDriver<KI, VI, K, V, KO, VO> withInput(KI key, VI value) {
    map.withInput(key, value);
    return this;
  }

  /** Runs the job; the result holds the reducers' output and the named outputs of both sides. */
  public Result<KO, VO> run() throws IOException, InterruptedException {
    TaskResult<K, V> mapped = map.run();
    TaskResult<KO, VO> reduced = ReduceDriver.of(reducers, conf).withPairs(mapped.outputs()).run();
    return new Result<>(mapped, reduced);
  }

  /** The map side, the reduce side, and their counters added up. */
  public static final class Result<KO, VO> {
    private final TaskResult<?, ?> mapped;
    private final TaskResult<KO, VO> reduced;
    private final Counters counters = new Counters();

    Result(TaskResult<?, ?> mapped, TaskResult<KO, VO> reduced) {
      this.mapped = mapped;
      this.reduced = reduced;
      add(mapped.counters());
      add(reduced.counters());
    }

    private void add(Counters c) {
      for (CounterGroup g : c) {
        for (Counter counter : g) {
          counters.findCounter(g.getName(), counter.getName()).increment(counter.getValue());
        }
      }
    }

    public List<Map.Entry<KO, VO>> outputs() {
      return reduced.outputs();
    }

    public List<KO> keys() {
      return reduced.keys();
    }

    public long counter(Enum<?> counter) {
      return counters.findCounter(counter).getValue();
    }

    public long counter(String group, String name) {
      return counters.findCounter(group, name).getValue();
    }

    /** Records of a named output, from map and reduce tasks. */
    public <T> List<T> namedOutput(String name, Class<T> type) throws IOException {
      List<T> all = new ArrayList<>(mapped.namedOutput(name, type));
      all.addAll(reduced.namedOutput(name, type));
      return all;
    }
  }
}
