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
 * The serializer of {@link CustomerOrdersRow}, the customer projection's state, read and written per order event
 * (issue 12; as {@link OrderSummaryRowSerializer}: fields written directly, the PojoSerializer's state migrated).
 */
public final class CustomerOrdersRowSerializer extends FieldsSerializer<CustomerOrdersRow> {

    private static final long serialVersionUID = 1L;

    public static final CustomerOrdersRowSerializer INSTANCE = new CustomerOrdersRowSerializer();

    @Override
    public CustomerOrdersRow createInstance() {
        return new CustomerOrdersRow();
    }

    /** A shallow copy is a deep one: every reference field is immutable. */
    @Override
    public CustomerOrdersRow copy(CustomerOrdersRow from) {
        return from.copy();
    }

    @Override
    public void serialize(CustomerOrdersRow row, DataOutputView out) throws IOException {
        writeNullableString(out, row.customerId);
        writeSignedVarLong(out, row.ordersPlaced);
        writeSignedVarLong(out, row.ordersCancelled);
        writeNullableDecimal(out, row.lifetimeValue);
        writeNullableInstant(out, row.lastOrderAt);
        writeNullableInstant(out, row.updatedAt);
        writeSignedVarLong(out, row.version);
    }

    @Override
    public CustomerOrdersRow deserialize(DataInputView in) throws IOException {
        CustomerOrdersRow row = new CustomerOrdersRow();
        row.customerId = readNullableString(in);
        row.ordersPlaced = (int) readSignedVarLong(in);
        row.ordersCancelled = (int) readSignedVarLong(in);
        row.lifetimeValue = readNullableDecimal(in);
        row.lastOrderAt = readNullableInstant(in);
        row.updatedAt = readNullableInstant(in);
        row.version = readSignedVarLong(in);
        return row;
    }

    @Override
    public TypeSerializerSnapshot<CustomerOrdersRow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads this format as is, migrates the PojoSerializer's. */
    public static final class Snapshot extends PojoMigratingSnapshot<CustomerOrdersRow> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@code @TypeInfo} on {@link CustomerOrdersRow}. */
    public static final class Factory extends TypeInfoFactory<CustomerOrdersRow> {
        @Override
        public TypeInformation<CustomerOrdersRow> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(CustomerOrdersRow.class, INSTANCE);
        }
    }
}
