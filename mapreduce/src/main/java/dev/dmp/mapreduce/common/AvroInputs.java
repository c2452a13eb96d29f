package dev.dmp.mapreduce.common;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.ComponentMember;
import dev.dmp.avro.ComponentSet;
import dev.dmp.avro.IdAssignment;
import dev.dmp.avro.IdLink;
import dev.dmp.avro.IdNode;
import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.Profile;
import dev.dmp.avro.ReportRow;
import org.apache.avro.Schema;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroKeyRecordReader;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Avro input formats that carry their own reader schema. {@code AvroKeyInputFormat} reads every
 * input of a job with one schema (the job's); a job that joins datasets of different schemas
 * through {@code MultipleInputs} gives each input one of these instead.
 */
public final class AvroInputs {

  private AvroInputs() {}

  /** Reads Avro files with the schema of {@link #schema()}. */
  public abstract static class Of<T> extends FileInputFormat<AvroKey<T>, NullWritable> {
    protected abstract Schema schema();

    @Override
    public RecordReader<AvroKey<T>, NullWritable> createRecordReader(
        InputSplit split, TaskAttemptContext context) {
      return new AvroKeyRecordReader<>(schema());
    }
  }

  public static class CleanEvents extends Of<CleanEvent> {
    @Override
    protected Schema schema() {
      return CleanEvent.getClassSchema();
    }
  }

  public static class IdLinks extends Of<IdLink> {
    @Override
    protected Schema schema() {
      return IdLink.getClassSchema();
    }
  }

  public static class IdNodes extends Of<IdNode> {
    @Override
    protected Schema schema() {
      return IdNode.getClassSchema();
    }
  }

  public static class ComponentSets extends Of<ComponentSet> {
    @Override
    protected Schema schema() {
      return ComponentSet.getClassSchema();
    }
  }

  public static class IdAssignments extends Of<IdAssignment> {
    @Override
    protected Schema schema() {
      return IdAssignment.getClassSchema();
    }
  }

  public static class AttributedEvents extends Of<AttributedEvent> {
    @Override
    protected Schema schema() {
      return AttributedEvent.getClassSchema();
    }
  }

  public static class Profiles extends Of<Profile> {
    @Override
    protected Schema schema() {
      return Profile.getClassSchema();
    }
  }

  public static class ComponentMembers extends Of<ComponentMember> {
    @Override
    protected Schema schema() {
      return ComponentMember.getClassSchema();
    }
  }

  public static class OneIdMerges extends Of<OneIdMerge> {
    @Override
    protected Schema schema() {
      return OneIdMerge.getClassSchema();
    }
  }

  public static class ReportRows extends Of<ReportRow> {
    @Override
    protected Schema schema() {
      return ReportRow.getClassSchema();
    }
  }
}
