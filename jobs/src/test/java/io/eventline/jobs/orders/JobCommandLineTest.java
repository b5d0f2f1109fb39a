package io.eventline.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.common.ordering.GapPolicy;
import io.eventline.common.ordering.OrderingClock;
import io.eventline.common.ordering.PoisonPolicy;
import io.eventline.common.ordering.OrderingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JobCommandLineTest {

    @Test
    void defaultsAreTheEmbeddedOnes() {
        JobOptions o = JobCommandLine.parse();
        assertThat(o.bootstrapServers).isEqualTo("localhost:9092");
        assertThat(o.topic).isEqualTo("orders");
        assertThat(o.jdbcUrl).isEqualTo("jdbc:sqlite:eventline.db");
        assertThat(o.gapPolicy).isEqualTo(GapPolicy.SKIP);
        assertThat(o.poisonPolicy).isEqualTo(PoisonPolicy.HOLD); // a poison event holds its aggregate
        assertThat(o.orderingClock).isEqualTo(OrderingClock.LOG);
        assertThat(o.gapTimeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.sourceIdleTimeout).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.controlTopic).isNull();
        assertThat(o.createTables).isFalse();
    }

    @Test
    void configFileSuppliesDefaultsAndFlagsWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "topic=payments\ngap-policy=park\ngap-timeout=PT2M\nparallelism=4\ncreate-tables=true\n");
        JobOptions o = JobCommandLine.parse("--config", file.toString(), "--parallelism", "2");
        assertThat(o.topic).isEqualTo("payments");
        assertThat(o.gapPolicy).isEqualTo(GapPolicy.PARK);
        assertThat(o.gapTimeout).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.parallelism).isEqualTo(2);
        assertThat(o.createTables).isTrue();

        OrderingConfig ordering = OrderProjectionsJob.orderingConfig(o);
        assertThat(ordering.gapPolicy()).isEqualTo(GapPolicy.PARK);
        assertThat(ordering.gapTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ordering.jobName()).isEqualTo("order-projections");
    }

    @Test
    void badValuesAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> JobCommandLine.parse("--gap-policy", "sometimes"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--gap-policy");
        assertThatThrownBy(() -> JobCommandLine.parse("--config", "/nonexistent/job.properties"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("/nonexistent/job.properties");
        assertThatThrownBy(() -> OrderProjectionsJob.startingOffsets("yesterday"))
                .hasMessageContaining("--starting-offsets");
    }

    @Test
    void helpIsPrintedNotParsed() {
        assertThat(JobCommandLine.parse("--help")).isNull();
    }

    @Test
    void flinkConfigurationIsRocksDbIncrementalWithExponentialRestarts() {
        Configuration conf = OrderProjectionsJob.flinkConfiguration(
                JobCommandLine.parse("--checkpoint-dir", "s3://bucket/cp", "--checkpoint-interval", "PT30S"));
        assertThat(conf.toMap())
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("state.backend.incremental", "true")
                .containsEntry("execution.checkpointing.dir", "s3://bucket/cp")
                .containsEntry("execution.checkpointing.interval", "30000 ms")
                .containsEntry("restart-strategy.exponential-delay.max-backoff", "1min")
                .containsEntry("restart-strategy.type", "exponential-delay");
    }
}
