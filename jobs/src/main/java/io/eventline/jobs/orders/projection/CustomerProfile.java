package io.eventline.jobs.orders.projection;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The order read models' replica of one customer (event-carried state transfer): what {@code order_summary}
 * denormalizes, kept from the customer's own events. Stored by {@link CustomerProfileSerializer} (issue 12; a
 * Flink POJO before, whose state it migrates).
 */
@TypeInfo(CustomerProfileSerializer.Factory.class)
public class CustomerProfile {
    public String customerId;
    public String name;
    /** Null when no event set a tier (the field is optional since EventEnvelope v4). */
    public String tier;
    /** Sequence number of the last customer event applied. */
    public long lastSequence;

    public CustomerProfile() {}

    public CustomerProfile copy() {
        CustomerProfile p = new CustomerProfile();
        p.customerId = customerId;
        p.name = name;
        p.tier = tier;
        p.lastSequence = lastSequence;
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomerProfile p && lastSequence == p.lastSequence
                && Objects.equals(customerId, p.customerId) && Objects.equals(name, p.name)
                && Objects.equals(tier, p.tier);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerId, lastSequence);
    }

    @Override
    public String toString() {
        return "CustomerProfile{" + customerId + ", " + name + ", tier=" + tier + ", seq=" + lastSequence + "}";
    }
}
