package io.eventline.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.serde.SchemaRegistryClient;
import io.eventline.common.sink.TestDatabase;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import io.eventline.testkit.workload.WorkloadSettings;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution across history: the topic holds the first third of a workload's events as producers on the
 * published EventEnvelope v1 wrote them, the second third as v2 producers did, the rest in the current v3, each
 * framed with its own schema id from the registry (duplicates may cross versions). A rebuild into an empty database
 * reads them all through the registry and projects them exactly (the workload's own model as oracle).
 */
class MixedSchemaHistoryITCase {

    @Test
    void aRebuildReadsV1AndV2EncodedEventsThroughTheRegistry() throws Exception {
        String jdbcUrl = TestDatabase.SQLITE.newDatabase("mixed");
        try (LiveOrdersJob history = new LiveOrdersJob("mixed", jdbcUrl, 2)) {
            RegistryConfig registry = RegistryConfig.of(history.registry.ccompatUrl());
            SchemaRegistryClient client = new SchemaRegistryClient(registry);
            String subject = history.topic + "-value";
            Schema v1 = published("v1");
            Schema v2 = published("v2");
            int v1Id = client.register(subject, v1);
            int v2Id = client.register(subject, v2);
            EnvelopeRecordSerializer<EventEnvelope> v3 = OrderEnvelopes.serializer(registry, history.topic);

            OrderWorkload workload = new OrderWorkload(WorkloadSettings.demo(150).toBuilder().jsonRate(0).build());
            List<Outgoing> records = workload.remaining();
            int[] sent = new int[3];
            int[] index = {0};
            history.send(records, out -> {
                int third = 3 * index[0]++ / records.size();
                if (out.raw() != null) {
                    return out.raw();
                }
                sent[third]++;
                return third == 0 ? olderWireFormat(out.event(), v1, v1Id)
                        : third == 1 ? olderWireFormat(out.event(), v2, v2Id)
                        : v3.serializeValue(out.event());
            });
            assertThat(sent[0]).as("v1 events").isGreaterThan(100);
            assertThat(sent[1]).as("v2 events").isGreaterThan(100);
            assertThat(sent[2]).as("v3 events").isGreaterThan(100);

            List<String> args = new ArrayList<>(List.of("rebuild"));
            args.addAll(history.jobArgs());
            HistoryScript.Result rebuilt = HistoryScript.run(args).requireSuccess();
            assertThat(rebuilt.out()).contains("verify order_summary__v2: no live table order_summary yet")
                    .contains("swapped: order_summary is now v2");
            assertThat(ReadModelChecker.checkDatabase(jdbcUrl, List.of(workload)).summary()).startsWith("ok");
        }
    }

    private static Schema published(String version) throws Exception {
        try (InputStream in = MixedSchemaHistoryITCase.class.getClassLoader()
                .getResourceAsStream("avro-published/EventEnvelope/" + version + ".avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    /** The event as a producer on an older published schema writes it: resolved to that schema, framed with its id. */
    private static byte[] olderWireFormat(EventEnvelope event, Schema older, int schemaId) {
        try {
            return olderWireFormatOrThrow(event, older, schemaId);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] olderWireFormatOrThrow(EventEnvelope event, Schema older, int schemaId) throws java.io.IOException {
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(current, null);
        new SpecificDatumWriter<>(EventEnvelope.class).write(event, encoder);
        encoder.flush();
        GenericRecord asOlder = new GenericDatumReader<GenericRecord>(EventEnvelope.getClassSchema(), older)
                .read(null, DecoderFactory.get().binaryDecoder(current.toByteArray(), null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder olderEncoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(older).write(asOlder, olderEncoder);
        olderEncoder.flush();
        return out.toByteArray();
    }
}
