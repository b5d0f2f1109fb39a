package io.eventline.notification;

/**
 * Where a notification came from and what its retry topics did with it so far; travels in the retry topics'
 * headers ({@link RetryHeaders}) and ends in the dead letter. A Flink POJO.
 */
public class RetryHistory {
    /** The notification's record on the source topic. */
    public String originalTopic;
    public int originalPartition;
    public long originalOffset;
    /** Lookups made so far, over every pass (each pass makes up to the in-operator attempts). */
    public int attempts;
    /** Retry topics passed so far: 0 on the first pass, k after the k-th retry topic. */
    public int retries;
    /** When the first pass gave up on a transient failure (epoch millis); 0 before. */
    public long firstFailureAt;
    /** One line per failed pass, {@code <epoch millis> <reason>: <message>}, oldest first. */
    public String failures;
    /** When the retry gate may re-inject the notification: its retry record's timestamp plus the topic's delay. */
    public long dueAt;

    public RetryHistory() {}

    static RetryHistory origin(String topic, int partition, long offset) {
        RetryHistory h = new RetryHistory();
        h.originalTopic = topic;
        h.originalPartition = partition;
        h.originalOffset = offset;
        h.failures = "";
        return h;
    }

    /** This history after one more failed pass at {@code now}. */
    RetryHistory failedPass(int attemptsThisPass, String reason, String message, long now) {
        RetryHistory h = copy();
        h.attempts += attemptsThisPass;
        h.firstFailureAt = firstFailureAt == 0 ? now : firstFailureAt;
        String line = now + " " + reason + ": " + message;
        h.failures = failures == null || failures.isEmpty() ? line : failures + "\n" + line;
        return h;
    }

    /** The time of the last failed pass (the last line of {@link #failures}). */
    long failedAt() {
        String last = lastLine();
        return last.isEmpty() ? firstFailureAt : Long.parseLong(last.substring(0, last.indexOf(' ')));
    }

    /** The reason of the last failed pass. */
    String lastReason() {
        String last = lastLine();
        int space = last.indexOf(' ');
        int colon = last.indexOf(':', space + 1);
        return space < 0 || colon < 0 ? "" : last.substring(space + 1, colon);
    }

    private String lastLine() {
        if (failures == null || failures.isEmpty()) {
            return "";
        }
        return failures.substring(failures.lastIndexOf('\n') + 1);
    }

    RetryHistory copy() {
        RetryHistory h = new RetryHistory();
        h.originalTopic = originalTopic;
        h.originalPartition = originalPartition;
        h.originalOffset = originalOffset;
        h.attempts = attempts;
        h.retries = retries;
        h.firstFailureAt = firstFailureAt;
        h.failures = failures;
        h.dueAt = dueAt;
        return h;
    }
}
