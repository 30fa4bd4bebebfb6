package dev.turso4j.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the whole product (native bridge, JDBC driver, Spring support), read from the
 * compiled classes: no cycles between packages, and nothing above the driver reaches into the bridge.
 */
class ArchitectureTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.turso4j");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.turso4j.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheDriverCallsTheNativeBridge() {
        noClasses().that().resideOutsideOfPackages("dev.turso4j.bridge..", "dev.turso4j.jdbc..")
            .should().dependOnClassesThat().resideInAPackage("dev.turso4j.bridge..").check(classes);
    }

    @Test
    void theDriverDoesNotDependOnSpring() {
        noClasses().that().resideInAnyPackage("dev.turso4j.jdbc..", "dev.turso4j.bridge..", "dev.turso4j.nativelib..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "dev.turso4j.spring..")
            .check(classes);
    }
}
