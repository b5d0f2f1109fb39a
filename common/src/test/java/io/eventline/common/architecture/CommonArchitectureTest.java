package io.eventline.common.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * DESIGN.md "Layout": {@code common} is reusable by any domain, so its main code depends on no job, no domain
 * (the order envelope {@code io.eventline.events}) and no harness. Test code may use the order envelope as a
 * sample event type.
 */
@AnalyzeClasses(packages = "io.eventline.common", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class CommonArchitectureTest {

    @ArchTest
    static final ArchRule commonImportsNoJobOrDomain = noClasses()
            .that().resideInAPackage("io.eventline.common..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.eventline.jobs..", "io.eventline.events..", "io.eventline.cli..")
            .because("common serves any envelope; a domain plugs in through EnvelopeCodec / EventAccessor");

    @ArchTest
    static final ArchRule commonImportsNoHarness = noClasses()
            .that().resideInAPackage("io.eventline.common..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.eventline.bench..", "io.eventline.demo..", "io.eventline.testkit..")
            .because("benchmark, demo and test services build on common, never the other way round");
}
