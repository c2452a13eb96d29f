package dev.dmp.mapreduce.idgraph;

import dev.dmp.avro.ComponentMember;
import dev.dmp.avro.IdAssignment;
import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.SuppressedId;
import dev.dmp.core.RunDate;
import dev.dmp.core.SuppressionList;
import dev.dmp.core.identity.OneIds;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.SuppressionFiles;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;

/**
 * The OneIDs of a graph small enough for the driver ({@link ConnectedComponents#fitsInMemory}): its
 * components by {@link UnionFind}, each identifier joined with its previous assignment, and every
 * component decided by {@link OneIds#decide}, as the label-join and decision jobs do for a larger
 * graph. Writes what the decision job writes, laid out as it lays it out: the assignments, and
 * below them the named outputs {@code merges/} and {@code suppressed/} (only when they have a
 * record).
 */
final class InMemoryAssignment {

  private InMemoryAssignment() {}

  /** What was decided, as the decision job's counters say it. */
  record Decided(
      long components,
      long newOneids,
      long mergedOneids,
      long suppressedComponents,
      long splitIds) {

    /** What the decision job decided. */
    static Decided of(Counters c) {
      return new Decided(
          c.findCounter(IdGraphCounters.COMPONENTS).getValue(),
          c.findCounter(IdGraphCounters.NEW_ONEIDS).getValue(),
          c.findCounter(IdGraphCounters.MERGED_ONEIDS).getValue(),
          c.findCounter(IdGraphCounters.SUPPRESSED_COMPONENTS).getValue(),
          c.findCounter(IdGraphCounters.SPLIT_IDS).getValue());
    }
  }

  static Decided assign(
      Configuration conf, RunDate date, UnionFind graph, Path previousAssignments, Path output)
      throws IOException {
    Map<String, IdAssignment> previous = new HashMap<>();
    if (previousAssignments != null) {
      AvroFiles.forEach(
          conf,
          previousAssignments,
          IdAssignment.class,
          a -> {
            if (graph.contains(a.getId())) {
              previous.put(a.getId(), a);
            }
          });
    }
    Map<String, List<ComponentMember>> components = new HashMap<>();
    graph.forEachLabel(
        (id, label) ->
            components
                .computeIfAbsent(label, k -> new ArrayList<>(2))
                .add(new ComponentMember(label, id, previous.get(id))));
    previous.clear();
    SuppressionList suppression = SuppressionFiles.read(conf, DmpPaths.of(conf).suppression());
    String day = date.toString();
    long newOneids = 0;
    long merged = 0;
    long suppressed = 0;
    long split = 0;
    FileSystem fs = output.getFileSystem(conf);
    try (Output<IdAssignment> assignments =
            new Output<>(fs, output, IdAssignment.getClassSchema());
        Output<OneIdMerge> merges =
            new Output<>(fs, DmpPaths.merges(output), OneIdMerge.getClassSchema());
        Output<SuppressedId> suppressedIds =
            new Output<>(fs, DmpPaths.suppressed(output), SuppressedId.getClassSchema());
        Output<SuppressedId> suppressedMembers =
            new Output<>(
                fs,
                new Path(output, IdGraphJob.SUPPRESSED_IDS_OUTPUT),
                SuppressedId.getClassSchema())) {
      assignments.open(); // the assignments exist even for a day without identifiers
      for (Map.Entry<String, List<ComponentMember>> c : components.entrySet()) {
        String label = c.getKey();
        OneIds.Decision d = OneIds.decide(label, day, c.getValue(), suppression::contains);
        newOneids += d.isNew() ? 1 : 0;
        merged += d.retired().size();
        suppressed += d.suppressed() ? 1 : 0;
        split += d.splitIds();
        for (ComponentMember m : c.getValue()) {
          assignments.append(
              new IdAssignment(m.getId(), d.oneId(), d.issued(), label, d.suppressed()));
        }
        if (d.suppressed()) {
          suppressedIds.append(new SuppressedId(d.oneId(), 0L));
          for (ComponentMember m : c.getValue()) {
            suppressedMembers.append(new SuppressedId(m.getId(), 0L));
          }
        }
        for (String retired : d.retired()) {
          merges.append(new OneIdMerge(retired, d.oneId(), day));
        }
      }
    }
    return new Decided(components.size(), newOneids, merged, suppressed, split);
  }

  /** An Avro file {@code part-m-00000.avro} in a directory, created at its first record. */
  private static final class Output<T> implements Closeable {
    private final FileSystem fs;
    private final Path dir;
    private final Schema schema;
    private DataFileWriter<T> writer;

    Output(FileSystem fs, Path dir, Schema schema) {
      this.fs = fs;
      this.dir = dir;
      this.schema = schema;
    }

    void open() throws IOException {
      if (writer == null) {
        writer = new DataFileWriter<T>(new SpecificDatumWriter<>(schema));
        writer.setCodec(CodecFactory.snappyCodec());
        writer.create(schema, fs.create(new Path(dir, "part-m-00000.avro"), false));
      }
    }

    void append(T record) throws IOException {
      open();
      writer.append(record);
    }

    @Override
    public void close() throws IOException {
      if (writer != null) {
        writer.close();
      }
    }
  }
}
