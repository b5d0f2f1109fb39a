package io.eventline.common.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes the JSON form of an Avro-defined envelope (DESIGN.md "Event envelope") into the same specific record
 * the Avro path produces; generic over the envelope class, so any envelope (orders, saga commands) uses it.
 *
 * <p>Why a small schema-directed converter instead of Jackson data binding: the Avro-generated classes are
 * not Jackson beans (they expose {@code getSchema()}, builders, a union-typed {@code payload}), and the JSON
 * shape is defined by the Avro schema itself: walking the schema with a Jackson tree gives one place for the
 * rules and keeps new payload types and fields working without code changes. Rules:
 * <ul>
 *   <li>a union of several records is chosen by name: the branch named by the top-level discriminator field
 *       ({@code eventType}); a discriminator with no branch is an {@link InvalidEnvelopeException}
 *       ({@code invalid-envelope});</li>
 *   <li>types are strict: strings must be JSON strings, ints/longs integral JSON numbers in range, decimals
 *       JSON numbers read as {@link BigDecimal} exactly (never through a double) and set to the schema's
 *       scale only when that needs no rounding ({@code 49.9} becomes {@code 49.90}, {@code 49.999} is
 *       rejected), timestamps ISO-8601 strings such as {@code 2025-06-28T10:00:00Z} (kept to the
 *       millisecond, like Avro's {@code timestamp-millis});</li>
 *   <li>a tolerant reader: a <em>missing</em> field takes the schema's default where it has one (as Avro's
 *       schema resolution does for binary data written without the field); an explicit {@code null} is
 *       accepted where the schema allows null (or, failing that, has a default); unknown fields are
 *       ignored;</li>
 *   <li>duplicate keys and trailing content are rejected.</li>
 * </ul>
 * Shape violations are {@link MalformedRecordException}s ({@code malformed}); envelope rules are checked
 * afterwards by the envelope's {@link EnvelopeCodec#violations}, as for Avro input.
 *
 * @param <E> the generated envelope class
 */
public final class AvroJsonDecoder<E extends SpecificRecord> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<E> envelopeClass;
    private final String discriminator;
    private transient ObjectMapper mapper;
    private transient SpecificData model;
    private transient Schema schema;

    /**
     * @param envelopeClass the generated class to decode into
     * @param discriminator the top-level text field that names the branch of a union of records
     */
    public AvroJsonDecoder(Class<E> envelopeClass, String discriminator) {
        this.envelopeClass = envelopeClass;
        this.discriminator = discriminator;
    }

    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** Parses {@code json}; best effort {@code eventId} for dead letters is in {@link MalformedJsonException}. */
    public E decode(byte[] json) throws MalformedRecordException, InvalidEnvelopeException {
        JsonNode root;
        try {
            root = mapper().readTree(json);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException
                    ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
            throw new MalformedRecordException("not valid JSON: " + detail, e);
        }
        return decode(root);
    }

    public E decode(JsonNode root) throws MalformedRecordException, InvalidEnvelopeException {
        if (root == null || !root.isObject()) {
            throw new MalformedJsonException("JSON envelope must be an object", root);
        }
        JsonNode type = root.get(discriminator);
        String branch = type != null && type.isTextual() ? type.asText() : null;
        Converter converter = new Converter(model(), discriminator, branch, root);
        return envelopeClass.cast(converter.convert(root, schema(), "$"));
    }

    /** A malformed JSON record that did parse: keeps the tree so that dead letters can name the event. */
    public static final class MalformedJsonException extends MalformedRecordException {
        private static final long serialVersionUID = 1L;
        private final transient JsonNode root;

        MalformedJsonException(String message, JsonNode root) {
            super(message);
            this.root = root;
        }

        /** A top-level text field of the rejected envelope, or null. */
        public String textField(String name) {
            if (root == null || !root.isObject()) {
                return null;
            }
            JsonNode n = root.get(name);
            return n != null && n.isTextual() ? n.asText() : null;
        }

        public Long longField(String name) {
            if (root == null || !root.isObject()) {
                return null;
            }
            JsonNode n = root.get(name);
            return n != null && n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null;
        }
    }

    private static final class Converter {
        private final SpecificData model;
        private final String discriminator;
        private final String eventType;
        private final JsonNode root;

        Converter(SpecificData model, String discriminator, String eventType, JsonNode root) {
            this.model = model;
            this.discriminator = discriminator;
            this.eventType = eventType;
            this.root = root;
        }

        private MalformedJsonException error(String path, String message) {
            return new MalformedJsonException(path + ": " + message, root);
        }

        Object convert(JsonNode node, Schema schema, String path)
                throws MalformedRecordException, InvalidEnvelopeException {
            if (schema.getType() == Schema.Type.UNION) {
                return convertUnion(node, schema, path);
            }
            if (node == null || node.isNull()) {
                if (schema.getType() == Schema.Type.NULL) {
                    return null;
                }
                throw error(path, "missing, expected " + describe(schema));
            }
            LogicalType logical = schema.getLogicalType();
            switch (schema.getType()) {
                case RECORD:
                    return convertRecord(node, schema, path);
                case STRING:
                    if (!node.isTextual()) {
                        throw mistyped(path, node, "a string");
                    }
                    return node.asText();
                case INT:
                    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                        throw mistyped(path, node, "an integer (32 bit)");
                    }
                    return node.intValue();
                case LONG:
                    if (logical instanceof LogicalTypes.TimestampMillis) {
                        if (!node.isTextual()) {
                            throw mistyped(path, node, "an ISO-8601 UTC timestamp string");
                        }
                        try {
                            return Instant.parse(node.asText()).truncatedTo(ChronoUnit.MILLIS);
                        } catch (DateTimeParseException e) {
                            throw error(path, "not an ISO-8601 UTC timestamp: \"" + node.asText() + "\"");
                        }
                    }
                    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                        throw mistyped(path, node, "an integer (64 bit)");
                    }
                    return node.longValue();
                case BYTES:
                    if (logical instanceof LogicalTypes.Decimal) {
                        return decimal(node, (LogicalTypes.Decimal) logical, path);
                    }
                    throw error(path, "bytes fields are not supported in JSON");
                case BOOLEAN:
                    if (!node.isBoolean()) {
                        throw mistyped(path, node, "a boolean");
                    }
                    return node.booleanValue();
                case DOUBLE:
                    if (!node.isNumber()) {
                        throw mistyped(path, node, "a number");
                    }
                    return node.doubleValue();
                case FLOAT:
                    if (!node.isNumber()) {
                        throw mistyped(path, node, "a number");
                    }
                    return node.floatValue();
                case ENUM:
                    if (!node.isTextual() || !schema.getEnumSymbols().contains(node.asText())) {
                        throw mistyped(path, node, "one of " + schema.getEnumSymbols());
                    }
                    return model.createEnum(node.asText(), schema);
                case ARRAY: {
                    if (!node.isArray()) {
                        throw mistyped(path, node, "an array");
                    }
                    List<Object> list = new ArrayList<>(node.size());
                    for (int i = 0; i < node.size(); i++) {
                        list.add(convert(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                    }
                    return list;
                }
                case MAP: {
                    if (!node.isObject()) {
                        throw mistyped(path, node, "an object");
                    }
                    Map<String, Object> map = new HashMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        map.put(e.getKey(), convert(e.getValue(), schema.getValueType(), path + "." + e.getKey()));
                    }
                    return map;
                }
                default:
                    throw error(path, "unsupported schema type " + schema.getType());
            }
        }

        private Object convertRecord(JsonNode node, Schema schema, String path)
                throws MalformedRecordException, InvalidEnvelopeException {
            if (!node.isObject()) {
                throw mistyped(path, node, "an object (" + schema.getName() + ")");
            }
            IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
            for (Schema.Field field : schema.getFields()) {
                String fieldPath = path + "." + field.name();
                JsonNode value = node.get(field.name());
                boolean useDefault = value == null || value.isNull() && !allowsNull(field.schema());
                if (useDefault && field.hasDefaultValue()) {
                    record.put(field.pos(), model.deepCopy(field.schema(), model.getDefaultValue(field)));
                } else {
                    record.put(field.pos(), convert(value, field.schema(), fieldPath));
                }
            }
            return record;
        }

        private Object convertUnion(JsonNode node, Schema union, String path)
                throws MalformedRecordException, InvalidEnvelopeException {
            List<Schema> branches = new ArrayList<>();
            boolean nullable = false;
            for (Schema s : union.getTypes()) {
                if (s.getType() == Schema.Type.NULL) {
                    nullable = true;
                } else {
                    branches.add(s);
                }
            }
            if (node == null || node.isNull()) {
                if (nullable) {
                    return null;
                }
                throw error(path, "missing, expected " + describe(union));
            }
            if (branches.size() == 1) {
                return convert(node, branches.get(0), path);
            }
            // A union of records (the payload): the branch is named by the discriminator.
            String field = path.substring(path.lastIndexOf('.') + 1);
            if (eventType == null) {
                throw error("$." + discriminator, "missing, it names the " + field + " type");
            }
            for (Schema s : branches) {
                if (s.getType() == Schema.Type.RECORD && s.getName().equals(eventType)) {
                    return convert(node, s, path);
                }
            }
            List<String> names = new ArrayList<>();
            for (Schema s : branches) {
                names.add(s.getName());
            }
            MalformedJsonException fields = error(path, "");
            throw new InvalidEnvelopeException(
                    "invalid envelope: " + discriminator + " " + eventType + " names no " + field + " type; known: "
                            + names,
                    fields.textField("eventId"), eventType, fields.textField("aggregateId"),
                    fields.longField("sequenceNumber"));
        }

        private BigDecimal decimal(JsonNode node, LogicalTypes.Decimal decimal, String path)
                throws MalformedRecordException {
            if (!node.isNumber()) {
                throw mistyped(path, node, "a JSON number (decimal, scale " + decimal.getScale() + ")");
            }
            BigDecimal value = node.decimalValue();
            BigDecimal scaled;
            try {
                scaled = value.setScale(decimal.getScale());
            } catch (ArithmeticException e) {
                throw error(path, "decimal " + value.toPlainString() + " has more than " + decimal.getScale()
                        + " fraction digits; refusing to round money");
            }
            if (scaled.precision() > decimal.getPrecision()) {
                throw error(path, "decimal " + value.toPlainString() + " exceeds precision " + decimal.getPrecision());
            }
            return scaled;
        }

        private MalformedJsonException mistyped(String path, JsonNode node, String expected) {
            String shown = node.toString();
            if (shown.length() > 60) {
                shown = shown.substring(0, 60) + "...";
            }
            return error(path, "expected " + expected + ", found " + node.getNodeType().name().toLowerCase()
                    + " " + shown);
        }
    }

    private static boolean allowsNull(Schema schema) {
        if (schema.getType() == Schema.Type.NULL) {
            return true;
        }
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema s : schema.getTypes()) {
                if (s.getType() == Schema.Type.NULL) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            List<String> names = new ArrayList<>();
            for (Schema s : schema.getTypes()) {
                names.add(s.getLogicalType() != null ? s.getLogicalType().getName() : s.getName());
            }
            return String.join("|", names);
        }
        return schema.getLogicalType() != null ? schema.getLogicalType().getName() : schema.getName();
    }

    private Schema schema() {
        if (schema == null) {
            schema = model().getSchema(envelopeClass);
        }
        return schema;
    }

    private ObjectMapper mapper() {
        if (mapper == null) {
            mapper = newMapper();
        }
        return mapper;
    }

    private SpecificData model() {
        if (model == null) {
            // Classes come from the loader that has the generated events, which may be Flink's user-code loader.
            SpecificData m = new SpecificData(envelopeClass.getClassLoader());
            m.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
            m.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
            model = m;
        }
        return model;
    }
}
