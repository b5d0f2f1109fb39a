package io.eventline.jobs.orders.projection;

import static io.eventline.common.serde.CompactFields.readNullableDecimal;
import static io.eventline.common.serde.CompactFields.readNullableInstant;
import static io.eventline.common.serde.CompactFields.readNullableString;
import static io.eventline.common.serde.CompactFields.readSignedVarLong;
import static io.eventline.common.serde.CompactFields.writeNullableDecimal;
import static io.eventline.common.serde.CompactFields.writeNullableInstant;
import static io.eventline.common.serde.CompactFields.writeNullableString;
import static io.eventline.common.serde.CompactFields.writeSignedVarLong;

import io.eventline.common.serde.FieldsSerializer;
import io.eventline.common.serde.PojoMigratingSnapshot;
import io.eventline.common.serde.SerializerTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serializer of {@link OrderFact} (issue 12, as {@link OrderSummaryRowSerializer}): inside
 * {@link OrderFactChangeSerializer}, and of the per-order facts older savepoints hold (the customer projection's
 * retired {@value CustomerOrdersFunction#RETIRED_CONTRIBUTIONS_STATE_NAME} state, which a heap backend restores
 * with it).
 */
public final class OrderFactSerializer extends FieldsSerializer<OrderFact> {

    private static final long serialVersionUID = 1L;

    public static final OrderFactSerializer INSTANCE = new OrderFactSerializer();

    @Override
    public OrderFact createInstance() {
        return new OrderFact();
    }

    /** A shallow copy is a deep one: every reference field is immutable. */
    @Override
    public OrderFact copy(OrderFact from) {
        OrderFact to = new OrderFact();
        to.customerId = from.customerId;
        to.orderId = from.orderId;
        to.sequence = from.sequence;
        to.status = from.status;
        to.total = from.total;
        to.placedAt = from.placedAt;
        to.eventTime = from.eventTime;
        return to;
    }

    @Override
    public void serialize(OrderFact fact, DataOutputView out) throws IOException {
        writeNullableString(out, fact.customerId);
        writeNullableString(out, fact.orderId);
        writeSignedVarLong(out, fact.sequence);
        writeNullableString(out, fact.status);
        writeNullableDecimal(out, fact.total);
        writeNullableInstant(out, fact.placedAt);
        writeNullableInstant(out, fact.eventTime);
    }

    @Override
    public OrderFact deserialize(DataInputView in) throws IOException {
        OrderFact fact = new OrderFact();
        fact.customerId = readNullableString(in);
        fact.orderId = readNullableString(in);
        fact.sequence = readSignedVarLong(in);
        fact.status = readNullableString(in);
        fact.total = readNullableDecimal(in);
        fact.placedAt = readNullableInstant(in);
        fact.eventTime = readNullableInstant(in);
        return fact;
    }

    @Override
    public TypeSerializerSnapshot<OrderFact> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads this format as is, migrates the PojoSerializer's. */
    public static final class Snapshot extends PojoMigratingSnapshot<OrderFact> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@code @TypeInfo} on {@link OrderFact}. */
    public static final class Factory extends TypeInfoFactory<OrderFact> {
        @Override
        public TypeInformation<OrderFact> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(OrderFact.class, INSTANCE);
        }
    }
}
