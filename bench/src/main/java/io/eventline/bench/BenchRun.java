package io.eventline.bench;

/** One of the benchmark's runs over the shared services and the backlog already in the topic. */
interface BenchRun {

    /** Runs once and checks its own result; the report's row says whether the check passed. */
    Report.Run run(BenchContext ctx) throws Exception;
}
