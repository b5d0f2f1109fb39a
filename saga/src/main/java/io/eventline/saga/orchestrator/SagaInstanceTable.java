package io.eventline.saga.orchestrator;

import io.eventline.common.saga.SagaInstance;
import io.eventline.common.sink.SqlScripts;
import io.eventline.common.sink.UpsertTable;
import io.eventline.contracts.SqlDialect;
import java.time.Instant;
import java.util.List;

/** The {@code saga_instance} read model (DDL in deploy/sql/&lt;postgres|sqlite&gt;/saga_instance.sql). */
public final class SagaInstanceTable {

    public static final UpsertTable<SagaInstance> TABLE = UpsertTable.of(
            "saga_instance",
            List.of("saga_id"),
            List.of("saga_id", "saga_type", "state", "current_step", "attempts", "deadline", "compensated",
                    "to_compensate", "last_error", "started_at", "updated_at", "version"),
            row -> row.sagaId,
            row -> row.version,
            (ps, row, dialect) -> {
                ps.setString(1, row.sagaId);
                ps.setString(2, row.sagaType);
                ps.setString(3, row.status);
                ps.setString(4, row.currentStep);
                ps.setInt(5, row.attempts);
                dialect.setInstant(ps, 6, row.deadline == 0 ? null : Instant.ofEpochMilli(row.deadline));
                ps.setInt(7, row.compensated);
                ps.setInt(8, row.toCompensate);
                ps.setString(9, row.lastError);
                dialect.setInstant(ps, 10, Instant.ofEpochMilli(row.startedAt));
                dialect.setInstant(ps, 11, Instant.ofEpochMilli(row.updatedAt));
                ps.setLong(12, row.version);
            });

    private SagaInstanceTable() {
    }

    public static List<String> ddl(SqlDialect dialect) {
        return List.of(SqlScripts.load(SagaInstanceTable.class.getClassLoader(),
                "sql/" + dialect.scriptFolder() + "/saga_instance.sql"));
    }
}
