package io.eventline.cli.query;

import io.eventline.contracts.JdbcCredentials;
import io.eventline.contracts.SqlDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the read-model tables are: the options of every {@code query} subcommand. */
public final class DatabaseOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--jdbc-url", defaultValue = "${env:EVENTLINE_JDBC_URL}",
            description = "jdbc:postgresql://... or jdbc:sqlite:FILE (default: $EVENTLINE_JDBC_URL).")
    String jdbcUrl;

    @Option(names = "--credentials-file",
            description = "Properties file with user= and password=; default: $EVENTLINE_JDBC_USER and"
                    + " $EVENTLINE_JDBC_PASSWORD (or $EVENTLINE_JDBC_PASSWORD_FILE).")
    Path credentialsFile;

    public SqlDialect dialect() {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jdbc-url is required (or set EVENTLINE_JDBC_URL)");
        }
        try {
            return SqlDialect.fromUrl(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A read-only connection and the dialect to read its values with. */
    ReadModelQueries open() throws SQLException {
        SqlDialect dialect = dialect();
        Connection connection = DriverManager.getConnection(jdbcUrl, credentials());
        if (dialect == SqlDialect.POSTGRES) {
            connection.setReadOnly(true); // SQLite only takes read-only when opening (and WAL readers never block writers)
        }
        return new ReadModelQueries(connection, dialect);
    }

    /** The user and password from {@code --credentials-file} or the environment, as JDBC connection properties. */
    public Properties credentials() {
        JdbcCredentials credentials = JdbcCredentials.resolve(credentialsFile);
        Properties properties = new Properties();
        if (credentials.user() != null) {
            properties.setProperty("user", credentials.user());
        }
        if (credentials.password() != null) {
            properties.setProperty("password", credentials.password());
        }
        return properties;
    }
}
