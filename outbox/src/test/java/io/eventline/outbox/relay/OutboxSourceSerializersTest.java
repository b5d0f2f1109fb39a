package io.eventline.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class OutboxSourceSerializersTest {

    @Test
    void splitRoundTripsItsPosition() throws Exception {
        OutboxSplit split = new OutboxSplit(new OutboxPosition(4_294_967_296L + 17, 42));
        OutboxSplitSerializer s = OutboxSplitSerializer.INSTANCE;
        assertThat(s.deserialize(s.getVersion(), s.serialize(split))).isEqualTo(split);
        assertThatThrownBy(() -> s.deserialize(2, s.serialize(split))).isInstanceOf(IOException.class);
    }

    @Test
    void enumeratorStateRoundTripsWithAndWithoutTheSplit() throws Exception {
        OutboxEnumeratorStateSerializer s = new OutboxEnumeratorStateSerializer();
        OutboxEnumeratorState assigned = new OutboxEnumeratorState(null);
        OutboxEnumeratorState unassigned = new OutboxEnumeratorState(new OutboxSplit(new OutboxPosition(9, 3)));
        assertThat(s.deserialize(1, s.serialize(assigned))).isEqualTo(assigned);
        assertThat(s.deserialize(1, s.serialize(unassigned))).isEqualTo(unassigned);
    }

    @Test
    void positionsOrderByTxidThenId() {
        assertThat(new OutboxPosition(2, 1)).isGreaterThan(new OutboxPosition(1, 99));
        assertThat(new OutboxPosition(2, 5)).isGreaterThan(new OutboxPosition(2, 4));
        assertThat(OutboxPosition.START).isLessThan(new OutboxPosition(0, 1));
    }
}
