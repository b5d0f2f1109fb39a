package io.eventline.common.sink;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the database user and password come from: a <em>reference</em> (environment variable names or a file
 * path), resolved each time {@link #user()} / {@link #password()} is called, i.e. on the TaskManager when a sink
 * writer connects. The job graph (and so the HA store on Kubernetes) only holds the reference, never the
 * plaintext password. {@link #toString()} never shows a password, and nothing in this package logs one.
 *
 * <ul>
 *   <li>{@code EVENTLINE_JDBC_USER} / {@code EVENTLINE_JDBC_PASSWORD}: the values themselves;
 *   <li>{@code EVENTLINE_JDBC_PASSWORD_FILE}: a file whose content (trailing newline trimmed) is the password
 *       (the Docker/Kubernetes secret convention);
 *   <li>a credentials file given explicitly: a properties file with {@code user=} and {@code password=}.
 * </ul>
 *
 * The variables or the file must therefore exist where the writers run (the TaskManagers), not only where the
 * job is submitted.
 */
public final class JdbcCredentials implements Serializable {

    private static final long serialVersionUID = 2L;

    public static final String ENV_USER = "EVENTLINE_JDBC_USER";
    public static final String ENV_PASSWORD = "EVENTLINE_JDBC_PASSWORD";
    public static final String ENV_PASSWORD_FILE = "EVENTLINE_JDBC_PASSWORD_FILE";

    public static final JdbcCredentials NONE = new JdbcCredentials(Source.NONE, null, null, null);

    private enum Source { NONE, LITERAL, ENVIRONMENT, FILE }

    private final Source source;
    /** The literal user (LITERAL) or the properties file path (FILE). */
    private final String user;
    private final String file;
    /** Only for {@link #of}: the caller chose to hold the plaintext (tests, embedded demos). */
    private final String literalPassword;
    /** A given environment (tests); never serialized: a job uses the TaskManager's own environment. */
    private final transient Map<String, String> environment;

    private JdbcCredentials(Source source, String user, String file, String literalPassword) {
        this(source, user, file, literalPassword, null);
    }

    private JdbcCredentials(Source source, String user, String file, String literalPassword, Map<String, String> env) {
        this.source = source;
        this.user = blankToNull(user);
        this.file = file;
        this.literalPassword = blankToNull(literalPassword);
        this.environment = env;
    }

    /** Literal values; the password then travels with the job graph: for tests and embedded demos only. */
    public static JdbcCredentials of(String user, String password) {
        return new JdbcCredentials(Source.LITERAL, user, null, password);
    }

    /** From the process environment of whoever connects (the TaskManager for a sink). */
    public static JdbcCredentials fromEnvironment() {
        return new JdbcCredentials(Source.ENVIRONMENT, null, null, null);
    }

    /** From the given environment (tests). */
    public static JdbcCredentials fromEnvironment(Map<String, String> env) {
        return new JdbcCredentials(Source.ENVIRONMENT, null, null, null, Map.copyOf(env));
    }

    /** From a properties file with {@code user} and {@code password}, read when a connection is opened. */
    public static JdbcCredentials fromFile(Path file) {
        return new JdbcCredentials(Source.FILE, null, file.toString(), null);
    }

    /** The file when one is given, else the environment. */
    public static JdbcCredentials resolve(Path fileOrNull) {
        return fileOrNull != null ? fromFile(fileOrNull) : fromEnvironment();
    }

    public String user() {
        return switch (source) {
            case NONE -> null;
            case LITERAL -> user;
            case ENVIRONMENT -> blankToNull(env().get(ENV_USER));
            case FILE -> blankToNull(properties().getProperty("user"));
        };
    }

    public String password() {
        return switch (source) {
            case NONE -> null;
            case LITERAL -> literalPassword;
            case ENVIRONMENT -> passwordFromEnvironment(env());
            case FILE -> blankToNull(properties().getProperty("password"));
        };
    }

    private Map<String, String> env() {
        return environment != null ? environment : System.getenv();
    }

    private static String passwordFromEnvironment(Map<String, String> env) {
        String password = blankToNull(env.get(ENV_PASSWORD));
        String passwordFile = blankToNull(env.get(ENV_PASSWORD_FILE));
        if (password == null && passwordFile != null) {
            try {
                return blankToNull(Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new UncheckedIOException(ENV_PASSWORD_FILE + " names a file that cannot be read", e);
            }
        }
        return password;
    }

    private Properties properties() {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credentials file " + file, e);
        }
        return properties;
    }

    /** Describes the reference, never a password: {@code JdbcCredentials{user=app, password=<redacted>}}. */
    @Override
    public String toString() {
        return switch (source) {
            case NONE -> "JdbcCredentials{none}";
            case LITERAL -> "JdbcCredentials{user=" + user + ", password="
                    + (literalPassword == null ? "<none>" : "<redacted>") + "}";
            case ENVIRONMENT -> "JdbcCredentials{from environment " + ENV_USER + ", " + ENV_PASSWORD + " or "
                    + ENV_PASSWORD_FILE + "}";
            case FILE -> "JdbcCredentials{from file " + file + "}";
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
