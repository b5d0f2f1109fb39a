package io.eventline.jobs.orders.projection;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * State and row types go through Flink's PojoSerializer, never Kryo; the order row through its purpose-built serializer
 * and the state read and written per event through theirs (OrderSummaryRowSerializerTest, ProjectionSerializersTest).
 */
class ProjectionTypesTest {

    @Test
    void rowsAndFactsAreFlinkPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ProjectionStatusRow.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ProjectionTick.class);
    }
}
