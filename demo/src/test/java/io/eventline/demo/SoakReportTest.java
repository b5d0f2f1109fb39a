package io.eventline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.check.ReadModelChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakReportTest {

    private static final ReadModelChecker.Result ROWS_OK = new ReadModelChecker.Result(10, 2, 10, 2, 10, 2, List.of());

    @Test
    void readsTheLiveBytesFromTheHistogramsTotalLine() {
        String histogram = """
                3881:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         14686        1237520  [B (java.base@17.0.15)
                 700:             1             16  sun.nio.fs.UnixFileAttributes (java.base@17.0.15)
                Total         58732        2809472
                """;
        assertThat(SoakSampler.liveBytes(histogram)).isEqualTo(2_809_472L);
        assertThat(SoakSampler.liveBytes("3881:\nCommand not found\n")).isEqualTo(-1L);
    }

    @Test
    void judgesTheMedianCheckpointAndReportsTheLongestOneBeside() {
        // medians 100-110 ms (flat), maxima 200-900 ms (not flat), heap and state flat
        List<SoakSample> samples = List.of(sample(60_000, 200, 100), sample(120_000, 900, 110),
                sample(180_000, 300, 105), sample(240_000, 250, 100));
        SoakReport report = report(samples);

        assertThat(report.spreads()).extracting(SoakReport.Spread::name, SoakReport.Spread::flat, SoakReport.Spread::judged)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("live heap after GC (MiB)", true, true),
                        org.assertj.core.groups.Tuple.tuple("state bytes per aggregate", true, true),
                        org.assertj.core.groups.Tuple.tuple("median checkpoint per minute (ms)", true, true),
                        org.assertj.core.groups.Tuple.tuple("longest checkpoint per minute (ms), not judged", false, false));
        assertThat(report.passed()).isTrue();
    }

    @Test
    void failsWhenTheMedianCheckpointGrows() {
        List<SoakSample> samples = List.of(sample(60_000, 200, 100), sample(120_000, 210, 120),
                sample(180_000, 220, 140), sample(240_000, 230, 160));
        assertThat(report(samples).passed()).isFalse();
    }

    @Test
    void failsWhenTheLiveHeapGrows() {
        List<SoakSample> samples = List.of(sample(60_000, 200, 100, 50), sample(120_000, 200, 100, 60),
                sample(180_000, 200, 100, 70), sample(240_000, 200, 100, 80));
        assertThat(report(samples).passed()).isFalse();
    }

    @Test
    void samplesOfTheWarmUpAreNotJudged() {
        List<SoakSample> samples = List.of(sample(10_000, 5_000, 5_000, 500), sample(60_000, 200, 100),
                sample(120_000, 200, 100));
        assertThat(report(samples).judged()).hasSize(2);
        assertThat(report(samples).passed()).isTrue();
    }

    @Test
    void aMinuteAfterTheTrafficEndedIsNotJudged() {
        List<SoakSample> samples = List.of(sample(60_000, 200, 100), sample(120_000, 210, 105),
                sample(180_000, 220, 110), new SoakSample(240_000, 180_000, 60L * 1048576, 3_000_000, 10_000, 20, 5, 20));
        assertThat(report(samples).judged()).extracting(SoakSample::elapsedMillis).containsExactly(60_000L, 120_000L, 180_000L);
        assertThat(report(samples).passed()).isTrue();
    }

    @Test
    void aMinuteInWhichTheWorkloadRanOutIsNotJudged() {
        // the soak's 1,000,000 records were all sent before the fourth sample: its minute was only partly loaded
        List<SoakSample> samples = List.of(sample(60_000, 200, 100), sample(120_000, 210, 105),
                sample(180_000, 220, 110), new SoakSample(240_000, SOAK_RECORDS, 60L * 1048576, 3_000_000, 10_000, 150, 60, 20));
        assertThat(report(samples).judged()).extracting(SoakSample::elapsedMillis).containsExactly(60_000L, 120_000L, 180_000L);
        assertThat(report(samples).passed()).isTrue();
    }

    private static final long SOAK_RECORDS = 1_000_000;

    private static SoakReport report(List<SoakSample> samples) {
        return new SoakReport(1000, 10, 50, SOAK_RECORDS, samples, 30_000, 0.15, ROWS_OK, 0, List.of());
    }

    private static SoakSample sample(long elapsed, long maxCheckpoint, long medianCheckpoint) {
        return sample(elapsed, maxCheckpoint, medianCheckpoint, 60);
    }

    private static SoakSample sample(long elapsed, long maxCheckpoint, long medianCheckpoint, long heapMiB) {
        return new SoakSample(elapsed, elapsed, heapMiB * 1048576, 3_000_000, 10_000, maxCheckpoint, medianCheckpoint, 20);
    }
}
