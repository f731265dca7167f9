package io.github.dynamicsecrets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentile_isNearestRank_andLeavesTheInputAlone() {
        long[] values = {50, 10, 40, 20, 30};

        assertThat(Stats.percentile(values, 50)).isEqualTo(30);
        assertThat(Stats.percentile(values, 20)).isEqualTo(10);
        assertThat(Stats.percentile(values, 21)).isEqualTo(20);
        assertThat(Stats.percentile(values, 100)).isEqualTo(50);
        assertThat(Stats.percentile(values, Double.MIN_VALUE)).isEqualTo(10);
        assertThat(values).containsExactly(50, 10, 40, 20, 30);
    }

    @Test
    void percentile_ofOneHundredValues_p99IsTheSecondLargest() {
        long[] values = new long[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        assertThat(Stats.percentile(values, 99)).isEqualTo(99);
    }

    @Test
    void percentile_rejectsNoValuesAndBadPercentages() {
        assertThatThrownBy(() -> Stats.percentile(new long[0], 50)).hasMessageContaining("no values");
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 0)).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 101)).hasMessageContaining("(0, 100]");
    }

    @Test
    void millis_summarisesNanosecondsInMilliseconds() {
        Map<String, Object> m = Stats.millis(new long[] {20_000_000, 21_500_000, 40_000_000});

        assertThat(m).containsEntry("n", 3).containsEntry("min_ms", 20.0).containsEntry("median_ms", 21.5)
                .containsEntry("max_ms", 40.0);
    }
}
