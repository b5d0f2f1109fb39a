package io.eventline.saga.participant;

import java.util.Random;

/**
 * Fault injection for a participant, all off by default: slow down each command, refuse a command with
 * probability {@code failProbability} (its step's failure reply), send a reply twice, drop a reply after the
 * command was applied, or crash after applying a command and before answering (the consumer dies without
 * committing its offsets, so the command is delivered again after a restart).
 */
public final class FaultSwitches {

    private final long slowMillis;
    private final double failProbability;
    private final double duplicateProbability;
    private final double dropProbability;
    private final double crashProbability;
    private final Random random;

    public FaultSwitches(long slowMillis, double failProbability, double duplicateProbability,
            double dropProbability, double crashProbability, long seed) {
        this.slowMillis = slowMillis;
        this.failProbability = failProbability;
        this.duplicateProbability = duplicateProbability;
        this.dropProbability = dropProbability;
        this.crashProbability = crashProbability;
        this.random = new Random(seed);
    }

    public static FaultSwitches none() {
        return new FaultSwitches(0, 0, 0, 0, 0, 0);
    }

    public FaultSwitches slow(long millis) {
        return new FaultSwitches(millis, failProbability, duplicateProbability, dropProbability, crashProbability, 0);
    }

    public FaultSwitches dropAll() {
        return new FaultSwitches(slowMillis, failProbability, duplicateProbability, 1.0, crashProbability, 0);
    }

    long slowMillis() {
        return slowMillis;
    }

    synchronized boolean fail() {
        return failProbability > 0 && random.nextDouble() < failProbability;
    }

    synchronized boolean duplicate() {
        return duplicateProbability > 0 && random.nextDouble() < duplicateProbability;
    }

    synchronized boolean drop() {
        return dropProbability > 0 && random.nextDouble() < dropProbability;
    }

    synchronized boolean crash() {
        return crashProbability > 0 && random.nextDouble() < crashProbability;
    }

    @Override
    public String toString() {
        return "slow=" + slowMillis + "ms fail=" + failProbability + " duplicate=" + duplicateProbability
                + " drop=" + dropProbability + " crash=" + crashProbability;
    }
}
