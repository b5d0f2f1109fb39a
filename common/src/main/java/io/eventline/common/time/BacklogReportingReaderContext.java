package io.eventline.common.time;

import org.apache.flink.api.common.watermark.Watermark;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

/** The reader's context, with a metric group that reports the {@code pendingRecords} gauge to a backlog too. */
final class BacklogReportingReaderContext implements SourceReaderContext {

    private final SourceReaderContext context;
    private final SourceReaderMetricGroup metrics;

    BacklogReportingReaderContext(SourceReaderContext context, SourceBacklog backlog) {
        this.context = context;
        this.metrics = new BacklogReportingMetricGroup(context.metricGroup(), backlog);
    }

    @Override
    public SourceReaderMetricGroup metricGroup() {
        return metrics;
    }

    @Override
    public Configuration getConfiguration() {
        return context.getConfiguration();
    }

    @Override
    public String getLocalHostName() {
        return context.getLocalHostName();
    }

    @Override
    public int getIndexOfSubtask() {
        return context.getIndexOfSubtask();
    }

    @Override
    public void sendSplitRequest() {
        context.sendSplitRequest();
    }

    @Override
    public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {
        context.sendSourceEventToCoordinator(sourceEvent);
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
        return context.getUserCodeClassLoader();
    }

    @Override
    public int currentParallelism() {
        return context.currentParallelism();
    }

    @Override
    public void emitWatermark(Watermark watermark) {
        context.emitWatermark(watermark);
    }
}
