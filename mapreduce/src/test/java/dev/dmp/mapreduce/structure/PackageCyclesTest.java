package dev.dmp.mapreduce.structure;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages of the platform's code (every module on this class path: schemas, core, hbase,
 * mapreduce) depend on each other one way: a cycle between two packages fails the build.
 */
class PackageCyclesTest {

  private static final JavaClasses CODE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.dmp");

  @Test
  void noTwoPackagesDependOnEachOther() {
    slices().matching("dev.dmp.(**)").should().beFreeOfCycles().check(CODE);
  }
}
