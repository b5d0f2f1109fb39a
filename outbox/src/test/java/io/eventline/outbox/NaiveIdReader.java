package io.eventline.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broken relay the issue warns about, polling {@code id > last_seen}: a row whose transaction commits after
 * a higher id was seen is passed over for good. Runs beside the real relay to prove the test can fail.
 */
final class NaiveIdReader implements AutoCloseable {

    final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    NaiveIdReader(OutboxDatabase database) {
        thread = new Thread(() -> {
            long last = 0;
            try (Connection c = database.connect(10);
                    PreparedStatement s = c.prepareStatement("SELECT id, event_id FROM outbox WHERE id > ? ORDER BY id")) {
                while (running) {
                    s.setLong(1, last);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            last = rs.getLong(1);
                            seen.add(rs.getString(2));
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                if (running) {
                    throw new IllegalStateException(e);
                }
            }
        }, "naive-id-reader");
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
