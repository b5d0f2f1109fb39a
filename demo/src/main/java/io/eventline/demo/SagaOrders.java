package io.eventline.demo;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderPlaced;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The orders of the saga fault suite, drawn from a seed, and the business rules they run into: stock for about
 * three quarters of the demand (late orders are refused by inventory), a customer over its payment limit in one
 * order of ten, a SKU no carrier takes in about one order of twelve. The expectation for the participants'
 * tables is computed from these orders and the saga outcomes alone.
 */
final class SagaOrders {

    static final List<String> SKUS = List.of("S-1", "S-2", "S-3", "S-4");
    static final String BLOCKED_SKU = "S-BLOCKED";
    static final String POOR_CUSTOMER = "s-poor";
    static final BigDecimal POOR_LIMIT = new BigDecimal("25.00");

    record Order(String id, String customer, BigDecimal amount, Map<String, Integer> items) {}

    final List<Order> orders = new ArrayList<>();
    final int stockPerSku;

    SagaOrders(int count, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            Map<String, Integer> items = new LinkedHashMap<>();
            int lines = 1 + random.nextInt(2);
            for (int l = 0; l < lines; l++) {
                String sku = random.nextInt(12) == 0 ? BLOCKED_SKU : SKUS.get(random.nextInt(SKUS.size()));
                items.merge(sku, 1 + random.nextInt(3), Integer::sum);
            }
            String customer = random.nextInt(10) == 0 ? POOR_CUSTOMER : "s-cust-" + random.nextInt(20);
            orders.add(new Order(String.format("s-%05d", i), customer, BigDecimal.valueOf(500 + random.nextInt(4_000), 2), items));
        }
        stockPerSku = Math.max(1, count * 3 / 4);
    }

    /** Every SKU the orders use, the blocked one included. */
    List<String> allSkus() {
        List<String> all = new ArrayList<>(SKUS);
        all.add(BLOCKED_SKU);
        return all;
    }

    /** The participants' reference data: stock, the payment limit, the blocked SKU. */
    String referenceDataSql() {
        StringBuilder sql = new StringBuilder("INSERT INTO inventory_stock VALUES ");
        List<String> skus = allSkus();
        for (int i = 0; i < skus.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("('").append(skus.get(i)).append("', ").append(stockPerSku).append(')');
        }
        return sql.append("; INSERT INTO payment_limits VALUES ('").append(POOR_CUSTOMER).append("', ")
                .append(POOR_LIMIT.toPlainString()).append("); INSERT INTO shipping_blocked_skus VALUES ('")
                .append(BLOCKED_SKU).append("')").toString();
    }

    /** Publishes OrderPlaced events (Avro through the registry, as the orders topic's producers do). */
    static final class Publisher implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final EnvelopeRecordSerializer<EventEnvelope> serializer;
        private final String topic;

        Publisher(String bootstrap, String registryUrl, String topic) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            this.serializer = OrderEnvelopes.serializer(RegistryConfig.of(registryUrl), topic);
            this.topic = topic;
        }

        void place(Order o) throws Exception {
            List<LineItem> items = new ArrayList<>();
            o.items().forEach((sku, quantity) -> items.add(LineItem.newBuilder().setSku(sku).setQuantity(quantity)
                    .setUnitPrice(new BigDecimal("1.00")).build()));
            EventEnvelope placed = EventEnvelope.newBuilder().setEventId("evt-" + o.id()).setEventType("OrderPlaced")
                    .setAggregateType("Order").setAggregateId(o.id()).setSequenceNumber(1L)
                    .setTimestamp(Instant.now()).setVersion("1.0")
                    .setPayload(OrderPlaced.newBuilder().setOrderId(o.id()).setCustomerId(o.customer()).setItems(items)
                            .setTotal(o.amount()).setCurrency("EUR").build())
                    .build();
            producer.send(new ProducerRecord<>(topic, o.id(), serializer.serializeValue(placed))).get();
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
