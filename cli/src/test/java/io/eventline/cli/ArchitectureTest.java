package io.eventline.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CLI runs with plain {@code java -jar}: none of its classes may need Flink or the job's modules. */
class ArchitectureTest {

    // This module's main classes only (not the class path, whose scan takes tens of seconds here).
    private static final JavaClasses CLI = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void importsNoFlink() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.flink..").check(CLI);
    }

    @Test
    void importsNeitherTheJobsNorTheCommonModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.eventline.common..", "io.eventline.jobs..")
                .check(CLI);
    }

    @Test
    void sawTheCliClasses() {
        assertThat(CLI.contain(EventlineCli.class)).isTrue();
    }
}
