package io.eventline.common.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.eventline.common.event.EnvelopeAccessor;
import org.junit.jupiter.api.Test;

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
                    "io.eventline.jobs..", "io.eventline.events..", "io.eventline.cli..",
                    "io.eventline.sagas..", "io.eventline.saga..")
            .because("common serves any envelope; a domain plugs in through EnvelopeCodec / EventAccessor");

    @ArchTest
    static final ArchRule commonImportsNoHarness = noClasses()
            .that().resideInAPackage("io.eventline.common..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.eventline.bench..", "io.eventline.demo..", "io.eventline.testkit..")
            .because("benchmark, demo and test services build on common, never the other way round");

    /** The rule is not vacuous: the test fixture over the order envelope, were it main code, would break it. */
    @Test
    void aCommonClassUsingTheOrderEnvelopeBreaksTheRule() {
        EvaluationResult result = commonImportsNoJobOrDomain.evaluate(
                new ClassFileImporter().importClasses(EnvelopeAccessor.class));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("io.eventline.events.EventEnvelope"));
    }
}
