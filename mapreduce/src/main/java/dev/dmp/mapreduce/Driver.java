package dev.dmp.mapreduce;

import dev.dmp.mapreduce.attribute.AttributeJob;
import dev.dmp.mapreduce.bench.BenchTool;
import dev.dmp.mapreduce.clean.CleanJob;
import dev.dmp.mapreduce.clean.ForgetTool;
import dev.dmp.mapreduce.clean.QualityTool;
import dev.dmp.mapreduce.demo.DemoTool;
import dev.dmp.mapreduce.gate.GateTool;
import dev.dmp.mapreduce.generate.GenerateTool;
import dev.dmp.mapreduce.hbase.LookupTool;
import dev.dmp.mapreduce.hbase.SegmentTool;
import dev.dmp.mapreduce.hbase.ServeTool;
import dev.dmp.mapreduce.hbase.TablesTool;
import dev.dmp.mapreduce.idgraph.IdGraphJob;
import dev.dmp.mapreduce.ingest.IngestTool;
import dev.dmp.mapreduce.load.LoadJob;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.report.ReportJob;
import dev.dmp.mapreduce.retention.RetentionTool;
import dev.dmp.mapreduce.run.RunTool;
import org.apache.hadoop.util.ProgramDriver;

/** The one entry point: {@code hadoop jar dmp-<version>-job.jar <stage> [options]}. */
public final class Driver {

  private Driver() {}

  /** Every command of the job jar, by name. */
  public static ProgramDriver programs() throws Throwable {
    ProgramDriver pd = new ProgramDriver();
    pd.addClass(
        GenerateTool.NAME, GenerateTool.class, "write realistic raw events and their truth");
    pd.addClass(IngestTool.NAME, IngestTool.class, "land JSON Lines / Avro files in the raw zone");
    pd.addClass(
        CleanJob.NAME, CleanJob.class, "validate, normalise, de-duplicate, drop bots and opt-outs");
    pd.addClass(
        IdGraphJob.NAME, IdGraphJob.class, "the identity graph: people (OneIDs) from identifiers");
    pd.addClass(
        AttributeJob.NAME, AttributeJob.class, "join every clean event to its person's OneID");
    pd.addClass(
        ProfileJob.NAME,
        ProfileJob.class,
        "one profile per person, built incrementally, with tags and segments");
    pd.addClass(
        ReportJob.NAME, ReportJob.class, "daily aggregates with unique-people sketches; roll-ups");
    pd.addClass(
        GateTool.NAME,
        GateTool.class,
        "the quality gate: stop a bad day before anything is loaded");
    pd.addClass(
        LoadJob.NAME,
        LoadJob.class,
        "bulk-load a day's profiles, ids, segments, reports into HBase");
    pd.addClass(LookupTool.NAME, LookupTool.class, "look people up by any identifier or OneID");
    pd.addClass(SegmentTool.NAME, SegmentTool.class, "list a segment's members, or test one");
    pd.addClass(TablesTool.NAME, TablesTool.class, "create the HBase namespace and tables");
    pd.addClass(
        ServeTool.NAME,
        ServeTool.class,
        "keep the embedded HBase up for other commands and shells");
    pd.addClass(QualityTool.NAME, QualityTool.class, "print a day's data-quality report");
    pd.addClass(ForgetTool.NAME, ForgetTool.class, "add identifiers to the suppression list");
    pd.addClass(
        DemoTool.NAME, DemoTool.class, "generate a day and run it end to end (embedded mode)");
    pd.addClass(
        RunTool.NAME,
        RunTool.class,
        "the daily chain: clean, gate, idgraph, attribute, profile, report, gate");
    pd.addClass(
        RetentionTool.NAME,
        RetentionTool.class,
        "delete rejects and raw days past their retention period");
    pd.addClass(BenchTool.NAME, BenchTool.class, "measure the stages on generated data");
    return pd;
  }

  public static void main(String[] args) throws Throwable {
    int status = programs().run(args);
    System.exit(status == -1 ? 2 : status);
  }
}
