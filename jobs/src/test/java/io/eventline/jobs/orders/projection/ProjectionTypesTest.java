package io.eventline.jobs.orders.projection;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * State and row types go through Flink's PojoSerializer, never Kryo; the order row through its purpose-built serializer
 * (OrderSummaryRowSerializerTest).
 */
class ProjectionTypesTest {

    @Test
    void rowsAndFactsAreFlinkPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CustomerOrdersRow.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ProjectionStatusRow.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(OrderFact.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ProjectionTick.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CustomerProfile.class);
    }
}
