package io.eventline.common.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain calls to the registry's Confluent-compatible API, to check what our client did. */
public final class RegistryHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryHttp() {}

    public static JsonNode call(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The id the registry reports for the latest version of {@code subject}. */
    public static int latestId(String ccompatUrl, String subject) throws Exception {
        return call("GET", ccompatUrl + "/subjects/" + subject + "/versions/latest", null).get("id").intValue();
    }

    public static int idFromWireFormat(byte[] value) {
        return (value[1] & 0xff) << 24 | (value[2] & 0xff) << 16 | (value[3] & 0xff) << 8 | (value[4] & 0xff);
    }
}
