package io.eventline.jobs.orders.projection;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type information of {@link OrderSummaryRow} ({@code @TypeInfo} on the class): what
 * {@code TypeInformation.of(OrderSummaryRow.class)} returns everywhere, so every state, shuffle and sink uses
 * {@link OrderSummaryRowSerializer}.
 */
public final class OrderSummaryRowTypeInfo extends TypeInformation<OrderSummaryRow> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<OrderSummaryRow> getTypeClass() {
        return OrderSummaryRow.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<OrderSummaryRow> createSerializer(SerializerConfig config) {
        return OrderSummaryRowSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "OrderSummaryRow";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrderSummaryRowTypeInfo;
    }

    @Override
    public int hashCode() {
        return OrderSummaryRowTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof OrderSummaryRowTypeInfo;
    }

    /** Named by {@code @TypeInfo} on {@link OrderSummaryRow}. */
    public static final class Factory extends TypeInfoFactory<OrderSummaryRow> {
        @Override
        public TypeInformation<OrderSummaryRow> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new OrderSummaryRowTypeInfo();
        }
    }
}
