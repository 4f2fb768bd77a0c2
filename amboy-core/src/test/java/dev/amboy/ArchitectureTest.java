package dev.amboy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules the code base keeps: no framework in core, no cycles between packages. */
class ArchitectureTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.amboy");

  @Test
  void coreUsesNoFramework() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "io.micrometer..", "jakarta..")
        .check(CORE);
  }

  @Test
  void subPackagesHaveNoCycles() {
    slices().matching("dev.amboy.(*)..").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void internalDependsOnlyOnTheCoreApi() {
    noClasses()
        .that()
        .resideInAPackage("dev.amboy.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.amboy.queue..", "dev.amboy.pool..", "dev.amboy.registry..", "dev.amboy.job..")
        .check(CORE);
  }

  @Test
  void implementationsOfQueuesAndRunnersStayPackagePrivate() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.amboy.queue", "dev.amboy.pool")
        .and()
        .haveSimpleNameNotEndingWith("Options")
        .and()
        .haveSimpleNameNotEndingWith("Builder")
        .and()
        .doNotHaveSimpleName("Queues")
        .and()
        .doNotHaveSimpleName("Runners")
        .should()
        .bePublic()
        .check(CORE);
  }
}
