package io.eventline.jobs.orders.corpus;

import java.util.List;

/**
 * One kind of input of the corpus: the records a producer sends for it, and what the job must make of them.
 *
 * @param kind what the input is, as listed in the README
 * @param records sent in order, each to the source topic
 * @param deadLetters the exact dead letters expected, by the index of the record they come from
 * @param rows the exact {@code order_summary} rows expected for the kind's aggregates
 */
record BadInput(String kind, List<Sent> records, List<ExpectedDeadLetter> deadLetters, List<ExpectedRow> rows) {

    /** A record as a producer sends it: key and value may be null; headers are name/value pairs. */
    record Sent(byte[] key, byte[] value, List<Header> headers) {
        Sent(byte[] key, byte[] value) {
            this(key, value, List.of());
        }
    }

    record Header(String name, String value) {}

    /** A dead letter of the {@code record}-th record of the kind (0-based). */
    record ExpectedDeadLetter(int record, String stage, String reason) {}

    /** An {@code order_summary} row: key, status, number of applied events, total and currency. */
    record ExpectedRow(String orderId, String status, long version, String total, String currency) {}

    @Override
    public String toString() {
        return kind;
    }
}
