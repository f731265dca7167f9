package io.github.dynamicsecrets.test;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Records every call in {@link CapturedLogs}; prints those at or above the threshold. */
final class CapturingLogger extends LegacyAbstractLogger {

    // AbstractLogger is Serializable; this logger is never serialized, but -Xlint:serial asks for an id
    private static final long serialVersionUID = 1L;

    private final int printThreshold;
    private final transient BasicMDCAdapter mdc;

    CapturingLogger(String name, int printThreshold, BasicMDCAdapter mdc) {
        this.name = name;
        this.printThreshold = printThreshold;
        this.mdc = mdc;
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        if (marker != null) {
            message = "[" + marker.getName() + "] " + message;
        }
        Map<String, String> context = mdc.getCopyOfContextMap();
        LogEvent event = new LogEvent(CapturedLogs.nextSequence(), Instant.now(), level, name,
                Thread.currentThread().getName(), message == null ? "null" : message, throwable,
                context == null ? Map.of() : Collections.unmodifiableMap(new HashMap<>(context)));
        CapturedLogs.record(event);
        if (level.toInt() >= printThreshold) {
            PrintStream err = System.err;
            synchronized (err) {
                err.println(event);
                if (throwable != null) {
                    throwable.printStackTrace(err);
                }
            }
        }
    }
}
