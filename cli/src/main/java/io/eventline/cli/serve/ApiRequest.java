package io.eventline.cli.serve;

import io.eventline.cli.DurationConverter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A GET request's path id and query parameters, validated: every parameter must be one the route knows, given
 * once, and well-formed; ids are a conservative character set (the queries bind them as parameters anyway, so
 * an id with SQL in it is refused before it gets near the database, and could do no harm there).
 */
final class ApiRequest {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    final String id;
    private final Map<String, String> params;

    private ApiRequest(String id, Map<String, String> params) {
        this.id = id;
        this.params = params;
    }

    /**
     * @param id the decoded path segment, {@code null} for routes without one
     * @param rawQuery the URI's raw query, {@code null} when there is none
     */
    static ApiRequest parse(String id, String rawQuery, List<String> allowed) throws ApiError {
        if (id != null && !ID.matcher(id).matches()) {
            throw ApiError.badRequest("invalid id: 1 to 128 of A-Z a-z 0-9 . _ : @ - (starting with a letter or digit)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!allowed.contains(name)) {
                    throw ApiError.badRequest("unknown parameter '" + name + "'"
                            + (allowed.isEmpty() ? " (this resource takes none)" : " (known: " + String.join(", ", allowed) + ")"));
                }
                if (params.put(name, value) != null) {
                    throw ApiError.badRequest("parameter '" + name + "' given twice");
                }
            }
        }
        return new ApiRequest(id, params);
    }

    /** A positive long, or {@code null} when absent. */
    Long positiveLong(String name) throws ApiError {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw ApiError.badRequest(name + " must be a whole number of at least 1, not '" + value + "'");
    }

    /** A duration ({@code 500ms}, {@code 5s}, {@code PT5S}) of at most {@code max}; zero when absent. */
    Duration duration(String name, Duration max) throws ApiError {
        String value = params.get(name);
        if (value == null) {
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = new DurationConverter().convert(value);
        } catch (CommandLine.TypeConversionException e) {
            throw ApiError.badRequest(name + ": " + e.getMessage());
        }
        if (d.isNegative() || d.compareTo(max) > 0) {
            throw ApiError.badRequest(name + " must be between 0 and " + max.toMillis() + " ms, not '" + value + "'");
        }
        return d;
    }

    private static String decode(String s) throws ApiError {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("malformed percent-encoding in the query");
        }
    }
}
