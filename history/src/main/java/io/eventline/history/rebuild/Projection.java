package io.eventline.history.rebuild;

import io.eventline.common.sink.UpsertTable;
import io.eventline.jobs.orders.projection.ReadModelTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The read models a rebuild can re-derive: the live table's name and key, and how the job writes it. */
public enum Projection {
    ORDER_SUMMARY(ReadModelTables.ORDER_SUMMARY),
    CUSTOMER_ORDERS(ReadModelTables.CUSTOMER_ORDERS);

    private final UpsertTable<?> upsert;

    Projection(UpsertTable<?> upsert) {
        this.upsert = upsert;
    }

    /** The live table readers query, e.g. {@code order_summary}. */
    public String table() {
        return upsert.table();
    }

    public String keyColumn() {
        return upsert.keyColumns().get(0);
    }

    public List<String> columns() {
        return upsert.columns();
    }

    public UpsertTable<?> upsert() {
        return upsert;
    }

    /** Parses {@code order_summary,customer_orders} (table names, any case). */
    public static List<Projection> parseList(String spec) {
        List<Projection> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            Projection found = null;
            for (Projection p : values()) {
                if (p.table().equals(name)) {
                    found = p;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown projection '" + part.trim() + "' (known: order_summary, customer_orders)");
            }
            if (!out.contains(found)) {
                out.add(found);
            }
        }
        return List.copyOf(out);
    }
}
