package io.sandboxegress.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package structure docs/architecture.md describes, checked on the operator's bytecode. */
class PackageRulesTest {

  private static final JavaClasses OPERATOR = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.sandboxegress");

  @Test
  void noPackagesImportEachOther() {
    slices().matching("io.sandboxegress.(*)..").should().beFreeOfCycles().check(OPERATOR);
  }

  /** The local API server and the data-plane lab are for tests and demos, never on the path of {@code run}. */
  @Test
  void theOperatorsOwnCodeDoesNotUseTheLocalHarness() {
    noClasses().that().resideInAnyPackage("io.sandboxegress.reconcile..", "io.sandboxegress.compile..",
            "io.sandboxegress.plan..", "io.sandboxegress.render..", "io.sandboxegress.facts..",
            "io.sandboxegress.backend..", "io.sandboxegress.probe..", "io.sandboxegress.probepod..",
            "io.sandboxegress.revision..", "io.sandboxegress.diagnose..", "io.sandboxegress.metrics..",
            "io.sandboxegress.policyreport..", "io.sandboxegress.api..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sandboxegress.local..", "io.sandboxegress.lab..",
            "io.sandboxegress.cli..")
        .check(OPERATOR);
  }
}
