package io.eventline.jobs.orders.projection;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/** A row or state class as Flink's POJO type: how the jobs stored it before its purpose-built serializer. */
final class PojoRows {

    private PojoRows() {}

    static PojoTypeInfo<OrderSummaryRow> pojoTypeInfo() {
        return pojoTypeInfo(OrderSummaryRow.class);
    }

    static <T> PojoTypeInfo<T> pojoTypeInfo(Class<T> type) {
        List<PojoField> fields = new ArrayList<>();
        for (Field field : type.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                fields.add(new PojoField(field, TypeExtractor.createTypeInfo(field.getType())));
            }
        }
        return new PojoTypeInfo<>(type, fields);
    }
}
