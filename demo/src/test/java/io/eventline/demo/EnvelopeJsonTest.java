package io.eventline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.EnvelopeJsonDecoder;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import io.eventline.testkit.workload.WorkloadSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeJsonTest {

    @Test
    void jsonRecordsOfTheDemoTrafficDecodeBackToTheSameEnvelope() throws Exception {
        List<Outgoing> json = new OrderWorkload(WorkloadSettings.demo(400)).remaining().stream()
                .filter(o -> o.event() != null && o.asJson() && o.sequence() > 0).toList();
        assertThat(json).hasSizeGreaterThan(50);
        EnvelopeJsonDecoder decoder = new EnvelopeJsonDecoder();
        for (Outgoing out : json) {
            assertThat(decoder.decode(EnvelopeJson.encode(out.event()))).isEqualTo(out.event());
        }
    }
}
