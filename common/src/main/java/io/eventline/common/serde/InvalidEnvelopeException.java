package io.eventline.common.serde;

/**
 * A decoded envelope breaks the contract (blank ids, sequence number below 1, payload not matching eventType,
 * an eventType with no payload type). Reason {@code invalid-envelope}. Carries what is known of the event.
 */
public class InvalidEnvelopeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String eventId;
    private final String eventType;
    private final String aggregateId;
    private final Long sequenceNumber;

    public InvalidEnvelopeException(String message) {
        this(message, null, null, null, null);
    }

    public InvalidEnvelopeException(
            String message, String eventId, String eventType, String aggregateId, Long sequenceNumber) {
        super(message);
        this.eventId = eventId;
        this.eventType = eventType;
        this.aggregateId = aggregateId;
        this.sequenceNumber = sequenceNumber;
    }

    public String eventId() { return eventId; }
    public String eventType() { return eventType; }
    public String aggregateId() { return aggregateId; }
    public Long sequenceNumber() { return sequenceNumber; }
}
