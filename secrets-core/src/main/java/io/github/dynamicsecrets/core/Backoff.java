package io.github.dynamicsecrets.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for retrying a failing store: 1 s, 2 s, 4 s ... capped at the
 * refresh interval (and never above it, so a short refresh in tests retries quickly). Each delay
 * is drawn between half and all of the step, so many instances do not retry in lock step.
 */
final class Backoff {

    static final long INITIAL_MILLIS = 1_000;

    private Backoff() {}

    static long delayMillis(int failures, Duration cap) {
        long capMillis = Math.max(1, cap.toMillis());
        long step = Math.min(capMillis, INITIAL_MILLIS << Math.min(20, Math.max(0, failures - 1)));
        long half = Math.max(1, step / 2);
        return half + ThreadLocalRandom.current().nextLong(step - half + 1);
    }

    /** A delay of {@code base} reduced by up to 10 %, so refreshes of many names spread out. */
    static long jittered(Duration base) {
        long millis = Math.max(1, base.toMillis());
        return millis - ThreadLocalRandom.current().nextLong(millis / 10 + 1);
    }
}
