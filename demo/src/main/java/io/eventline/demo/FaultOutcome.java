package io.eventline.demo;

/**
 * What one injected fault did.
 *
 * @param recordsSentBefore records the producer had sent when the fault started
 * @param injectedAt when the fault started (epoch ms)
 * @param endedAt when the fault's outage ended: the process or service back (epoch ms)
 * @param recoveredAt when the job ran again with a checkpoint completed after the outage (epoch ms), -1 if never
 * @param restarts job restarts (numRestarts) between the fault's start and its recovery
 */
record FaultOutcome(FaultKind kind, long recordsSentBefore, long injectedAt, long endedAt, long recoveredAt,
        long restarts) {

    boolean survived() {
        return recoveredAt >= 0;
    }

    /** Milliseconds from the end of the outage to recovery. */
    long recoveryMillis() {
        return recoveredAt - endedAt;
    }
}
