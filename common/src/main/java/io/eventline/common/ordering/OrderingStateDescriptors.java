package io.eventline.common.ordering;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The ordering operator's keyed state descriptors, for tools that read a savepoint with the State Processor API
 * (e.g. {@code eventline state}): the same names and types the operator writes, so nothing is duplicated.
 */
public final class OrderingStateDescriptors {

    private OrderingStateDescriptors() {}

    /** Per aggregate: next expected number, buffer and hold counts, parked flag, pending timers. */
    public static ValueStateDescriptor<AggregateProgress> progress() {
        return OrderingState.progressDescriptor();
    }

    /** Events waiting ahead of the next expected number, by sequence number. */
    public static <E> MapStateDescriptor<Long, E> buffer(TypeInformation<E> eventType) {
        return OrderingState.bufferDescriptor(eventType);
    }

    /** Held sequence numbers (dead-lettered upstream, or overflowed) to the reference of their dead letter. */
    public static MapStateDescriptor<Long, String> holds() {
        return OrderingState.holdsDescriptor();
    }

    /** Skipped ranges by first number: last number and when it was skipped. */
    public static MapStateDescriptor<Long, SkippedRange> skipped() {
        return OrderingState.skippedDescriptor();
    }
}
