package io.eventline.common.serde;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/**
 * A class as Flink's POJO type, whatever its {@code @TypeInfo} says: how state was stored before a purpose-built
 * serializer replaced the PojoSerializer (the migration tests write state with it).
 */
public final class PojoTypes {

    private PojoTypes() {}

    public static <T> PojoTypeInfo<T> of(Class<T> type) {
        List<PojoField> fields = new ArrayList<>();
        for (Field field : type.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                fields.add(new PojoField(field, TypeExtractor.createTypeInfo(field.getType())));
            }
        }
        return new PojoTypeInfo<>(type, fields);
    }
}
