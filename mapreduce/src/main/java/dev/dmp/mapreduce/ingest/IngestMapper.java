package dev.dmp.mapreduce.ingest;

import dev.dmp.core.DmpException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lands one whole input file per call in the raw partition named by the job. */
public class IngestMapper extends Mapper<Text, NullWritable, NullWritable, NullWritable> {

  private static final Logger LOG = LoggerFactory.getLogger(IngestMapper.class);

  private RawFileIngester ingester;
  private Path day;
  private Path partition;
  private String feed;
  private long receivedAt;

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    ingester = new RawFileIngester(conf, IngestTool.getMaxRecordBytes(conf));
    day = new Path(conf.get(IngestTool.JOB_DAY));
    partition = new Path(conf.get(IngestTool.JOB_PARTITION));
    feed = conf.get(IngestTool.JOB_FEED);
    receivedAt = conf.getLong(IngestTool.JOB_RECEIVED_AT, 0L);
  }

  @Override
  protected void map(Text path, NullWritable ignored, Context context)
      throws IOException, InterruptedException {
    RawFileIngester.Outcome outcome;
    try {
      outcome = ingester.ingest(new Path(path.toString()), day, partition, feed, receivedAt);
    } catch (DmpException e) {
      throw new IOException(e.getMessage(), e);
    }
    context.getCounter(IngestCounters.INPUT_BYTES).increment(outcome.bytes());
    if (outcome.alreadyIngested()) {
      context.getCounter(IngestCounters.FILES_ALREADY_INGESTED).increment(1);
      return;
    }
    context.getCounter(IngestCounters.FILES_INGESTED).increment(1);
    context.getCounter(IngestCounters.RECORDS).increment(outcome.summary().records());
    context.getCounter(IngestCounters.UNREADABLE).increment(outcome.summary().unreadable());
    for (String problem : outcome.summary().problems()) {
      LOG.warn("{}: {}", path, problem);
    }
  }
}
