package io.eventline.jobs.orders.projection;

import static io.eventline.common.serde.CompactFields.readNullableString;
import static io.eventline.common.serde.CompactFields.readSignedVarLong;
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
 * The serializer of {@link CustomerProfile}, the customer replica, read for every order row (issue 12, as
 * {@link OrderSummaryRowSerializer}).
 */
public final class CustomerProfileSerializer extends FieldsSerializer<CustomerProfile> {

    private static final long serialVersionUID = 1L;

    public static final CustomerProfileSerializer INSTANCE = new CustomerProfileSerializer();

    @Override
    public CustomerProfile createInstance() {
        return new CustomerProfile();
    }

    @Override
    public CustomerProfile copy(CustomerProfile from) {
        return from.copy();
    }

    @Override
    public void serialize(CustomerProfile profile, DataOutputView out) throws IOException {
        writeNullableString(out, profile.customerId);
        writeNullableString(out, profile.name);
        writeNullableString(out, profile.tier);
        writeSignedVarLong(out, profile.lastSequence);
    }

    @Override
    public CustomerProfile deserialize(DataInputView in) throws IOException {
        CustomerProfile profile = new CustomerProfile();
        profile.customerId = readNullableString(in);
        profile.name = readNullableString(in);
        profile.tier = readNullableString(in);
        profile.lastSequence = readSignedVarLong(in);
        return profile;
    }

    @Override
    public TypeSerializerSnapshot<CustomerProfile> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads this format as is, migrates the PojoSerializer's. */
    public static final class Snapshot extends PojoMigratingSnapshot<CustomerProfile> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@code @TypeInfo} on {@link CustomerProfile}. */
    public static final class Factory extends TypeInfoFactory<CustomerProfile> {
        @Override
        public TypeInformation<CustomerProfile> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(CustomerProfile.class, INSTANCE);
        }
    }
}
