package io.github.dynamicsecrets.test;

import java.time.Instant;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * One log event recorded by {@link CapturingSlf4jProvider}. Immutable.
 *
 * <pre>{@code
 * assertThat(CapturedLogs.eventsSince(mark))
 *         .anyMatch(e -> e.level() == Level.WARN && e.message().contains("db/password"));
 * }</pre>
 */
public final class LogEvent {

    private final long sequence;
    private final Instant time;
    private final Level level;
    private final String loggerName;
    private final String threadName;
    private final String message;
    private final Throwable throwable;
    private final Map<String, String> mdc;

    LogEvent(long sequence, Instant time, Level level, String loggerName, String threadName, String message,
            Throwable throwable, Map<String, String> mdc) {
        this.sequence = sequence;
        this.time = time;
        this.level = level;
        this.loggerName = loggerName;
        this.threadName = threadName;
        this.message = message;
        this.throwable = throwable;
        this.mdc = mdc;
    }

    /**
     * The event's position in the whole run; compare with {@link CapturedLogs#mark()}.
     *
     * @return a number that grows by one per event
     */
    public long sequence() {
        return sequence;
    }

    /**
     * When the event was logged.
     *
     * @return the wall-clock time
     */
    public Instant time() {
        return time;
    }

    /**
     * The level.
     *
     * @return the level
     */
    public Level level() {
        return level;
    }

    /**
     * The logger's name, for example {@code io.github.dynamicsecrets.audit}.
     *
     * @return the name
     */
    public String loggerName() {
        return loggerName;
    }

    /**
     * The name of the thread that logged.
     *
     * @return the thread name
     */
    public String threadName() {
        return threadName;
    }

    /**
     * The message with its {@code {}} placeholders filled in (and, for the fluent API, its
     * markers and key-value pairs merged in, as SLF4J does for plain loggers).
     *
     * @return the formatted message, never {@code null}
     */
    public String message() {
        return message;
    }

    /**
     * The exception logged with the event.
     *
     * @return the throwable, or {@code null}
     */
    public Throwable throwable() {
        return throwable;
    }

    /**
     * The MDC of the logging thread at the time of the event.
     *
     * @return an immutable copy, possibly empty
     */
    public Map<String, String> mdc() {
        return mdc;
    }

    /**
     * Everything the event would show in a log file: the line, the MDC and the full stack trace
     * of its throwable. This is what {@link CanaryExtension} searches.
     *
     * @return the text
     */
    public String fullText() {
        StringBuilder sb = new StringBuilder(toString());
        if (!mdc.isEmpty()) {
            sb.append(" mdc=").append(mdc);
        }
        if (throwable != null) {
            sb.append(System.lineSeparator()).append(Canary.describe(throwable));
        }
        return sb.toString();
    }

    /** One line: time, level, thread, logger and message, as printed to standard error. */
    @Override
    public String toString() {
        return time + " " + level + " [" + threadName + "] " + loggerName + " - " + message;
    }
}
