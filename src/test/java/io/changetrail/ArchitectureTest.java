package io.changetrail;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of DESIGN.md section 4: each layer knows only the ones below it. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.changetrail");
  }

  @Test
  void domainIsPure() {
    noClasses()
        .that()
        .resideInAPackage("io.changetrail.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.changetrail.git..",
            "io.changetrail.ledger..",
            "io.changetrail.app..",
            "io.changetrail.cli..",
            "io.changetrail.server..",
            "java.sql..",
            "java.net..",
            "picocli..",
            "com.fasterxml..",
            "org.snakeyaml..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.changetrail.domain..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(System.class, "getenv", String.class)
        .orShould()
        .callMethod(System.class, "exit", int.class)
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .check(classes);
  }

  @Test
  void adaptersDoNotKnowWhatIsAboveThem() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.changetrail.git..", "io.changetrail.ledger..", "io.changetrail.remote..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.changetrail.app..", "io.changetrail.cli..", "io.changetrail.server..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.changetrail.git..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.changetrail.ledger..")
        .check(classes);
  }

  @Test
  void useCasesDoNotKnowTheFaces() {
    noClasses()
        .that()
        .resideInAPackage("io.changetrail.app..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.changetrail.cli..", "io.changetrail.server..", "picocli..")
        .check(classes);
  }
}
