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

    /**
     * Why the job restarted: one line per entry of its exception history (GET /jobs/:id/exceptions), oldest
     * first: the time, the failing task and the root cause (the last "Caused by" of the stack trace).
     */
    java.util.List<String> restartCauses(String job) {
        java.util.List<String> causes = new java.util.ArrayList<>();
        try {
            for (JsonNode e : get("/jobs/" + job + "/exceptions?maxExceptions=50").path("exceptionHistory").path("entries")) {
                causes.add(java.time.Instant.ofEpochMilli(e.path("timestamp").asLong()) + " "
                        + e.path("taskName").asText("(job)") + ": " + rootCause(e.path("stacktrace").asText(
                                e.path("exceptionName").asText())));
            }
        } catch (IOException | InterruptedException e) {
            causes.add("exception history unreadable: " + e.getMessage());
        }
        java.util.Collections.reverse(causes); // the REST API lists the latest first
        return causes;
    }

    private static String rootCause(String stacktrace) {
        String cause = stacktrace.lines().findFirst().orElse("");
        for (String line : (Iterable<String>) stacktrace.lines()::iterator) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        return cause.length() > 300 ? cause.substring(0, 300) + "…" : cause;
    }

    /** One completed checkpoint of the job's checkpoint history. */
    record Checkpoint(long id, long triggerMillis, long durationMillis, long stateBytes) {}

    /** The completed checkpoints in the job's history (the REST API keeps the last few; poll often enough). */
    java.util.List<Checkpoint> completedCheckpoints(String job) {
        java.util.List<Checkpoint> list = new java.util.ArrayList<>();
        try {
            for (JsonNode c : get("/jobs/" + job + "/checkpoints").path("history")) {
                if (c.path("status").asText().equals("COMPLETED")) {
                    list.add(new Checkpoint(c.path("id").asLong(), c.path("trigger_timestamp").asLong(),
                            c.path("end_to_end_duration").asLong(), c.path("state_size").asLong()));
                }
            }
        } catch (IOException | InterruptedException e) {
            // none readable now
        }
        return list;
    }

    /** Heap used by the (first) TaskManager, from its Status.JVM.Memory.Heap.Used metric, or -1. */
    long taskManagerHeapUsed() {
        try {
            for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
                for (JsonNode m : get("/taskmanagers/" + tm.path("id").asText() + "/metrics?get=Status.JVM.Memory.Heap.Used")) {
                    return m.path("value").asLong();
                }
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
