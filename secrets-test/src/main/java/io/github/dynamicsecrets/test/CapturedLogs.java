package io.github.dynamicsecrets.test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * The log events recorded by {@link CapturingSlf4jProvider}, for assertions. Process-wide and
 * thread-safe: events from every thread land here in logging order.
 *
 * <pre>{@code
 * long mark = CapturedLogs.mark();
 * client.get("db/password");
 * assertThat(CapturedLogs.eventsSince(mark)).extracting(LogEvent::loggerName)
 *         .contains("io.github.dynamicsecrets.audit");
 * }</pre>
 *
 * <p>At most {@value #DEFAULT_CAPACITY} events are kept (system property
 * {@value #CAPACITY_PROPERTY}); older ones are dropped. A canary in an event is noted when the
 * event is logged, so {@link #leaksSince} misses nothing even after events are dropped.
 */
public final class CapturedLogs {

    /** The system property that sets how many events are kept. */
    public static final String CAPACITY_PROPERTY = "secrets.test.log.capacity";

    /** How many events are kept by default. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private static final int CAPACITY = Integer.getInteger(CAPACITY_PROPERTY, DEFAULT_CAPACITY);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final ConcurrentLinkedDeque<LogEvent> EVENTS = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger SIZE = new AtomicInteger();
    private static final ConcurrentLinkedDeque<Leak> LEAKS = new ConcurrentLinkedDeque<>();

    private CapturedLogs() {}

    /** A canary seen in an event when it was logged. */
    static final class Leak {
        final LogEvent event;
        final String canary;

        Leak(LogEvent event, String canary) {
            this.event = event;
            this.canary = canary;
        }
    }

    /**
     * Whether SLF4J is bound to {@link CapturingSlf4jProvider}, that is, whether anything is
     * being recorded.
     *
     * @return {@code true} if log events reach this class
     */
    public static boolean isActive() {
        return LoggerFactory.getILoggerFactory() instanceof CapturingSlf4jProvider.Factory;
    }

    /**
     * The sequence number the next event will get; pass it to {@link #eventsSince} later.
     *
     * @return the current position
     */
    public static long mark() {
        return SEQUENCE.get() + 1;
    }

    /**
     * The events kept, oldest first.
     *
     * @return a snapshot
     */
    public static List<LogEvent> events() {
        return eventsSince(0);
    }

    /**
     * The events logged since a {@link #mark()}, oldest first.
     *
     * @param mark a value from {@link #mark()}
     * @return a snapshot of the kept events with {@code sequence() >= mark}
     */
    public static List<LogEvent> eventsSince(long mark) {
        List<LogEvent> out = new ArrayList<>();
        // threads add events in nearly but not exactly sequence order, so filter all and sort
        for (LogEvent e : EVENTS) {
            if (e.sequence() >= mark) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingLong(LogEvent::sequence));
        return out;
    }

    /** Forgets every kept event and noted leak. */
    public static void clear() {
        EVENTS.clear();
        SIZE.set(0);
        LEAKS.clear();
    }

    /**
     * The first event since {@code mark} that contains a canary, either noted when it was logged
     * or found now (a value {@linkplain Canary#plant planted} after it was logged).
     *
     * @param mark a value from {@link #mark()}
     * @return a description naming the event and the canary, or empty
     */
    public static Optional<String> leaksSince(long mark) {
        for (Leak leak : LEAKS) {
            if (leak.event.sequence() >= mark) {
                return Optional.of(describe(leak.event, leak.canary));
            }
        }
        for (LogEvent e : eventsSince(mark)) {
            Optional<String> canary = Canary.findIn(e.fullText());
            if (canary.isPresent()) {
                return Optional.of(describe(e, canary.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Fails if an event logged since {@code mark} contains a canary; what {@link CanaryExtension}
     * runs after each test, for use without the extension.
     *
     * @param mark a value from {@link #mark()}
     * @throws AssertionError naming the canary, the event's level, logger and thread, and its message
     * @throws IllegalStateException if SLF4J is not bound to {@link CapturingSlf4jProvider}, so
     *     there is nothing to check
     */
    public static void assertNoLeaksSince(long mark) {
        requireActive();
        Optional<String> leak = leaksSince(mark);
        if (leak.isPresent()) {
            throw new AssertionError(leak.get());
        }
    }

    /**
     * Fails unless SLF4J is bound to {@link CapturingSlf4jProvider}, with a message saying how to
     * bind it.
     *
     * @throws IllegalStateException if log events are not being recorded
     */
    public static void requireActive() {
        if (!isActive()) {
            throw new IllegalStateException("Log capture is off: SLF4J is bound to "
                    + LoggerFactory.getILoggerFactory().getClass().getName() + ". Set the system property slf4j.provider="
                    + CapturingSlf4jProvider.class.getName() + " (for example in Surefire's systemPropertyVariables)"
                    + " so that secret leaks into logs can be detected");
        }
    }

    static long nextSequence() {
        return SEQUENCE.incrementAndGet();
    }

    static void record(LogEvent event) {
        Canary.findIn(event.fullText()).ifPresent(canary -> LEAKS.add(new Leak(event, canary)));
        EVENTS.add(event);
        if (SIZE.incrementAndGet() > CAPACITY && EVENTS.pollFirst() != null) {
            SIZE.decrementAndGet();
        }
    }

    private static String describe(LogEvent event, String canary) {
        return "A secret value leaked into a log event: canary '" + canary + "' in " + event.level() + " from "
                + event.loggerName() + " on thread " + event.threadName() + ": " + event.message();
    }
}
