package io.changetrail;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
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
        .resideInAnyPackage("io.changetrail.git..", "io.changetrail.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.changetrail.app..",
            "io.changetrail.cli..",
            "io.changetrail.server..",
            "io.changetrail.remote..")
        .check(classes);
    // the HTTP client implements the application interface (app.api), and knows nothing else above
    noClasses()
        .that()
        .resideInAPackage("io.changetrail.remote..")
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                    "io.changetrail.app..", "io.changetrail.cli..", "io.changetrail.server..")
                .and(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage(
                        "io.changetrail.app.api..")))
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.changetrail.json..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.changetrail.domain..",
            "io.changetrail.git..",
            "io.changetrail.ledger..",
            "io.changetrail.app..",
            "io.changetrail.cli..",
            "io.changetrail.server..",
            "io.changetrail.remote..")
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

  /**
   * The faces (cli, server) reach the adapters only through the use cases. Violations that predate
   * the rule are frozen in src/test/resources/archunit_store (a new one fails the build; one that
   * is removed leaves the store) until they are all gone.
   */
  @Test
  void facesUseTheUseCasesNotTheAdapters() {
    FreezingArchRule.freeze(
            noClasses()
                .that()
                .resideInAnyPackage("io.changetrail.cli..", "io.changetrail.server..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.changetrail.git..", "io.changetrail.ledger.."))
        .check(classes);
  }

  /**
   * No package depends on itself through others. Not frozen: the last three cycles (app.knowledge
   * and app.lifecycle, domain.assess with domain.config and with domain.risk) are gone.
   */
  @Test
  void noPackageCycles() {
    SlicesRuleDefinition.slices()
        .matching("io.changetrail.(**)")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  @Test
  void domainHasNoFilesClocksProcessesOrNetwork() {
    noClasses()
        .that()
        .resideInAPackage("io.changetrail.domain..")
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(
            java.io.File.class,
            java.nio.file.Files.class,
            java.io.FileInputStream.class,
            java.io.FileOutputStream.class,
            java.io.FileReader.class,
            java.io.FileWriter.class,
            java.io.RandomAccessFile.class,
            ProcessBuilder.class,
            Process.class,
            Runtime.class,
            java.time.Clock.class,
            Thread.class)
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.LocalDate.class, "now")
        .orShould()
        .callMethod(java.time.LocalDateTime.class, "now")
        .orShould()
        .callMethod(java.time.ZonedDateTime.class, "now")
        .orShould()
        .callMethod(java.time.OffsetDateTime.class, "now")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(System.class, "getProperty", String.class)
        .check(classes);
  }
}
