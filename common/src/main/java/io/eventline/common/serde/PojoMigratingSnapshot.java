package io.eventline.common.serde;

import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;

/**
 * The snapshot of a purpose-built serializer that replaced Flink's PojoSerializer for a state type: its own format
 * is read as is, the PojoSerializer's is migrated on restore (Flink reads the old state with the PojoSerializer it
 * was written with and rewrites it), so checkpoints and savepoints from before the change restore. A subclass per
 * serializer, with a public no-argument constructor: Flink instantiates snapshots by class name.
 */
public abstract class PojoMigratingSnapshot<T> extends SimpleTypeSerializerSnapshot<T> {

    protected PojoMigratingSnapshot(Supplier<? extends TypeSerializer<T>> serializer) {
        super(serializer);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSerializerSnapshot) {
        if (oldSerializerSnapshot instanceof PojoSerializerSnapshot) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return super.resolveSchemaCompatibility(oldSerializerSnapshot);
    }
}
