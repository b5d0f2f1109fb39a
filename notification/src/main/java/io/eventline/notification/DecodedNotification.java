package io.eventline.notification;

/**
 * A source record as read: the notification, or the error that kept it from being one, with the record's
 * coordinates and bytes for the dead letter. The deserializer never throws (a bad record must not crash-loop the
 * job). A Flink POJO.
 */
public class DecodedNotification {
    public OrderNotification notification;
    public String error;
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;

    public DecodedNotification() {}
}
