package io.eventline.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few facts about a job the fault suite reads from the cluster's REST API. */
final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    FlinkRest(String base) {
        this.base = base;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The job's state, or "RUNNING" only when every task of it runs too (a restarting job reports RUNNING early). */
    String state(String job) {
        try {
            JsonNode j = get("/jobs/" + job);
            String state = j.path("state").asText();
            if (state.equals("RUNNING")) {
                for (JsonNode v : j.path("vertices")) {
                    if (!v.path("status").asText().equals("RUNNING")) {
                        return "RUNNING (" + v.path("name").asText() + " " + v.path("status").asText() + ")";
                    }
                }
            }
            return state;
        } catch (IOException | InterruptedException e) {
            return "UNREACHABLE";
        }
    }

    /** The job's restart count (the numRestarts metric), or -1 when unknown. */
    long restarts(String job) {
        try {
            for (JsonNode m : get("/jobs/" + job + "/metrics?get=numRestarts")) {
                return m.path("value").asLong();
            }
        } catch (IOException | InterruptedException e) {
            // unknown
        }
        return -1;
    }

    /** When the latest completed checkpoint was triggered (epoch ms), or -1. */
    long lastCompletedCheckpointTrigger(String job) {
        try {
            return get("/jobs/" + job + "/checkpoints").path("latest").path("completed").path("trigger_timestamp")
                    .asLong(-1);
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }
}
