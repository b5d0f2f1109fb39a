package io.eventline.jobs.orders.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** The eight-bytes-a-step CRC gives Avro's own CRC-64-AVRO for every length and alignment. */
class SingleObjectFingerprintTest {

    @Test
    void slicingByEightIsAvrosFingerprint64ForEveryLength() {
        Random random = new Random(12);
        for (int length = 0; length <= 300; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            long empty = SchemaNormalization.fingerprint64(new byte[0]);
            assertThat(SingleObjectFingerprint.crc(empty, bytes, length)).as("length %d", length)
                    .isEqualTo(SchemaNormalization.fingerprint64(bytes));
            // only the first count bytes of a larger, reused buffer count
            byte[] padded = Arrays.copyOf(bytes, length + 13);
            padded[length] = 7;
            assertThat(SingleObjectFingerprint.crc(empty, padded, length)).isEqualTo(SchemaNormalization.fingerprint64(bytes));
        }
    }
}
