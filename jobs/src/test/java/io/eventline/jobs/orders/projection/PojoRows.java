package io.eventline.jobs.orders.projection;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/** {@link OrderSummaryRow} as Flink's POJO type, as the jobs stored it before {@link OrderSummaryRowSerializer}. */
final class PojoRows {

    private PojoRows() {}

    static PojoTypeInfo<OrderSummaryRow> pojoTypeInfo() {
        List<PojoField> fields = new ArrayList<>();
        for (Field field : OrderSummaryRow.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                fields.add(new PojoField(field, TypeExtractor.createTypeInfo(field.getType())));
            }
        }
        return new PojoTypeInfo<>(OrderSummaryRow.class, fields);
    }
}
