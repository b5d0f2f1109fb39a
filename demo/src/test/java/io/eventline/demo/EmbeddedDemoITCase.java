package io.eventline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
        String printed = captured.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(printed)
                .contains("300 order_summary rows (300 as expected)")
                .contains("(as expected)")
                .contains("web UI answered while the job ran: yes")
                .contains("CHECK PASSED");
        assertThat(exit).isZero();
    }
}
