package io.eventline.saga.participant;

/** A participant's answer to one command: the reply type and, for a refusal, why. */
public record Decision(String replyType, String reason) {

    public static Decision ok(String replyType) {
        return new Decision(replyType, null);
    }

    public static Decision refused(String replyType, String reason) {
        return new Decision(replyType, reason);
    }
}
