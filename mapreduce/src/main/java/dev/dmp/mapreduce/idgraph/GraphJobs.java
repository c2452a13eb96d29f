package dev.dmp.mapreduce.idgraph;

import dev.dmp.avro.ComponentMember;
import dev.dmp.avro.IdAssignment;
import dev.dmp.avro.IdNode;
import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.SuppressedId;
import dev.dmp.core.RunDate;
import dev.dmp.mapreduce.common.AvroInputs;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.Jobs;
import java.io.IOException;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;

/**
 * The MapReduce jobs of the identity graph: adjacency (the nodes and their links), the label join
 * and the OneID decision of the distributed path.
 */
final class GraphJobs {

  private GraphJobs() {}

  static Job configureAdjacency(
      Configuration base, RunDate date, DmpPaths paths, Path previous, Path output)
      throws IOException {
    Job job = newJob(base, "dmp-idgraph-adjacency " + date);
    MultipleInputs.addInputPath(
        job, paths.clean(date), AvroInputs.CleanEvents.class, Adjacency.EventMapper.class);
    FileSystem fs = paths.base().getFileSystem(base);
    if (fs.exists(paths.links(date))) {
      MultipleInputs.addInputPath(
          job, paths.links(date), AvroInputs.IdLinks.class, Adjacency.LinkMapper.class);
    }
    if (previous != null) {
      MultipleInputs.addInputPath(
          job, DmpPaths.nodes(previous), AvroInputs.IdNodes.class, Adjacency.StateMapper.class);
    }
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(Text.class);
    job.setReducerClass(Adjacency.NodeReducer.class);
    Jobs.avroOutput(job, IdNode.getClassSchema(), output);
    AvroMultipleOutputs.addNamedOutput(
        job, IdGraphJob.SUPER_OUTPUT, AvroKeyOutputFormat.class, IdNode.getClassSchema());
    return job;
  }

  static Job configureLabelJoin(
      Configuration base, Path components, Path previousAssignments, Path output)
      throws IOException {
    Job job = newJob(base, "dmp-idgraph-label-join");
    MultipleInputs.addInputPath(
        job, components, AvroInputs.ComponentSets.class, Assignment.LabelMapper.class);
    if (previousAssignments != null) {
      MultipleInputs.addInputPath(
          job,
          previousAssignments,
          AvroInputs.IdAssignments.class,
          Assignment.PreviousMapper.class);
    }
    job.setMapOutputKeyClass(Text.class);
    AvroJob.setMapOutputValueSchema(job, ComponentMember.getClassSchema());
    job.setReducerClass(Assignment.JoinReducer.class);
    Jobs.avroOutput(job, ComponentMember.getClassSchema(), output);
    return job;
  }

  static Job configureDecision(Configuration base, RunDate date, Path members, Path output)
      throws IOException {
    Job job = newJob(base, "dmp-idgraph-oneids " + date);
    job.getConfiguration().set(IdGraphJob.DATE, date.toString());
    job.setInputFormatClass(AvroInputs.ComponentMembers.class);
    FileInputFormat.addInputPath(job, members);
    job.setMapperClass(Assignment.ComponentMapper.class);
    job.setMapOutputKeyClass(Text.class);
    AvroJob.setMapOutputValueSchema(job, ComponentMember.getClassSchema());
    job.setReducerClass(Assignment.DecisionReducer.class);
    Jobs.avroOutput(job, IdAssignment.getClassSchema(), output);
    AvroMultipleOutputs.addNamedOutput(
        job, IdGraphJob.MERGES_OUTPUT, AvroKeyOutputFormat.class, OneIdMerge.getClassSchema());
    AvroMultipleOutputs.addNamedOutput(
        job,
        IdGraphJob.SUPPRESSED_OUTPUT,
        AvroKeyOutputFormat.class,
        SuppressedId.getClassSchema());
    AvroMultipleOutputs.addNamedOutput(
        job,
        IdGraphJob.SUPPRESSED_IDS_OUTPUT,
        AvroKeyOutputFormat.class,
        SuppressedId.getClassSchema());
    return job;
  }

  static Job newJob(Configuration base, String name) throws IOException {
    Job job = Jobs.newAvroJob(base, name, IdGraphJob.class);
    job.setPartitionerClass(IdPartitioner.class);
    job.setNumReduceTasks(Jobs.reduceTasks(base, IdGraphJob.REDUCE_TASKS));
    return job;
  }
}
