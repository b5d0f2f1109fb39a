package io.eventline.jobs.orders.projection;

import io.eventline.contracts.JdbcCredentials;
import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.events.EventEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Fills a database with the read models of the test scenario, for trying the query CLI (not part of the test
 * suite; run it explicitly):
 *
 * <pre>
 * mvn -B -o -pl jobs -am test -Dtest=ReadModelsDemo -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Deventline.demo.jdbc-url='jdbc:postgresql://127.0.0.1:5433/eventline?user=postgres'
 * </pre>
 *
 * Without the property it writes {@code .eventline/demo.db} (SQLite) in the repository root.
 */
public class ReadModelsDemo {

    @Test
    void run() throws Exception {
        Path eventline = Path.of("..", ".eventline").toAbsolutePath().normalize();
        Files.createDirectories(eventline);
        String url = System.getProperty("eventline.demo.jdbc-url",
                "jdbc:sqlite:" + eventline.resolve("demo.db") + "?journal_mode=WAL&busy_timeout=5000");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        OrderReadModels.Streams models = OrderReadModels.project(
                env.fromData(OrderEvents.scenario(), new AvroTypeInfo<>(EventEnvelope.class)), "demo", Instant::now);
        OrderReadModels.sinkTo(models, JdbcSinkSettings.builder(url)
                .credentials(JdbcCredentials.fromEnvironment())
                .createMissingTables(true)
                .build());
        models.deadLetters.print("dead-letter");
        env.execute("read-models-demo");
        System.out.println("read models written to " + url);
    }
}
