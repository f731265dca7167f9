package io.github.dynamicsecrets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The harness counts store calls right; no durations are asserted. */
class ColdHerdTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void herd_onOurClient_makesOneStoreCall_andEveryCallerGetsTheValue() throws Exception {
        try (Contender ours = Contender.ours(Duration.ofMillis(5), Duration.ofMinutes(5))) {
            long[] first = ColdHerd.herd(ours, pool, 8, "herd/test/1");
            long[] second = ColdHerd.herd(ours, pool, 8, "herd/test/2");

            assertThat(first[0]).isEqualTo(1);
            assertThat(second[0]).isEqualTo(1);
            assertThat(first[1]).isPositive();
        }
    }

    @Test
    void herd_onThePeer_countsItsDescribeAndGetCalls() throws Exception {
        try (Contender peer = Contender.peer(Duration.ZERO, Duration.ofMinutes(5))) {
            long[] one = ColdHerd.herd(peer, pool, 8, "herd/test/1");

            assertThat(one[0]).isEqualTo(2);
        }
    }

    @Test
    void herd_onAWarmName_makesNoStoreCall() throws Exception {
        try (Contender ours = Contender.ours(Duration.ZERO, Duration.ofMinutes(5))) {
            ColdHerd.herd(ours, pool, 2, "herd/test/warm");
            ours.put("herd/test/warm", Sides.value("herd/test/warm", 1)); // a new version, same value
            long before = ours.storeCalls();
            ours.read("herd/test/warm");

            assertThat(ours.storeCalls()).isEqualTo(before);
        }
    }
}
