package io.eventline.jobs.orders.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.PojoTypes;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer contract ({@link SerializerTestBase}: copies, snapshots, reconfiguration, concurrent use) for
 * {@link OrderSummaryRowSerializer}, over rows with every field, none, and values at the edges of their encodings.
 */
class OrderSummaryRowSerializerTest extends SerializerTestBase<OrderSummaryRow> {

    @Override
    protected TypeSerializer<OrderSummaryRow> createSerializer() {
        return OrderSummaryRowSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<OrderSummaryRow> getTypeClass() {
        return OrderSummaryRow.class;
    }

    @Override
    protected OrderSummaryRow[] getTestData() {
        OrderSummaryRow wide = full();
        wide.total = new BigDecimal("123456789012345678901234567890.12"); // beyond a long: the bytes form
        wide.customerName = "Zoë Ünal-" + "x".repeat(300); // non-ASCII, a length beyond one varint byte
        wide.placedAt = Instant.ofEpochSecond(-62_135_596_800L, 999_999_999); // year 1, before the epoch
        OrderSummaryRow negativeScale = full();
        negativeScale.total = new BigDecimal("1E+3");
        negativeScale.itemCount = -1;
        negativeScale.lastSequence = Long.MAX_VALUE;
        return new OrderSummaryRow[] {full(), new OrderSummaryRow(), wide, negativeScale, waitingForCustomer()};
    }

    static OrderSummaryRow full() {
        OrderSummaryRow r = new OrderSummaryRow();
        r.orderId = "ord-0000042";
        r.customerId = "cust-7";
        r.status = "paid";
        r.itemCount = 3;
        r.total = new BigDecimal("59.90");
        r.currency = "EUR";
        r.placedAt = Instant.parse("2026-11-30T10:15:30.123456789Z");
        r.updatedAt = Instant.parse("2026-11-30T10:16:00Z");
        r.lastSequence = 2;
        r.lastEventId = "evt-ord-0000042-2";
        r.version = 2;
        r.customerName = "Ada";
        r.customerTier = "gold";
        r.customerVersion = 4;
        return r;
    }

    private static OrderSummaryRow waitingForCustomer() {
        OrderSummaryRow r = full();
        r.customerName = null;
        r.customerTier = null;
        r.customerVersion = 0;
        r.currency = null;
        return r;
    }

    @Test
    void typeInformationOfTheClassUsesThisSerializer() {
        assertThat(TypeInformation.of(OrderSummaryRow.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(OrderSummaryRowSerializer.INSTANCE);
    }

    @Test
    void statesWrittenByThePojoSerializerAreMigratedNotRefused() {
        TypeSerializer<OrderSummaryRow> pojo = PojoTypes.of(OrderSummaryRow.class).createSerializer(new SerializerConfigImpl());
        TypeSerializerSchemaCompatibility<OrderSummaryRow> compatibility = OrderSummaryRowSerializer.INSTANCE
                .snapshotConfiguration().resolveSchemaCompatibility(pojo.snapshotConfiguration());
        assertThat(compatibility.isCompatibleAfterMigration()).isTrue();
        assertThat(OrderSummaryRowSerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(OrderSummaryRowSerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAsIs()).isTrue();
    }

    @Test
    void aRowIsSmallerThanThePojoSerializersForm() throws Exception {
        PojoTypeInfo<OrderSummaryRow> pojo = PojoTypes.of(OrderSummaryRow.class);
        int compact = sizeOf(OrderSummaryRowSerializer.INSTANCE, full());
        int reflective = sizeOf(pojo.createSerializer(new SerializerConfigImpl()), full());
        assertThat(compact).isLessThan(reflective);
        DataInputDeserializer in = new DataInputDeserializer(bytes(OrderSummaryRowSerializer.INSTANCE, full()));
        assertThat(OrderSummaryRowSerializer.INSTANCE.deserialize(in)).isEqualTo(full());
        assertThat(in.available()).isZero();
    }

    private static int sizeOf(TypeSerializer<OrderSummaryRow> serializer, OrderSummaryRow row) throws Exception {
        return bytes(serializer, row).length;
    }

    private static byte[] bytes(TypeSerializer<OrderSummaryRow> serializer, OrderSummaryRow row) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(row, out);
        return out.getCopyOfBuffer();
    }
}
