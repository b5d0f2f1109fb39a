package io.eventline.brokers.source;

import java.io.Serializable;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/** Turns a broker message into records; must not throw for bad input (bad input is a dead-letter record). */
public interface BrokerRecordDecoder<T> extends Serializable {

    default void open(DeserializationSchema.InitializationContext context) throws Exception {}

    void decode(BrokerMessage message, Collector<T> out) throws java.io.IOException;

    TypeInformation<T> producedType();
}
