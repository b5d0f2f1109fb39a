package io.eventline.jobs.orders.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import org.junit.jupiter.api.Test;

/** {@code --audit-topic [TOPIC]} and {@code --audit-table}: off by default, {@code <topic>.audit} without a name. */
class AuditOptionsTest {

    @Test
    void offByDefault() {
        JobOptions options = JobCommandLine.parse("--topic", "orders");
        assertThat(options.auditTopic()).isNull();
        assertThat(options.auditTable).isFalse();
    }

    @Test
    void withoutANameTheTopicIsTheSourceTopicDotAudit() {
        JobOptions options = JobCommandLine.parse("--topic", "shop", "--audit-topic", "--audit-table");
        assertThat(options.auditTopic()).isEqualTo("shop.audit");
        assertThat(options.auditTable).isTrue();
    }

    @Test
    void aNamedTopic() {
        JobOptions options = JobCommandLine.parse("--audit-topic", "audit.orders", "--topic", "shop");
        assertThat(options.auditTopic()).isEqualTo("audit.orders");
    }
}
