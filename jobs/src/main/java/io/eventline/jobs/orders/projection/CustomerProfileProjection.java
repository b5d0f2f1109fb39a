package io.eventline.jobs.orders.projection;

import io.eventline.events.CustomerRegistered;
import io.eventline.events.CustomerUpdated;
import io.eventline.events.EventEnvelope;

/**
 * The customer replica as a pure function: {@code CustomerRegistered} creates the profile, {@code CustomerUpdated}
 * replaces the fields it carries (null: unchanged). Rejected, never thrown, with the order projection's reason
 * codes: {@value OrderSummaryProjection#UNKNOWN_AGGREGATE} (an update of a customer never registered),
 * {@value OrderSummaryProjection#ILLEGAL_TRANSITION} (a second registration),
 * {@value OrderSummaryProjection#STALE_SEQUENCE}, {@value OrderSummaryProjection#MISSING_SEQUENCE},
 * {@value OrderSummaryProjection#AGGREGATE_MISMATCH}.
 */
public final class CustomerProfileProjection {

    private CustomerProfileProjection() {}

    public static boolean isCustomerEvent(EventEnvelope event) {
        return customerIdOf(event.getPayload()) != null;
    }

    /** @param state the customer's profile, {@code null} before its registration; never modified */
    public static Outcome<CustomerProfile> apply(CustomerProfile state, EventEnvelope event) {
        Object payload = event.getPayload();
        String customerId = customerIdOf(payload);
        if (customerId == null) {
            return Outcome.rejected(OrderSummaryProjection.UNSUPPORTED_EVENT, event.getEventType() + " is not a customer event");
        }
        if (!customerId.equals(event.getAggregateId())) {
            return Outcome.rejected(OrderSummaryProjection.AGGREGATE_MISMATCH, event.getEventType() + " names customer "
                    + customerId + " but aggregate " + event.getAggregateId());
        }
        Long sequence = event.getSequenceNumber();
        if (sequence == null) {
            return Outcome.rejected(OrderSummaryProjection.MISSING_SEQUENCE,
                    event.getEventType() + " for customer " + customerId + " has no sequence number");
        }
        if (state != null && sequence <= state.lastSequence) {
            return Outcome.rejected(OrderSummaryProjection.STALE_SEQUENCE, event.getEventType() + " for customer "
                    + customerId + " has sequence " + sequence + ", at or below the last applied " + state.lastSequence);
        }
        CustomerProfile next;
        if (payload instanceof CustomerRegistered registered) {
            if (state != null) {
                return Outcome.rejected(OrderSummaryProjection.ILLEGAL_TRANSITION,
                        "customer " + customerId + " is already registered");
            }
            next = new CustomerProfile();
            next.customerId = customerId;
            next.name = registered.getName();
            next.tier = registered.getTier();
        } else {
            if (state == null) {
                return Outcome.rejected(OrderSummaryProjection.UNKNOWN_AGGREGATE,
                        "CustomerUpdated for customer " + customerId + " that was never registered");
            }
            CustomerUpdated updated = (CustomerUpdated) payload;
            next = state.copy();
            if (updated.getName() != null) {
                next.name = updated.getName();
            }
            if (updated.getTier() != null) {
                next.tier = updated.getTier();
            }
        }
        next.lastSequence = sequence;
        return Outcome.applied(next);
    }

    private static String customerIdOf(Object payload) {
        if (payload instanceof CustomerRegistered registered) {
            return registered.getCustomerId();
        } else if (payload instanceof CustomerUpdated updated) {
            return updated.getCustomerId();
        }
        return null;
    }
}
