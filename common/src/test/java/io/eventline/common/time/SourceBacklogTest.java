package io.eventline.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SourceBacklogTest {

    private long nanos;
    private final SourceBacklog backlog = new SourceBacklog(() -> nanos);
    private Long pending;
    private double fetches;

    @Test
    void unknownUntilTheReaderReportsItsGauge() {
        assertThat(backlog.state()).isEqualTo(SourceBacklog.State.UNKNOWN);
        assertThat(backlog.pendingRecords()).isEmpty();
    }

    @Test
    void followsTheReportedPendingRecords() {
        backlog.report(() -> pending);
        pending = 1_234L;
        assertThat(backlog.state()).isEqualTo(SourceBacklog.State.BEHIND);
        assertThat(backlog.pendingRecords()).isEqualTo(OptionalLong.of(1_234));
        pending = 0L;
        assertThat(backlog.state()).isEqualTo(SourceBacklog.State.CAUGHT_UP);
        pending = null; // a gauge without a value yet
        assertThat(backlog.state()).isEqualTo(SourceBacklog.State.UNKNOWN);
        pending = -1L;
        assertThat(backlog.state()).isEqualTo(SourceBacklog.State.UNKNOWN);
    }

    @Test
    void aReaderThatStoppedFetchingIsNotCaughtUpWhateverItsLastLag() {
        backlog.report(() -> 0L);
        backlog.reportFetches(() -> fetches);
        fetches = 10;
        assertThat(backlog.state()).isEqualTo(SourceBacklog.State.CAUGHT_UP);
        nanos += 4_000_000_000L;
        fetches = 18; // fetching: each caught-up fetch returns after fetch.max.wait.ms
        assertThat(backlog.state()).isEqualTo(SourceBacklog.State.CAUGHT_UP);
        nanos += 5_000_000_000L; // the broker went away: no fetch completes, the lag stays at its last value
        assertThat(backlog.state()).isEqualTo(SourceBacklog.State.CAUGHT_UP);
        nanos += 1;
        assertThat(backlog.state()).isEqualTo(SourceBacklog.State.UNKNOWN);
        fetches = 19; // back
        assertThat(backlog.state()).isEqualTo(SourceBacklog.State.CAUGHT_UP);
    }
}
