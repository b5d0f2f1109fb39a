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
                        org.assertj.core.groups.Tuple.tuple("median checkpoint, trailing window (ms)", true, true),
                        org.assertj.core.groups.Tuple.tuple("median checkpoint per minute (ms), not judged", true, false),
                        org.assertj.core.groups.Tuple.tuple("longest checkpoint per minute (ms), not judged", false, false));
        assertThat(report.passed()).isTrue();
    }

    @Test
    void judgesTheWindowsMedianNotTheMinutesOwn() {
        // each minute's own median scatters by -20%/+25% (sampling noise); the window's median stays flat
        List<SoakSample> samples = List.of(windowed(60_000, 100, 100), windowed(120_000, 125, 101),
                windowed(180_000, 80, 99), windowed(240_000, 100, 100));
        SoakReport report = report(samples);
        assertThat(report.spreads()).filteredOn(SoakReport.Spread::judged).allMatch(SoakReport.Spread::flat);
        assertThat(report.spreads()).filteredOn(s -> s.name().startsWith("median checkpoint per minute"))
                .singleElement().satisfies(s -> assertThat(s.flat()).isFalse());
        assertThat(report.passed()).isTrue();
    }

    @Test
    void theWindowsMedianIsOverTheLastSamplesCheckpoints() {
        CheckpointWindow window = new CheckpointWindow(3);
        assertThat(window.add(List.of(100L, 300L, 200L))).isEqualTo(200L);
        assertThat(window.add(List.of(400L, 500L))).isEqualTo(300L); // 100 200 300 | 400 500
        assertThat(window.add(List.of())).isEqualTo(300L);
        assertThat(window.add(List.of(900L))).isEqualTo(500L); // the first sample dropped: 400 500 900
        assertThat(CheckpointWindow.median(List.of())).isEqualTo(-1L);
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
                sample(180_000, 220, 110), new SoakSample(240_000, 180_000, 60L * 1048576, 3_000_000, 10_000, 20, 5, 20, 5));
        assertThat(report(samples).judged()).extracting(SoakSample::elapsedMillis).containsExactly(60_000L, 120_000L, 180_000L);
        assertThat(report(samples).passed()).isTrue();
    }

    @Test
    void aMinuteInWhichTheWorkloadRanOutIsNotJudged() {
        // the soak's 1,000,000 records were all sent before the fourth sample: its minute was only partly loaded
        List<SoakSample> samples = List.of(sample(60_000, 200, 100), sample(120_000, 210, 105),
                sample(180_000, 220, 110), new SoakSample(240_000, SOAK_RECORDS, 60L * 1048576, 3_000_000, 10_000, 150, 60, 20, 60));
        assertThat(report(samples).judged()).extracting(SoakSample::elapsedMillis).containsExactly(60_000L, 120_000L, 180_000L);
        assertThat(report(samples).passed()).isTrue();
    }

    private static final long SOAK_RECORDS = 1_000_000;

    private static SoakReport report(List<SoakSample> samples) {
        return new SoakReport(1000, 10, 50, SOAK_RECORDS, samples, 30_000, 0.15, ROWS_OK, 0, List.of());
    }

    private static SoakSample windowed(long elapsed, long minuteMedian, long windowMedian) {
        return new SoakSample(elapsed, elapsed, 60L * 1048576, 3_000_000, 10_000, 2 * minuteMedian, minuteMedian, 20,
                windowMedian);
    }

    private static SoakSample sample(long elapsed, long maxCheckpoint, long medianCheckpoint) {
        return sample(elapsed, maxCheckpoint, medianCheckpoint, 60);
    }

    private static SoakSample sample(long elapsed, long maxCheckpoint, long medianCheckpoint, long heapMiB) {
        return new SoakSample(elapsed, elapsed, heapMiB * 1048576, 3_000_000, 10_000, maxCheckpoint, medianCheckpoint, 20,
                medianCheckpoint);
    }
}
