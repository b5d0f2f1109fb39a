package io.eventline.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The checkpoint durations of the last few soak samples, and their median (the soak's judged checkpoint figure). */
final class CheckpointWindow {

    private final int samples;
    private final ArrayDeque<List<Long>> window = new ArrayDeque<>();

    CheckpointWindow(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("a checkpoint window holds at least one sample, not " + samples);
        }
        this.samples = samples;
    }

    /** Adds one sample's durations, drops the oldest sample beyond the window; the window's median, -1 if empty. */
    long add(List<Long> sampleDurations) {
        window.addLast(List.copyOf(sampleDurations));
        if (window.size() > samples) {
            window.removeFirst();
        }
        List<Long> all = new ArrayList<>();
        window.forEach(all::addAll);
        return median(all);
    }

    /** The median (upper, for an even count) of the durations, -1 for none. */
    static long median(List<Long> durations) {
        List<Long> sorted = new ArrayList<>(durations);
        sorted.sort(null);
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }
}
