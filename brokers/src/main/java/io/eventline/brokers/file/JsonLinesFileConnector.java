package io.eventline.brokers.file;

import io.eventline.brokers.source.BrokerConnector;
import io.eventline.brokers.source.BrokerConsumer;
import io.eventline.brokers.source.BrokerMessage;
import io.eventline.brokers.source.BrokerSplit;
import io.eventline.brokers.source.Headers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded source of one record per non-blank line of files (e.g. EventBridge events exported as JSON lines):
 * offset = the line number, timestamp = when it was read. Nothing to acknowledge; a restart reads the files again
 * from the start (the ordering operator drops what was applied). For replaying archives, not for live traffic.
 */
public record JsonLinesFileConnector(List<String> files) implements BrokerConnector {

    private static final long serialVersionUID = 1L;
    private static final int BATCH = 1_000;

    public JsonLinesFileConnector {
        files = List.copyOf(files);
    }

    @Override
    public String broker() {
        return "file";
    }

    @Override
    public List<String> splitNames() {
        return files;
    }

    @Override
    public boolean bounded() {
        return true;
    }

    @Override
    public BrokerConsumer open(BrokerSplit split, String consumerName) throws IOException {
        return new Lines(split.name(), Files.newBufferedReader(Path.of(split.name()), StandardCharsets.UTF_8));
    }

    private static final class Lines implements BrokerConsumer {
        private final String file;
        private final BufferedReader reader;
        private long lineNumber;

        Lines(String file, BufferedReader reader) {
            this.file = file;
            this.reader = reader;
        }

        @Override
        public List<BrokerMessage> poll(Duration maxWait) {
            List<BrokerMessage> batch = new ArrayList<>();
            try {
                for (String line; batch.size() < BATCH && (line = reader.readLine()) != null; ) {
                    lineNumber++;
                    if (!line.isBlank()) {
                        batch.add(new BrokerMessage(file, lineNumber, String.valueOf(lineNumber),
                                System.currentTimeMillis(), null, line.getBytes(StandardCharsets.UTF_8),
                                new Headers().put("file-name", file).put("file-line", lineNumber).build(), this, null));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            return batch.isEmpty() ? null : batch;
        }

        @Override
        public void acknowledge(List<BrokerMessage> messages) {}

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
