package io.eventline.common.ordering;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/** {@link AggregateProgress} as Flink's POJO type, as the ordering operator stored it before its own serializer. */
final class PojoProgress {

    private PojoProgress() {}

    static PojoTypeInfo<AggregateProgress> typeInfo() {
        List<PojoField> fields = new ArrayList<>();
        for (Field field : AggregateProgress.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                fields.add(new PojoField(field, TypeExtractor.createTypeInfo(field.getType())));
            }
        }
        return new PojoTypeInfo<>(AggregateProgress.class, fields);
    }
}
