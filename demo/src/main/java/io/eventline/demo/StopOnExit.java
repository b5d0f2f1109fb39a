package io.eventline.demo;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the demo started (broker, registry JVM, job), stopped in reverse order on every exit path: a normal
 * return, an exception, and JVM shutdown on Ctrl-C or SIGTERM (through a shutdown hook). Stopping twice is safe.
 */
final class StopOnExit implements AutoCloseable {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread hook = new Thread(this::stopAll, "demo-stop-on-exit");

    StopOnExit() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Registers something to stop; returns it. */
    synchronized <T extends AutoCloseable> T add(T resource) {
        started.push(resource);
        return resource;
    }

    private synchronized void stopAll() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("demo: could not stop " + c + ": " + e);
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running
        }
    }
}
