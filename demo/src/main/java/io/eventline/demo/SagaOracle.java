package io.eventline.demo;

import io.eventline.demo.SagaOrders.Order;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The saga fault suite's oracles, sharing no code with the orchestrator: what the participants' own tables, the
 * saga_instance rows and the orders topic must hold given the drawn orders and which sagas completed. Each check
 * names what it compares and shows the difference when it fails.
 */
final class SagaOracle {

    record Check(String name, boolean passed, String detail) {}

    private static final Map<String, String> SUCCESS = Map.of("inventory", "InventoryReserved",
            "payment", "PaymentAuthorized", "shipping", "ShipmentArranged");
    private static final Map<String, String> UNDONE = Map.of("inventory", "InventoryReleased",
            "payment", "PaymentVoided", "shipping", "ShipmentCancelled");

    private final String jdbcUrl;
    private final String bootstrap;
    private final SagaOrders drawn;

    SagaOracle(String jdbcUrl, String bootstrap, SagaOrders drawn) {
        this.jdbcUrl = jdbcUrl;
        this.bootstrap = bootstrap;
        this.drawn = drawn;
    }

    /** Sagas per state in saga_instance (the suite's sagas only). */
    Map<String, Integer> states() throws SQLException {
        Map<String, Integer> states = new TreeMap<>();
        for (String row : rows("SELECT state || '|' || count(*) FROM saga_instance WHERE saga_id LIKE 's-%' GROUP BY state")) {
            String[] cols = row.split("\\|");
            states.put(cols[0], Integer.parseInt(cols[1]));
        }
        return states;
    }

    List<Check> check(String ordersTopic) throws SQLException {
        Set<String> completed = new TreeSet<>(rows("SELECT saga_id FROM saga_instance WHERE saga_id LIKE 's-%' AND state = 'COMPLETED'"));
        Set<String> compensated = new TreeSet<>(rows("SELECT saga_id FROM saga_instance WHERE saga_id LIKE 's-%' AND state = 'COMPENSATED'"));
        int n = drawn.orders.size();
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("every saga COMPLETED or COMPENSATED", completed.size() + compensated.size() == n,
                "states " + states() + " of " + n + " sagas"));

        Map<String, Integer> expectedStock = new TreeMap<>();
        drawn.allSkus().forEach(sku -> expectedStock.put(sku, drawn.stockPerSku));
        BigDecimal money = BigDecimal.ZERO.setScale(2);
        for (Order o : drawn.orders) {
            if (completed.contains(o.id())) {
                o.items().forEach((sku, q) -> expectedStock.merge(sku, -q, Integer::sum));
                money = money.add(o.amount());
            }
        }
        Map<String, Integer> stock = new TreeMap<>();
        for (String row : rows("SELECT sku || '|' || available FROM inventory_stock WHERE sku LIKE 'S-%'")) {
            stock.put(row.split("\\|")[0], Integer.parseInt(row.split("\\|")[1]));
        }
        checks.add(new Check("stock = initial - completed orders' items", stock.equals(expectedStock),
                "expected " + expectedStock + ", found " + stock));
        checks.add(new Check("stock never negative", expectedStock.values().stream().allMatch(v -> v >= 0)
                && stock.values().stream().allMatch(v -> v >= 0), "found " + stock));
        checks.add(sameSet("reservations HELD = completed sagas", completed,
                rows("SELECT saga_id FROM inventory_reservations WHERE status = 'HELD' AND saga_id LIKE 's-%'")));
        checks.add(sameSet("payments AUTHORIZED = completed sagas", completed,
                rows("SELECT saga_id FROM payment_authorizations WHERE status = 'AUTHORIZED' AND saga_id LIKE 's-%'")));
        String authorized = rows("SELECT coalesce(sum(amount), 0.00) FROM payment_authorizations"
                + " WHERE status = 'AUTHORIZED' AND saga_id LIKE 's-%'").get(0);
        checks.add(new Check("money authorized = completed orders' money", new BigDecimal(authorized).compareTo(money) == 0,
                "expected " + money.toPlainString() + ", found " + authorized));
        checks.add(sameSet("one shipment ARRANGED per completed saga", completed,
                rows("SELECT saga_id FROM shipping_shipments WHERE status = 'ARRANGED' AND saga_id LIKE 's-%'")));
        checks.add(commandsApplied(completed, compensated));
        checks.add(cancellations(ordersTopic, completed, compensated));
        return checks;
    }

    /**
     * Each participant's command log ({@code <participant>_commands}, one row per command id it applied): a
     * completed saga has exactly its three step commands, each answered with success, and no compensation; a
     * compensated saga has a compensation, answered as done, for every step its participant applied with success.
     */
    private Check commandsApplied(Set<String> completed, Set<String> compensated) throws SQLException {
        Map<String, Map<String, String>> log = new HashMap<>(); // saga -> command id -> reply type
        for (String participant : ParticipantProcesses.NAMES) {
            for (String row : rows("SELECT command_id || '|' || reply_type FROM " + participant + "_commands WHERE command_id LIKE 's-%'")) {
                String[] cols = row.split("\\|");
                log.computeIfAbsent(cols[0].substring(0, cols[0].indexOf('/')), k -> new HashMap<>()).put(cols[0], cols[1]);
            }
        }
        List<String> wrong = new ArrayList<>();
        for (String saga : completed) {
            Map<String, String> expected = new HashMap<>();
            SUCCESS.forEach((step, reply) -> expected.put(saga + "/" + step, reply));
            if (!expected.equals(log.getOrDefault(saga, Map.of()))) {
                wrong.add(saga + " (completed): " + new TreeMap<>(log.getOrDefault(saga, Map.of())));
            }
        }
        for (String saga : compensated) {
            Map<String, String> applied = log.getOrDefault(saga, Map.of());
            for (String step : ParticipantProcesses.NAMES) {
                boolean succeeded = SUCCESS.get(step).equals(applied.get(saga + "/" + step));
                boolean undone = UNDONE.get(step).equals(applied.get(saga + "/" + step + "/compensate"));
                if (succeeded && !undone) {
                    wrong.add(saga + " (compensated): " + step + " applied, not undone: " + new TreeMap<>(applied));
                }
            }
        }
        return new Check("participants' command logs agree with the outcomes", wrong.isEmpty(),
                wrong.isEmpty() ? log.values().stream().mapToInt(Map::size).sum() + " commands applied, each once"
                        : wrong.size() + " sagas: " + String.join("; ", wrong.subList(0, Math.min(5, wrong.size()))));
    }

    /** The orders topic (read_committed): OrderPlaced only for a completed order, OrderPlaced + one OrderCancelled for a compensated one. */
    private Check cancellations(String topic, Set<String> completed, Set<String> compensated) {
        Map<String, Integer> perOrder = new HashMap<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    perOrder.merge(r.key(), 1, Integer::sum);
                }
            }
        }
        List<String> wrong = new ArrayList<>();
        completed.forEach(id -> { if (perOrder.getOrDefault(id, 0) != 1) wrong.add(id + " completed: " + perOrder.get(id) + " records"); });
        compensated.forEach(id -> { if (perOrder.getOrDefault(id, 0) != 2) wrong.add(id + " compensated: " + perOrder.get(id) + " records"); });
        return new Check("one OrderCancelled per compensated order, none for completed ones", wrong.isEmpty(),
                wrong.isEmpty() ? compensated.size() + " cancellations" : String.join("; ", wrong.subList(0, Math.min(5, wrong.size()))));
    }

    private static Check sameSet(String name, Set<String> expected, List<String> found) {
        Set<String> actual = new HashSet<>(found);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        boolean ok = missing.isEmpty() && extra.isEmpty() && found.size() == actual.size();
        return new Check(name, ok, ok ? expected.size() + " rows" : "missing " + first(missing) + ", unexpected " + first(extra));
    }

    private static String first(Set<String> s) {
        return s.size() <= 5 ? s.toString() : s.stream().limit(5).toList() + " and " + (s.size() - 5) + " more";
    }

    List<String> rows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
