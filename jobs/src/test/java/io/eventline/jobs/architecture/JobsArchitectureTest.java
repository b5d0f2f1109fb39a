package io.eventline.jobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * DESIGN.md "Layout": the job jar ships the jobs and their domain; the benchmark, the demo, the test services
 * and the operations CLI build on it, never the other way round.
 */
@AnalyzeClasses(packages = "io.eventline.jobs",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class JobsArchitectureTest {

    @ArchTest
    static final ArchRule jobsImportNoHarnessOrTool = noClasses()
            .that().resideInAPackage("io.eventline.jobs..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.eventline.bench..", "io.eventline.demo..", "io.eventline.testkit..", "io.eventline.cli..")
            .because("jobs are the product; bench, demo, testkit and the CLI depend on them");
}
