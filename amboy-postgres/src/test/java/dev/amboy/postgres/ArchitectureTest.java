package dev.amboy.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The PostgreSQL module uses no framework and keeps its implementation package-private. */
class ArchitectureTest {

  private static final JavaClasses POSTGRES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.amboy.postgres");

  @Test
  void usesNoFrameworkAndNoCoreInternals() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..", "io.micrometer..", "jakarta..", "dev.amboy.internal..")
        .check(POSTGRES);
  }

  @Test
  void onlyTheApiIsPublic() {
    noClasses()
        .that()
        .haveSimpleNameNotStartingWith("Postgres")
        .and()
        .doNotHaveSimpleName("DispatchMode")
        .and()
        .haveSimpleNameNotEndingWith("Builder")
        .should()
        .bePublic()
        .check(POSTGRES);
  }
}
