package io.eventline.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.sink.TestDatabase;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.WorkloadSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The figure README "Rebuilding and time travel" quotes: on one topic and one machine, how fast the live job reads a
 * backlog from the earliest offset into PostgreSQL (start to exact rows), and how fast a rebuild re-derives the same
 * rows (its own report). Opt-in, minutes long: {@code mvn -pl history test -Dtest=RebuildThroughputITCase
 * -Deventline.history.bench=true [-Deventline.history.bench.orders=20000]}.
 */
@EnabledIfSystemProperty(named = "eventline.history.bench", matches = "true")
class RebuildThroughputITCase {

    @Test
    void rebuildThroughputBesideTheLiveJobs() throws Exception {
        int orders = Integer.getInteger("eventline.history.bench.orders", 20_000);
        String jdbcUrl = TestDatabase.POSTGRES.newDatabase("throughput");
        try (LiveOrdersJob live = new LiveOrdersJob("throughput", jdbcUrl, 2)) {
            OrderWorkload workload = new OrderWorkload(WorkloadSettings.demo(orders).toBuilder().jsonRate(0).build());
            live.send(workload.remaining());
            long records = workload.records();
            long start = System.nanoTime();
            live.start(null);
            RebuildSwapITCase.awaitReadModels(jdbcUrl, List.of(workload), java.time.Duration.ofMinutes(20));
            double liveSeconds = (System.nanoTime() - start) / 1e9;

            List<String> args = new ArrayList<>(List.of("rebuild", "--no-swap"));
            args.addAll(live.jobArgs());
            HistoryScript.Result rebuilt = HistoryScript.run(args).requireSuccess();
            Matcher m = Pattern.compile("rebuilt: ([\\d,]+) records read in ([\\d.]+) s").matcher(rebuilt.out());
            assertThat(m.find()).isTrue();
            assertThat(rebuilt.out()).contains(" 0 different");
            System.out.printf("throughput: %,d records; live job from earliest to exact rows %.1f s (%,.0f records/s); "
                            + "rebuild %s s (%,.0f records/s)%n", records, liveSeconds, records / liveSeconds, m.group(2),
                    records / Double.parseDouble(m.group(2)));
        }
    }
}
