package io.eventline.jobs.orders.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer contract ({@link SerializerTestBase}) for the customer projection's and the replica's own
 * serializers, with every field, none, and values at the edges of their encodings.
 */
class ProjectionSerializersTest {

    @Test
    void typeInformationOfEachClassUsesItsSerializer() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        assertThat(TypeInformation.of(CustomerOrdersRow.class).createSerializer(config)).isSameAs(CustomerOrdersRowSerializer.INSTANCE);
        assertThat(TypeInformation.of(OrderFact.class).createSerializer(config)).isSameAs(OrderFactSerializer.INSTANCE);
        assertThat(TypeInformation.of(OrderFactChange.class).createSerializer(config))
                .isSameAs(OrderFactChangeSerializer.INSTANCE);
        assertThat(TypeInformation.of(CustomerProfile.class).createSerializer(config)).isSameAs(CustomerProfileSerializer.INSTANCE);
    }

    @Nested
    class CustomerOrdersRows extends SerializerTestBase<CustomerOrdersRow> {
        @Override
        protected TypeSerializer<CustomerOrdersRow> createSerializer() {
            return CustomerOrdersRowSerializer.INSTANCE;
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<CustomerOrdersRow> getTypeClass() {
            return CustomerOrdersRow.class;
        }

        @Override
        protected CustomerOrdersRow[] getTestData() {
            CustomerOrdersRow full = new CustomerOrdersRow();
            full.customerId = "cust-7";
            full.ordersPlaced = Integer.MAX_VALUE;
            full.ordersCancelled = 1;
            full.lifetimeValue = new BigDecimal("99999999999999999999999.99"); // beyond a long
            full.lastOrderAt = Instant.parse("2026-11-30T10:15:30Z");
            full.updatedAt = Instant.ofEpochSecond(-1, 1);
            full.version = Long.MIN_VALUE;
            CustomerOrdersRow small = full.copy();
            small.lifetimeValue = new BigDecimal("-0.01");
            return new CustomerOrdersRow[] {full, small, new CustomerOrdersRow()};
        }
    }

    @Nested
    class OrderFacts extends SerializerTestBase<OrderFact> {
        @Override
        protected TypeSerializer<OrderFact> createSerializer() {
            return OrderFactSerializer.INSTANCE;
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<OrderFact> getTypeClass() {
            return OrderFact.class;
        }

        @Override
        protected OrderFact[] getTestData() {
            OrderFact cancelled = OrderFact.of(OrderSummaryRowSerializerTest.full());
            cancelled.status = "cancelled";
            cancelled.total = null;
            return new OrderFact[] {OrderFact.of(OrderSummaryRowSerializerTest.full()), cancelled, new OrderFact()};
        }
    }

    @Nested
    class OrderFactChanges extends SerializerTestBase<OrderFactChange> {
        @Override
        protected TypeSerializer<OrderFactChange> createSerializer() {
            return OrderFactChangeSerializer.INSTANCE;
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<OrderFactChange> getTypeClass() {
            return OrderFactChange.class;
        }

        @Override
        protected OrderFactChange[] getTestData() {
            OrderSummaryRow paid = OrderSummaryRowSerializerTest.full();
            OrderSummaryRow placed = paid.copy();
            placed.status = "placed";
            placed.lastSequence = paid.lastSequence - 1;
            return new OrderFactChange[] {OrderFactChange.of(placed, paid), OrderFactChange.of(null, placed),
                    new OrderFactChange()};
        }
    }

    @Nested
    class CustomerProfiles extends SerializerTestBase<CustomerProfile> {
        @Override
        protected TypeSerializer<CustomerProfile> createSerializer() {
            return CustomerProfileSerializer.INSTANCE;
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<CustomerProfile> getTypeClass() {
            return CustomerProfile.class;
        }

        @Override
        protected CustomerProfile[] getTestData() {
            CustomerProfile ada = new CustomerProfile();
            ada.customerId = "cust-1";
            ada.name = "Ada Lovelace-Ünal";
            ada.tier = "gold";
            ada.lastSequence = 12;
            CustomerProfile noTier = ada.copy();
            noTier.tier = null;
            return new CustomerProfile[] {ada, noTier, new CustomerProfile()};
        }
    }
}
