package io.eventline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.WorkloadSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's first command, smaller: the whole job on embedded Kafka, registry, Flink and SQLite. */
class EmbeddedDemoITCase {

    @Test
    void demoEndsWithReadModelsEqualToTheGeneratorsExpectation() throws Exception {
        int uiPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            uiPort = socket.getLocalPort();
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = new CommandLine(new EmbeddedDemo()).execute("--orders", "300", "--ui-port", String.valueOf(uiPort),
                    "--work-dir", "target/demo-itcase", "--timeout", "PT2M");
        } finally {
            System.setOut(out);
        }
        long orders = new OrderWorkload(WorkloadSettings.demo(300)).ordersPresent();
        String printed = captured.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(printed)
                .contains(orders + " order_summary rows (" + orders + " as expected)")
                .contains("(as expected)")
                .contains("web UI answered while the job ran: yes")
                .contains("CHECK PASSED");
        assertThat(exit).isZero();
    }
}
