package io.eventline.cli.serve;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.sun.net.httpserver.HttpServer;
import io.eventline.cli.DurationConverter;
import io.eventline.cli.query.DatabaseOptions;
import io.eventline.contracts.SqlDialect;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code eventline serve}: the HTTP query API over the read models until the process is stopped (SIGTERM,
 * Ctrl-C). Prints one line, {@code eventline serve: listening on http://HOST:PORT}, once it accepts requests
 * ({@code --port 0} picks a free port; the line says which).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "HTTP query API over the read models: /orders/{id}, /customers/{id}, /status, /health,"
                + " /openapi.json.")
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatabaseOptions db;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--threads", defaultValue = "16",
            description = "Requests served at once, waiting ones included; as many pooled connections"
                    + " (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-wait", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest ?wait= a request may ask for (default: ${DEFAULT-VALUE}).")
    Duration maxWait;

    @Option(names = "--max-lag", defaultValue = "60s", converter = DurationConverter.class,
            description = "/health is UP while every projection's lag is within this (default: ${DEFAULT-VALUE}).")
    Duration maxLag;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        SqlDialect dialect = db.dialect();
        HikariDataSource dataSource = new HikariDataSource(poolConfig(dialect));
        ReadModelResources readModels = new ReadModelResources(dataSource, dialect, maxWait);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        HttpServer server = new QueryApi(readModels, new HealthCheck(readModels, maxLag)).start(host, port, executor);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(1);
            executor.shutdownNow();
            dataSource.close();
            stopped.countDown();
        }, "eventline-serve-shutdown"));
        spec.commandLine().getOut().println("eventline serve: listening on http://" + host + ":"
                + server.getAddress().getPort());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /**
     * A pool (HikariCP) rather than a connection per request: a PostgreSQL connection costs milliseconds to open,
     * more than the read itself. It starts even when the database is down, so /health can say so.
     */
    private HikariConfig poolConfig(SqlDialect dialect) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("eventline-serve");
        config.setJdbcUrl(db.jdbcUrl());
        config.setDataSourceProperties(db.credentials());
        config.setMaximumPoolSize(threads);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1);
        // SQLite takes read-only only when opening a file (WAL readers never block the job's writer anyway).
        config.setReadOnly(dialect == SqlDialect.POSTGRES);
        return config;
    }
}
