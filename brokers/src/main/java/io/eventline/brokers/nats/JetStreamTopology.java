package io.eventline.brokers.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/** The stream the source and producers agree on: {@code <stream>.>} subjects, file storage (survives restarts). */
public final class JetStreamTopology {

    private JetStreamTopology() {}

    /** The subject producers publish a stream's events to. */
    public static String subject(String stream, String suffix) {
        return stream + "." + suffix;
    }

    /** Creates the stream when it does not exist. */
    public static void ensureStream(JetStreamManagement jsm, String stream) throws Exception {
        try {
            jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>")
                    .storageType(StorageType.File).build());
        }
    }
}
