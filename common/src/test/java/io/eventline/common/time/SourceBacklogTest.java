package io.eventline.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SourceBacklogTest {

    private final SourceBacklog backlog = new SourceBacklog();
    private Long pending;

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
}
