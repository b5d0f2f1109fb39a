package io.eventline.contracts;

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
 * Database user and password, from the environment or a file, never from code. {@link #toString()} never
 * shows the password, and nothing in this package logs it.
 *
 * <ul>
 *   <li>{@code EVENTLINE_JDBC_USER} / {@code EVENTLINE_JDBC_PASSWORD}: the values themselves;
 *   <li>{@code EVENTLINE_JDBC_PASSWORD_FILE}: a file whose content (trailing newline trimmed) is the password
 *       (the Docker/Kubernetes secret convention);
 *   <li>a credentials file given explicitly: a properties file with {@code user=} and {@code password=}.
 * </ul>
 */
public final class JdbcCredentials implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String ENV_USER = "EVENTLINE_JDBC_USER";
    public static final String ENV_PASSWORD = "EVENTLINE_JDBC_PASSWORD";
    public static final String ENV_PASSWORD_FILE = "EVENTLINE_JDBC_PASSWORD_FILE";

    public static final JdbcCredentials NONE = new JdbcCredentials(null, null);

    private final String user;
    private final String password;

    private JdbcCredentials(String user, String password) {
        this.user = blankToNull(user);
        this.password = blankToNull(password);
    }

    public static JdbcCredentials of(String user, String password) {
        return new JdbcCredentials(user, password);
    }

    /** From the process environment. */
    public static JdbcCredentials fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static JdbcCredentials fromEnvironment(Map<String, String> env) {
        String password = env.get(ENV_PASSWORD);
        String passwordFile = env.get(ENV_PASSWORD_FILE);
        if (blankToNull(password) == null && blankToNull(passwordFile) != null) {
            try {
                password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(ENV_PASSWORD_FILE + " names a file that cannot be read", e);
            }
        }
        return new JdbcCredentials(env.get(ENV_USER), password);
    }

    /** From a properties file with {@code user} and {@code password}. */
    public static JdbcCredentials fromFile(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credentials file " + file, e);
        }
        return new JdbcCredentials(properties.getProperty("user"), properties.getProperty("password"));
    }

    /** The file when one is given, else the environment. */
    public static JdbcCredentials resolve(Path fileOrNull) {
        return fileOrNull != null ? fromFile(fileOrNull) : fromEnvironment();
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return "JdbcCredentials{user=" + user + ", password=" + (password == null ? "<none>" : "<redacted>") + "}";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
