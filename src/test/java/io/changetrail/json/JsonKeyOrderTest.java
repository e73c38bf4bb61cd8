package io.changetrail.json;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every JSON document the program writes has its keys in one order, run after run: a map of two or
 * more entries from {@code Map.of} iterates in an order salted per JVM, so two runs of the same
 * command could print the same answer with its keys swapped. Documents are records or
 * LinkedHashMaps; {@code Map.of} keeps to one entry (or to what is never written out: a process's
 * environment).
 */
class JsonKeyOrderTest {
  private static final DescribedPredicate<JavaCall<?>> MAP_OF_SEVERAL_ENTRIES =
      DescribedPredicate.describe(
          "Map.of with two or more entries, or Map.ofEntries",
          call ->
              call.getTargetOwner().isEquivalentTo(Map.class)
                  && (call.getName().equals("ofEntries")
                      || (call.getName().equals("of")
                          && call.getTarget().getRawParameterTypes().size() >= 4)));

  @Test
  void noDocumentIsBuiltFromAMapOfSeveralEntries() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.changetrail");
    noClasses()
        .that()
        .resideOutsideOfPackage("io.changetrail.git..")
        .should()
        .callCodeUnitWhere(MAP_OF_SEVERAL_ENTRIES)
        .because("its key order is salted per JVM: write a record or a LinkedHashMap")
        .check(classes);
  }
}
