package io.eventline.demo;

/**
 * One minute of a soak run.
 *
 * @param elapsedMillis since the soak's traffic started
 * @param recordsSent records produced so far
 * @param heapAfterGcBytes the TaskManager's live heap: the bytes of all objects right after a forced full GC
 *     ({@code jcmd GC.class_histogram}), -1 unknown
 * @param stateBytes full state size of the latest completed checkpoint, -1 unknown
 * @param aggregates orders with a row so far (the state is per aggregate)
 * @param maxCheckpointMillis the longest end-to-end duration of the checkpoints completed in this minute, -1 none
 * @param medianCheckpointMillis the median end-to-end duration of the checkpoints completed in this minute, -1 none
 * @param checkpoints checkpoints completed in this minute
 * @param windowMedianCheckpointMillis the median end-to-end duration of the checkpoints completed in the trailing
 *     window (this minute and the ones before it, see {@link SoakSampler}), -1 none
 */
record SoakSample(long elapsedMillis, long recordsSent, long heapAfterGcBytes, long stateBytes, long aggregates,
        long maxCheckpointMillis, long medianCheckpointMillis, int checkpoints, long windowMedianCheckpointMillis) {

    /** State bytes per aggregate with a row, or -1. */
    double stateBytesPerAggregate() {
        return stateBytes < 0 || aggregates <= 0 ? -1 : (double) stateBytes / aggregates;
    }
}
