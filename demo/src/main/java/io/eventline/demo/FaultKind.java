package io.eventline.demo;

/** The faults the suite injects into a running cluster. */
enum FaultKind {
    TASKMANAGER_KILL("TaskManager SIGKILL, restarted after the restart delay"),
    KAFKA_RESTART("Kafka broker process restarted"),
    POSTGRES_STOP("PostgreSQL stopped, then started"),
    POSTGRES_FREEZE("PostgreSQL hung (SIGSTOP), then resumed (SIGCONT)"),
    REGISTRY_DOWN_WITH_RESTART("registry stopped, a job restart (TaskManager kill) inside the window");

    final String description;

    FaultKind(String description) {
        this.description = description;
    }
}
