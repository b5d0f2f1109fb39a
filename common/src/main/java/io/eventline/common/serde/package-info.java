/**
 * Serdes for event envelopes: the Confluent wire format through a schema registry, and the JSON envelope. Generic
 * over the envelope class: a domain describes its envelope once in an {@link io.eventline.common.serde.EnvelopeCodec}
 * (the order job's is {@code OrderEnvelopeCodec}) and the pieces here work with it unchanged.
 *
 * <p>Reading (a Kafka source that never fails on a bad record):
 * <pre>{@code
 * RegistryConfig registry = RegistryConfig.of("http://127.0.0.1:8085/apis/ccompat/v7");
 * KafkaSource<Either<EventEnvelope, DeadLetter>> source = KafkaSource.<Either<EventEnvelope, DeadLetter>>builder()
 *         .setBootstrapServers(bootstrap)
 *         .setTopics("orders")
 *         .setDeserializer(new EnvelopeRecordDeserializer<>(codec, registry, "order-projections"))
 *         .build();
 * SingleOutputStreamOperator<EventEnvelope> events = EventOrDeadLetterSplitter.split(
 *         env.fromSource(source, WatermarkStrategy.noWatermarks(), "orders"), "split-dead-letters");
 * DataStream<DeadLetter> deadLetters = events.getSideOutput(DeadLetters.TAG);
 * }</pre>
 *
 * <p>Writing (a Kafka sink, or bytes for tests and producers):
 * <pre>{@code
 * KafkaSink<EventEnvelope> sink = KafkaSink.<EventEnvelope>builder()
 *         .setBootstrapServers(bootstrap)
 *         .setRecordSerializer(new EnvelopeRecordSerializer<>(codec, registry, "orders"))
 *         .build();
 * byte[] value = new EnvelopeRecordSerializer<>(codec, registry, "orders").serializeValue(event);
 * }</pre>
 *
 * <p>Pieces: {@link io.eventline.common.serde.ConfluentSchemaCoder} (flink-avro {@code SchemaCoder} over
 * {@link io.eventline.common.serde.SchemaRegistryClient}), {@link io.eventline.common.serde.ConfluentSchemaCoderProvider},
 * {@link io.eventline.common.serde.AvroJsonDecoder}; retry
 * policy in {@link io.eventline.common.serde.RegistryConfig}.
 */
package io.eventline.common.serde;
