package io.eventline.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.deadletter.DeadLetter;
import io.eventline.deadletter.RecordHeader;
import io.eventline.jobs.dlq.DlqCodec;
import io.eventline.jobs.dlq.DlqFilter;
import io.eventline.jobs.dlq.DlqReader;
import io.eventline.jobs.dlq.DlqRecord;
import io.eventline.jobs.dlq.DlqStats;
import io.eventline.jobs.dlq.ParkedAggregates;
import io.eventline.jobs.dlq.ReplayLog;
import io.eventline.jobs.dlq.ReplayPlan;
import io.eventline.jobs.dlq.Replayer;
import io.eventline.jobs.orders.envelope.OrderEnvelopeCodec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code eventline dlq stats|list|show|replay|parked|unpark}: operations on {@code <topic>.dlq}. See
 * the runbook in README.md.
 */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "Inspect, replay and unpark the dead letters of <topic>.dlq.",
        subcommands = {DlqCommand.Stats.class, DlqCommand.ListCmd.class, DlqCommand.Show.class,
                DlqCommand.Replay.class, DlqCommand.Parked.class, DlqCommand.Unpark.class})
public final class DlqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: stats, list, show, replay, parked or unpark");
    }

    /** Where the DLQ is. */
    static final class Kafka {
        @Option(names = "--bootstrap-servers", defaultValue = "${env:EVENTLINE_BOOTSTRAP_SERVERS:-localhost:9092}",
                description = "Kafka bootstrap servers. Default: $EVENTLINE_BOOTSTRAP_SERVERS or localhost:9092.")
        String bootstrapServers;

        @Option(names = "--topic", defaultValue = "orders",
                description = "The job's source topic; the DLQ is <topic>.dlq. Default: ${DEFAULT-VALUE}.")
        String topic;

        @Option(names = "--registry-url", defaultValue = "${env:EVENTLINE_REGISTRY_URL:-http://localhost:8085/apis/ccompat/v7}",
                description = "Confluent-compatible schema registry. Default: $EVENTLINE_REGISTRY_URL or http://localhost:8085/apis/ccompat/v7.")
        String registryUrl;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        String dlqTopic() {
            return topic + ".dlq"; // DeadLetterRecordSerializer.dlqTopicFor, which is a Flink class
        }

        RegistryConfig registry() {
            return RegistryConfig.builder(registryUrl).maxAttempts(2).build();
        }

        List<DlqRecord> read() {
            return DlqReader.deadLetters(bootstrapServers, dlqTopic(), registry());
        }
    }

    /** The selection shared by list and replay. */
    static final class Filter {
        @Option(names = "--reason", split = ",", paramLabel = "R", description = "Reason code(s), e.g. unknown-aggregate,late-after-skip.")
        List<String> reasons = new ArrayList<>();

        @Option(names = "--stage", split = ",", paramLabel = "S", description = "Stage(s): deserialize, validate, order, project, sink.")
        List<String> stages = new ArrayList<>();

        @Option(names = "--aggregate", paramLabel = "ID", description = "One aggregate.")
        String aggregate;

        @Option(names = "--from", paramLabel = "T", converter = InstantConverter.class,
                description = "Failed at or after T (ISO-8601, e.g. 2025-06-28T10:00:00Z).")
        Instant from;

        @Option(names = "--to", paramLabel = "T", converter = InstantConverter.class, description = "Failed before T.")
        Instant to;

        @Option(names = "--limit", paramLabel = "N", description = "At most N dead letters (the first in DLQ order).")
        Integer limit;

        DlqFilter toFilter(CommandLine cmd) {
            try {
                return new DlqFilter(new HashSet<>(reasons), new HashSet<>(stages), aggregate, from, to, limit);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd, e.getMessage());
            }
        }

        boolean selectsSomething() {
            return !reasons.isEmpty() || !stages.isEmpty() || aggregate != null || from != null || to != null;
        }
    }

    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("not an ISO-8601 instant: " + value);
            }
        }
    }

    // ---------------------------------------------------------------- stats

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Counts by reason, stage, event type and hour; oldest and newest failure.")
    static final class Stats implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Kafka kafka;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DlqStats stats = DlqStats.of(kafka.read());
            if (kafka.json) {
                Output.printRow(out, stats.asMap(), true);
                return ExitCodes.FOUND;
            }
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("dlq", kafka.dlqTopic());
            head.put("total", stats.total());
            head.put("oldest", stats.oldest());
            head.put("newest", stats.newest());
            Output.printRow(out, head, false);
            section(out, "reason", stats.byReason());
            section(out, "stage", stats.byStage());
            section(out, "event_type", stats.byEventType());
            section(out, "hour", stats.byHour());
            return ExitCodes.FOUND;
        }

        private static void section(PrintWriter out, String name, Map<String, Long> counts) {
            out.println();
            List<Map<String, Object>> rows = new ArrayList<>();
            counts.forEach((k, v) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put(name, k);
                row.put("count", v);
                rows.add(row);
            });
            Output.printRows(out, rows, List.of(name, "count"), false);
        }
    }

    // ---------------------------------------------------------------- list

    static final List<String> LIST_COLUMNS = List.of("position", "failed_at", "stage", "reason", "aggregate_id",
            "sequence", "event_type", "event_id", "attempt", "replayed", "message");

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Dead letters matching the filters.")
    static final class ListCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Kafka kafka;

        @Mixin
        Filter filter;

        @Override
        public Integer call() {
            DlqFilter selection = filter.toFilter(spec.commandLine());
            List<DlqRecord> records = selection.apply(kafka.read());
            Set<String> replayed = ReplayLog.replayed(kafka.bootstrapServers, kafka.dlqTopic());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (DlqRecord r : records) {
                rows.add(summary(r, replayed, kafka.json));
            }
            Output.printRows(spec.commandLine().getOut(), rows, LIST_COLUMNS, kafka.json);
            return records.isEmpty() ? ExitCodes.NOT_FOUND : ExitCodes.FOUND;
        }
    }

    static Map<String, Object> summary(DlqRecord r, Set<String> replayed, boolean full) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("position", r.position());
        row.put("failed_at", r.failedAt());
        row.put("stage", r.stage());
        row.put("reason", r.reason());
        row.put("aggregate_id", r.aggregateId());
        row.put("sequence", r.sequence());
        row.put("event_type", r.eventType());
        row.put("event_id", r.eventId());
        row.put("attempt", r.letter().getAttempt());
        row.put("replayed", replayed.contains(r.position()));
        String message = r.letter().getMessage();
        row.put("message", full || message == null || message.length() <= 80 ? message : message.substring(0, 77) + "...");
        return row;
    }

    // ---------------------------------------------------------------- show

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One dead letter in full: the decoded original where possible, the error and the stack trace.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Kafka kafka;

        @Parameters(index = "0", paramLabel = "PARTITION:OFFSET", description = "The dead letter's position, as in list.")
        String position;

        @Override
        public Integer call() {
            if (!position.matches("\\d+:\\d+")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "expected PARTITION:OFFSET, e.g. 0:17: " + position);
            }
            PrintWriter out = spec.commandLine().getOut();
            for (DlqRecord r : kafka.read()) {
                if (r.position().equals(position)) {
                    Set<String> replayed = ReplayLog.replayed(kafka.bootstrapServers, kafka.dlqTopic());
                    Output.printRow(out, details(r, replayed, kafka.registry()), kafka.json);
                    return ExitCodes.FOUND;
                }
            }
            spec.commandLine().getErr().println("no dead letter at " + position + " in " + kafka.dlqTopic());
            return ExitCodes.NOT_FOUND;
        }
    }

    static Map<String, Object> details(DlqRecord r, Set<String> replayed, RegistryConfig registry) {
        DeadLetter l = r.letter();
        Map<String, Object> row = summary(r, replayed, true);
        row.put("exception", l.getExceptionClass());
        row.put("job", l.getJobName());
        row.put("source", l.getSourceTopic() == null ? null
                : l.getSourceTopic() + " partition " + l.getPartition() + " offset " + l.getOffset());
        row.put("record_timestamp", l.getRecordTimestamp());
        byte[] key = Replayer.bytes(l.getKey());
        row.put("key", key == null ? null : new String(key, StandardCharsets.UTF_8));
        List<String> headers = new ArrayList<>();
        for (RecordHeader h : l.getHeaders()) {
            byte[] v = Replayer.bytes(h.getValue());
            headers.add(h.getKey() + "=" + (v == null ? "" : new String(v, StandardCharsets.UTF_8)));
        }
        row.put("headers", String.join(", ", headers));
        byte[] value = Replayer.bytes(l.getValue());
        String[] decoded = decode(value, l, registry);
        row.put("value_format", decoded[0]);
        row.put("original", decoded[1]);
        if (r.decodeError() != null) {
            row.put("decode_error", r.decodeError());
        }
        row.put("stack_trace", l.getStackTrace());
        return row;
    }

    /** {format, decoded original}. */
    static String[] decode(byte[] value, DeadLetter letter, RegistryConfig registry) {
        if (value == null) {
            return new String[] {"none", null};
        }
        try {
            if (OrderEnvelopeCodec.isSingleObject(value)) {
                return new String[] {OrderEnvelopeCodec.VALUE_FORMAT, OrderEnvelopeCodec.decode(value).toString()};
            }
            if (value.length > 5 && value[0] == 0) {
                return new String[] {"confluent-avro",
                        DlqCodec.decodeEnvelope(registry, value).toString()};
            }
            String text = new String(value, StandardCharsets.UTF_8);
            if (text.stripLeading().startsWith("{")) {
                return new String[] {"json", text};
            }
        } catch (Exception e) {
            return new String[] {"unknown", "(cannot decode: " + e + ")"};
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(64, value.length); i++) {
            hex.append(String.format("%02x", value[i] & 0xff));
        }
        return new String[] {"unknown", value.length + " bytes: " + hex + (value.length > 64 ? "..." : "")};
    }

    // ---------------------------------------------------------------- replay

    static final List<String> REPLAY_COLUMNS =
            List.of("position", "aggregate_id", "sequence", "event_id", "stage", "reason", "action");

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Republish the selected dead letters' originals (key, value, headers) to the source topic, "
                    + "one aggregate's in sequence order, and record them in <topic>.dlq.replayed so that a repeated "
                    + "replay republishes nothing new.")
    static final class Replay implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Kafka kafka;

        @Mixin
        Filter filter;

        // Not --to: that is the time filter's upper bound, shared with list.
        @Option(names = "--to-topic", paramLabel = "TOPIC", description = "Republish here instead of the source topic.")
        String to;

        @Option(names = "--dry-run", description = "Show what would be republished; change nothing.")
        boolean dryRun;

        @Option(names = "--all", description = "Replay every dead letter (required when no filter is given).")
        boolean all;

        @Override
        public Integer call() throws Exception {
            if (!filter.selectsSomething() && !all) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give a filter (--reason, --stage, --aggregate, --from, --to) or --all");
            }
            DlqFilter selection = filter.toFilter(spec.commandLine());
            return replay(spec.commandLine().getOut(), kafka, selection, to, dryRun);
        }
    }

    static int replay(PrintWriter out, Kafka kafka, DlqFilter selection, String to, boolean dryRun) throws Exception {
        String target = to == null ? kafka.topic : to;
        // The producer first: initTransactions fences an overlapping run of the same DLQ before the log is read.
        try (Replayer replayer = dryRun ? null : new Replayer(kafka.bootstrapServers, kafka.dlqTopic(), kafka.registry())) {
            List<DlqRecord> selected = selection.apply(kafka.read());
            ReplayPlan plan = ReplayPlan.of(selected, ReplayLog.replayed(kafka.bootstrapServers, kafka.dlqTopic()));
            Map<String, String> actions = new HashMap<>();
            if (dryRun) {
                plan.send().forEach(r -> actions.put(r.position(), "would send to " + target));
            } else {
                for (Replayer.Sent s : replayer.replay(plan, target)) {
                    actions.put(s.deadLetter().position(), "sent to " + s.topic() + " " + s.partition() + ":" + s.offset());
                }
            }
            plan.duplicates().forEach((d, first) -> actions.put(d.position(), "duplicate of " + first.position()));
            plan.alreadyReplayed().forEach(r -> actions.put(r.position(), "already replayed"));
            plan.notReplayable().forEach(r -> actions.put(r.position(), "not replayable (no event)"));
            List<DlqRecord> ordered = new ArrayList<>(plan.send());
            ordered.addAll(plan.duplicates().keySet());
            ordered.addAll(plan.alreadyReplayed());
            ordered.addAll(plan.notReplayable());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (DlqRecord r : ordered) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("position", r.position());
                row.put("aggregate_id", r.aggregateId());
                row.put("sequence", r.sequence());
                row.put("event_id", r.eventId());
                row.put("stage", r.stage());
                row.put("reason", r.reason());
                row.put("action", actions.get(r.position()));
                rows.add(row);
            }
            String verb = dryRun ? "would replay" : "replayed";
            if (kafka.json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put(dryRun ? "wouldReplay" : "replayed", plan.send().size());
                result.put("duplicates", plan.duplicates().size());
                result.put("alreadyReplayed", plan.alreadyReplayed().size());
                result.put("notReplayable", plan.notReplayable().size());
                result.put("to", target);
                result.put("records", rows);
                Output.printRow(out, result, true);
            } else {
                if (!rows.isEmpty()) {
                    Output.printRows(out, rows, REPLAY_COLUMNS, false);
                }
                out.printf("%s %d to %s; %d duplicates recorded with them, %d already replayed, %d not replayable%n",
                        verb, plan.send().size(), target, plan.duplicates().size(), plan.alreadyReplayed().size(),
                        plan.notReplayable().size());
            }
            return ExitCodes.FOUND;
        }
    }

    // ---------------------------------------------------------------- parked / unpark

    @Command(name = "parked", mixinStandardHelpOptions = true,
            description = "Aggregates parked by the gap policy PARK and not unparked since (from the DLQ and the control topic).")
    static final class Parked implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Kafka kafka;

        @Option(names = "--control-topic", paramLabel = "TOPIC", description = "The job's --control-topic. Default: <topic>.control.")
        String controlTopic;

        @Override
        public Integer call() {
            List<ParkedAggregates.Parked> parked = parked(kafka, controlTopic);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ParkedAggregates.Parked p : parked) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("aggregate_id", p.aggregateId());
                row.put("parked_at", p.parkedAt());
                row.put("first_missing", p.firstMissing());
                row.put("parked_events", p.parkedEvents());
                row.put("park_record", p.parkRecord());
                rows.add(row);
            }
            Output.printRows(spec.commandLine().getOut(), rows,
                    List.of("aggregate_id", "parked_at", "first_missing", "parked_events", "park_record"), kafka.json);
            return parked.isEmpty() ? ExitCodes.NOT_FOUND : ExitCodes.FOUND;
        }
    }

    static List<ParkedAggregates.Parked> parked(Kafka kafka, String controlTopic) {
        List<DlqRecord> all = kafka.read();
        Set<String> replayed = ReplayLog.replayed(kafka.bootstrapServers, kafka.dlqTopic());
        return ParkedAggregates.of(all, replayed, lastUnparks(kafka.bootstrapServers, control(kafka, controlTopic)));
    }

    static String control(Kafka kafka, String controlTopic) {
        return controlTopic == null ? kafka.topic + ".control" : controlTopic;
    }

    static Map<String, Instant> lastUnparks(String bootstrapServers, String controlTopic) {
        ObjectMapper json = new ObjectMapper();
        Map<String, Instant> last = new HashMap<>();
        DlqReader.readAll(bootstrapServers, controlTopic, (record, unused) -> {
            try {
                JsonNode node = json.readTree(record.value());
                if ("UNPARK".equals(node.path("type").asText())) {
                    last.merge(node.path("aggregateId").asText(), Instant.ofEpochMilli(record.timestamp()),
                            (a, b) -> a.isAfter(b) ? a : b);
                }
            } catch (Exception e) {
                // the job skips unreadable commands too
            }
        });
        return last;
    }

    @Command(name = "unpark", mixinStandardHelpOptions = true,
            description = "Resume a parked aggregate: replay its parked dead letters in sequence order and, unless "
                    + "they contain the missing event (whose replay resumes it by itself), write UNPARK (accept the "
                    + "gap) to the control topic.")
    static final class Unpark implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Kafka kafka;

        @Parameters(index = "0", paramLabel = "AGGREGATE_ID")
        String aggregateId;

        @Option(names = "--control-topic", paramLabel = "TOPIC", description = "The job's --control-topic. Default: <topic>.control.")
        String controlTopic;

        @Option(names = "--no-replay", description = "Only write UNPARK; replay nothing.")
        boolean noReplay;

        @Option(names = "--dry-run", description = "Say what would be done; change nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String control = control(kafka, controlTopic);
            ParkedAggregates.Parked parked = parked(kafka, controlTopic).stream()
                    .filter(p -> p.aggregateId().equals(aggregateId)).findFirst().orElse(null);
            boolean gapInReplay = parked != null && !noReplay && parked.toReplay().stream()
                    .anyMatch(r -> r.sequence() != null && r.sequence() == parked.firstMissing());
            if (parked == null) {
                out.println(aggregateId + " is not parked according to " + kafka.dlqTopic()
                        + "; sending UNPARK anyway (the job ignores it for an aggregate that is not parked)");
            }
            if (gapInReplay) {
                out.println("the missing sequence number " + parked.firstMissing() + " is among the parked dead "
                        + "letters: replaying them fills the gap and resumes " + aggregateId + "; no UNPARK needed");
            } else if (dryRun) {
                out.println("would write UNPARK for " + aggregateId + " to " + control);
            } else {
                sendUnpark(kafka.bootstrapServers, control, aggregateId);
                out.println("wrote UNPARK for " + aggregateId + " to " + control
                        + (parked == null ? "" : " (the gap from sequence number " + parked.firstMissing() + " is skipped)"));
            }
            if (noReplay) {
                return ExitCodes.FOUND;
            }
            DlqFilter selection = new DlqFilter(Set.of("parked"), Set.of(), aggregateId, null, null, null);
            return replay(out, kafka, selection, null, dryRun);
        }
    }

    static void sendUnpark(String bootstrapServers, String controlTopic, String aggregateId) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            Map<String, String> command = new LinkedHashMap<>();
            command.put("type", "UNPARK");
            command.put("aggregateId", aggregateId);
            producer.send(new ProducerRecord<>(controlTopic, aggregateId.getBytes(StandardCharsets.UTF_8),
                    new ObjectMapper().writeValueAsBytes(command))).get();
        }
    }
}
