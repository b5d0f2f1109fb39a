package io.eventline.common.deadletter;

import io.eventline.deadletter.DeadLetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts every dead letter on its way to the DLQ sink, whatever stage wrote it, as
 * {@code deadLettersWritten.stage.<stage>.reason.<reason>.count} (stage and reason are labels in Prometheus:
 * {@code flink_taskmanager_job_task_operator_deadLettersWritten_stage_reason_count{stage="project",
 * reason="unknown-aggregate"}}). The known codes are registered at zero up front, so that rate() and dashboards
 * see them before the first failure; others are registered on first sight. Passes records through unchanged.
 */
public class DeadLetterMetrics extends RichMapFunction<DeadLetter, DeadLetter> {

    private static final long serialVersionUID = 1L;

    public static final String GROUP = "deadLettersWritten";

    /** Codes to register up front. */
    private final List<DeadLetterCode> known;

    private transient MetricGroup group;
    private transient Map<String, Counter> counters;

    public DeadLetterMetrics(List<DeadLetterCode> known) {
        this.known = List.copyOf(known);
    }

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getMetricGroup().addGroup(GROUP);
        counters = new HashMap<>();
        for (DeadLetterCode code : known) {
            counter(code.stage(), code.reason());
        }
    }

    @Override
    public DeadLetter map(DeadLetter letter) {
        counter(letter.getStage(), letter.getReason()).inc();
        return letter;
    }

    private Counter counter(String stage, String reason) {
        String s = stage == null || stage.isEmpty() ? "unknown" : stage;
        String r = reason == null || reason.isEmpty() ? "unknown" : reason;
        return counters.computeIfAbsent(s + '\u0000' + r,
                k -> group.addGroup("stage", s).addGroup("reason", r).counter("count"));
    }
}
