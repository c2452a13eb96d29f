package dev.dmp.sandbox.structure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.dmp.mapreduce.common.DmpTool;
import org.junit.jupiter.api.Test;

/**
 * The packages of the platform's code (every module on this class path: schemas, core, hbase,
 * mapreduce, sandbox) depend on each other one way: a cycle between two packages fails the build.
 * The modules are layers, {@code schemas <- core <- hbase <- mapreduce <- sandbox}: the platform's
 * logic in {@code core} knows no Hadoop, HBase or Avro-MapReduce type, so that a stream operator
 * can call it as a mapper does, and nothing of the product knows the sandbox.
 */
class PackageCyclesTest {

  private static final JavaClasses CODE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // the other modules' tests come in their test jars
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("dev.dmp");

  @Test
  void noTwoPackagesDependOnEachOther() {
    slices().matching("dev.dmp.(**)").should().beFreeOfCycles().check(CODE);
  }

  @Test
  void theLogicInCoreKnowsNoHadoopAndNoLayerAboveIt() {
    noClasses()
        .that()
        .resideInAPackage("dev.dmp.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.hadoop..",
            "org.apache.avro.mapred..",
            "org.apache.avro.mapreduce..",
            "dev.dmp.hbase..",
            "dev.dmp.mapreduce..")
        .check(CODE);
  }

  /**
   * The stages (and what they share) are a layer below the commands over them: no class of a stage
   * package but a command itself ({@link DmpTool}: {@code dmp hourly} reports to the monitor) uses
   * the run, serving, monitoring, Oozie or SQL commands.
   */
  @Test
  void noStageReachesUpIntoTheCommands() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.dmp.mapreduce.common..",
            "dev.dmp.mapreduce.stage..",
            "dev.dmp.mapreduce.ingest..",
            "dev.dmp.mapreduce.clean..",
            "dev.dmp.mapreduce.idgraph..",
            "dev.dmp.mapreduce.attribute..",
            "dev.dmp.mapreduce.profile..",
            "dev.dmp.mapreduce.report..",
            "dev.dmp.mapreduce.load..",
            "dev.dmp.mapreduce.hourly..",
            "dev.dmp.mapreduce.audience..",
            "dev.dmp.mapreduce.erasure..",
            "dev.dmp.mapreduce.money..",
            "dev.dmp.mapreduce.gate..",
            "dev.dmp.mapreduce.retention..")
        .and()
        .areNotAssignableTo(DmpTool.class)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.dmp.mapreduce.run..",
            "dev.dmp.mapreduce.serving..",
            "dev.dmp.mapreduce.monitor..",
            "dev.dmp.mapreduce.oozie..",
            "dev.dmp.mapreduce.sql..")
        .check(CODE);
  }

  @Test
  void theProductKnowsNothingOfTheSandbox() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.dmp.core..", "dev.dmp.hbase..", "dev.dmp.mapreduce..", "dev.dmp.stream..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.dmp.sandbox..")
        .check(CODE);
  }

  /** The batch chain runs without Flink: the stream module builds on it, never the reverse. */
  @Test
  void theBatchLayersKnowNothingOfTheStream() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.dmp.core..", "dev.dmp.hbase..", "dev.dmp.mapreduce..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.dmp.stream..", "org.apache.flink..", "org.apache.kafka..")
        .check(CODE);
  }

  @Test
  void theHBaseLayerKnowsNoStage() {
    noClasses()
        .that()
        .resideInAPackage("dev.dmp.hbase..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.dmp.mapreduce..")
        .check(CODE);
  }
}
