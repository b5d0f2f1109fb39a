package io.eventline.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** The eight-bytes-a-step CRC gives Avro's own CRC-64-AVRO for every length and alignment. */
class Crc64AvroTest {

    @Test
    void slicingByEightIsAvrosFingerprint64ForEveryLength() {
        assertThat(Crc64Avro.EMPTY).isEqualTo(SchemaNormalization.fingerprint64(new byte[0]));
        Random random = new Random(12);
        for (int length = 0; length <= 300; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            long empty = Crc64Avro.EMPTY;
            assertThat(Crc64Avro.update(empty, bytes, length)).as("length %d", length)
                    .isEqualTo(SchemaNormalization.fingerprint64(bytes));
            // only the first count bytes of a larger, reused buffer count
            byte[] padded = Arrays.copyOf(bytes, length + 13);
            padded[length] = 7;
            assertThat(Crc64Avro.update(empty, padded, length)).isEqualTo(SchemaNormalization.fingerprint64(bytes));
            assertThat(Crc64Avro.of(bytes)).isEqualTo(SchemaNormalization.fingerprint64(bytes));
        }
    }
}
