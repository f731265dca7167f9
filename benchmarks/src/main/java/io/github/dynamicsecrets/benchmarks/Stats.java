package io.github.dynamicsecrets.benchmarks;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Order statistics of repeated measurements, and the JSON files the report is made from. */
final class Stats {

    private Stats() {}

    /**
     * The nearest-rank percentile: the smallest value that at least {@code p} percent of the
     * values are less than or equal to.
     *
     * @param values the measurements, in any order; not changed
     * @param p a percentage in (0, 100]
     */
    static long percentile(long[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** Median, p99 and max of nanosecond measurements, in milliseconds; plus the count. */
    static Map<String, Object> millis(long[] nanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", nanos.length);
        m.put("min_ms", ms(percentile(nanos, Double.MIN_VALUE)));
        m.put("median_ms", ms(percentile(nanos, 50)));
        m.put("p90_ms", ms(percentile(nanos, 90)));
        m.put("p99_ms", ms(percentile(nanos, 99)));
        m.put("max_ms", ms(percentile(nanos, 100)));
        return m;
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    static void writeJson(Path file, Object data) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(data) + "\n",
                StandardCharsets.UTF_8);
    }
}
