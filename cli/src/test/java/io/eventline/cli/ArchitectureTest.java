package io.eventline.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The CLI runs with plain {@code java -jar}: none of its classes may need Flink or the job's modules. */
@AnalyzeClasses(packages = "io.eventline.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noFlink = noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.flink..");

    @ArchTest
    static final ArchRule noJobOrCommonModule = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.eventline.common..", "io.eventline.jobs..");
}
