package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delay_doublesPerFailureWithJitter_andIsCappedByRefresh() {
        Duration cap = Duration.ofMinutes(5);
        for (int i = 0; i < 1000; i++) {
            assertThat(Backoff.delayMillis(1, cap)).isBetween(500L, 1_000L);
            assertThat(Backoff.delayMillis(2, cap)).isBetween(1_000L, 2_000L);
            assertThat(Backoff.delayMillis(4, cap)).isBetween(4_000L, 8_000L);
            assertThat(Backoff.delayMillis(30, cap)).isBetween(150_000L, 300_000L);
            assertThat(Backoff.delayMillis(3, Duration.ofMillis(50))).isBetween(25L, 50L);
        }
    }

    @Test
    void delay_isSpreadNotConstant() {
        long first = Backoff.delayMillis(5, Duration.ofHours(1));
        boolean varied = false;
        for (int i = 0; i < 100 && !varied; i++) {
            varied = Backoff.delayMillis(5, Duration.ofHours(1)) != first;
        }
        assertThat(varied).isTrue();
    }
}
