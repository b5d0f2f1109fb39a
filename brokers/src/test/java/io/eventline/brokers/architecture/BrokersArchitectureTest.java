package io.eventline.brokers.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Like {@code common}, the broker sources serve any envelope: they hand bytes to whatever deserializer a job gives
 * them, so their main code depends on no job, no domain (the order envelope {@code io.eventline.events}), no harness.
 */
@AnalyzeClasses(packages = "io.eventline.brokers", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class BrokersArchitectureTest {

    @ArchTest
    static final ArchRule brokersImportNoJobDomainOrHarness = noClasses()
            .that().resideInAPackage("io.eventline.brokers..")
            .should().dependOnClassesThat().resideInAnyPackage("io.eventline.jobs..", "io.eventline.events..",
                    "io.eventline.cli..", "io.eventline.bench..", "io.eventline.demo..", "io.eventline.testkit..")
            .because("a domain plugs in through the deserializer it passes (KafkaShapedDecoder, EventBridgeDeserializer)");
}
