package io.github.dynamicsecrets.test;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J 2 provider that records every log event in {@link CapturedLogs} (so tests can assert
 * on logs and {@link CanaryExtension} can look for leaked secrets) and prints events to standard
 * error.
 *
 * <p>It is deliberately <em>not</em> registered in {@code META-INF/services}: that would fight
 * the application's own binding (Logback in Spring Boot). Select it explicitly with the system
 * property {@code slf4j.provider} (SLF4J 2.0.9 or later), for example in Maven Surefire:
 * <pre>{@code
 * <systemPropertyVariables>
 *   <slf4j.provider>io.github.dynamicsecrets.test.CapturingSlf4jProvider</slf4j.provider>
 * </systemPropertyVariables>
 * }</pre>
 *
 * <p>Every level is enabled and recorded, down to TRACE, so that debug statements run and are
 * checked too. Printing is filtered: only events at or above the level in the system property
 * {@value #PRINT_LEVEL_PROPERTY} (default {@code INFO}; {@code OFF} prints nothing) reach
 * standard error. Thread-safe.
 */
public final class CapturingSlf4jProvider implements SLF4JServiceProvider {

    /** The system property naming the lowest level printed to standard error. */
    public static final String PRINT_LEVEL_PROPERTY = "secrets.test.log.print-level";

    private final BasicMarkerFactory markerFactory = new BasicMarkerFactory();
    private final BasicMDCAdapter mdcAdapter = new BasicMDCAdapter();
    private volatile Factory loggerFactory;

    /** Called by SLF4J when selected through {@code slf4j.provider}. */
    public CapturingSlf4jProvider() {}

    /**
     * The logger factory.
     *
     * @return the factory, after {@link #initialize()}
     */
    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    /**
     * The marker factory.
     *
     * @return SLF4J's basic marker factory
     */
    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    /**
     * The MDC adapter; its contents are recorded with every event.
     *
     * @return SLF4J's basic, thread-local MDC adapter
     */
    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    /**
     * The SLF4J API version this provider is written against.
     *
     * @return {@code 2.0.99}, meaning any 2.0.x
     */
    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    /** Called once by SLF4J before first use; reads {@value #PRINT_LEVEL_PROPERTY}. */
    @Override
    public void initialize() {
        loggerFactory = new Factory(printThreshold(System.getProperty(PRINT_LEVEL_PROPERTY, "INFO")), mdcAdapter);
    }

    /** Lowest level printed, as an int where a higher value is more severe; above ERROR prints nothing. */
    static int printThreshold(String level) {
        String s = level.trim().toUpperCase(Locale.ROOT);
        if (s.equals("OFF")) {
            return Integer.MAX_VALUE;
        }
        try {
            return Level.valueOf(s).toInt();
        } catch (IllegalArgumentException e) {
            System.err.println("[secrets-test] ignoring " + PRINT_LEVEL_PROPERTY + "=" + level
                    + ": expected TRACE, DEBUG, INFO, WARN, ERROR or OFF; using INFO");
            return Level.INFO.toInt();
        }
    }

    /** Hands out one {@link CapturingLogger} per name. */
    static final class Factory implements ILoggerFactory {
        private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
        private final int printThreshold;
        private final BasicMDCAdapter mdc;

        Factory(int printThreshold, BasicMDCAdapter mdc) {
            this.printThreshold = printThreshold;
            this.mdc = mdc;
        }

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, n -> new CapturingLogger(n, printThreshold, mdc));
        }
    }
}
