package dev.dmp.mapreduce.idgraph;

import dev.dmp.avro.CcMessage;
import dev.dmp.avro.ComponentSet;
import dev.dmp.core.DmpException;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.JobSteps;
import dev.dmp.mapreduce.common.Jobs;
import dev.dmp.mapreduce.common.PathGuard;
import java.io.IOException;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Where the components of the guarded graph are found, and the Hash-to-Min rounds that find them
 * for a large graph. A graph of at most {@value #MEMORY_MAX_NODES} identifiers (and no more than
 * half the driver's heap holds) is solved in the driver ({@link UnionFind}, then {@link
 * InMemoryAssignment}): a day's graph is small next to its events (about 120,000 identifiers for a
 * million events), and reading it once costs less than starting the jobs of the rounds (Hive does
 * the same when it builds a map join's small table in a local task). A larger one runs Hash-to-Min
 * ({@link HashToMin}): an init job gives every identifier its neighbourhood, then rounds until no
 * set changes (a counter says so), logarithmic in the graph's diameter, capped by {@value
 * IdGraphJob#MAX_ROUNDS}; the result is a {@link ComponentSet} per identifier whose first member is
 * its label, the component's smallest identifier.
 */
public final class ConnectedComponents {

  private ConnectedComponents() {}

  /** Largest graph, in identifiers, whose components the driver computes in memory. */
  public static final String MEMORY_MAX_NODES = "dmp.idgraph.memory.max.nodes";

  public static final long DEFAULT_MEMORY_MAX_NODES = 2_000_000;

  /**
   * What the driver holds per identifier when it solves the graph in memory, at most (its string,
   * the union-find's index entry and slot, its previous assignment and its component member for the
   * OneID decision), to keep within half of the heap whatever the setting says.
   */
  static final long MEMORY_BYTES_PER_NODE = 800;

  /** Whether a graph of {@code nodes} identifiers is solved in the driver's memory. */
  public static boolean fitsInMemory(Configuration conf, long nodes) {
    long heapNodes = Runtime.getRuntime().maxMemory() / 2 / MEMORY_BYTES_PER_NODE;
    return nodes <= Math.min(conf.getLong(MEMORY_MAX_NODES, DEFAULT_MEMORY_MAX_NODES), heapNodes);
  }

  /** The final component sets, and how many rounds it took. */
  public record Result(Path result, int rounds) {}

  /** Hash-to-Min over the graph state in {@code nodes}, without the ids in {@code superDir}. */
  public static Result hashToMin(
      JobSteps steps, Configuration conf, Path nodes, Path superDir, Path work)
      throws IOException, InterruptedException, ClassNotFoundException, DmpException {
    Path current = new Path(work, "round-0");
    steps.run("components-init", configureInit(conf, nodes, superDir, current));
    int maxRounds = conf.getInt(IdGraphJob.MAX_ROUNDS, 64);
    FileSystem fs = work.getFileSystem(conf);
    for (int round = 1; ; round++) {
      if (round > maxRounds) {
        throw new DmpException(
            "connected components did not converge in "
                + maxRounds
                + " rounds ("
                + IdGraphJob.MAX_ROUNDS
                + ")");
      }
      Path next = new Path(work, "round-" + round);
      Counters c = steps.run("round-" + round, configureRound(conf, current, next, round));
      PathGuard.of(conf).delete(current, true);
      current = next;
      if (c.findCounter(IdGraphCounters.CHANGED).getValue() == 0) {
        return new Result(current, round);
      }
    }
  }

  static Job configureInit(Configuration base, Path nodes, Path superDir, Path output)
      throws IOException {
    Job job = GraphJobs.newJob(base, "dmp-idgraph-components-init");
    job.getConfiguration().set(IdGraphJob.SUPER_PATH, superDir.toString());
    job.setInputFormatClass(AvroInputs.IdNodes.class);
    FileInputFormat.addInputPath(job, nodes);
    job.setMapperClass(HashToMin.InitMapper.class);
    job.setNumReduceTasks(0);
    Jobs.avroOutput(job, ComponentSet.getClassSchema(), output);
    return job;
  }

  static Job configureRound(Configuration base, Path input, Path output, int round)
      throws IOException {
    Job job = GraphJobs.newJob(base, "dmp-idgraph-components-round-" + round);
    job.setInputFormatClass(AvroInputs.ComponentSets.class);
    FileInputFormat.addInputPath(job, input);
    job.setMapperClass(HashToMin.RoundMapper.class);
    job.setMapOutputKeyClass(Text.class);
    AvroJob.setMapOutputValueSchema(job, CcMessage.getClassSchema());
    job.setReducerClass(HashToMin.RoundReducer.class);
    Jobs.avroOutput(job, ComponentSet.getClassSchema(), output);
    return job;
  }
}
