package io.github.dynamicsecrets.test;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test if any log event recorded while it ran contains a {@link Canary} value: the
 * test's code (or the library under test) leaked a secret into a log.
 *
 * <p>Needs {@link CapturingSlf4jProvider} as the SLF4J provider (system property
 * {@code slf4j.provider}); without it every test using the extension fails with a message
 * saying so, rather than passing without checking anything. Events from all threads count,
 * including background threads of the library under test, so run such tests sequentially
 * (JUnit's default) for the blame to land on the right test.
 *
 * <p>Per class: {@code @ExtendWith(CanaryExtension.class)}. Suite-wide, for every test of a
 * module, put both of these in the module's {@code src/test/resources}:
 * <pre>
 * junit-platform.properties:
 *     junit.jupiter.extensions.autodetection.enabled=true
 * META-INF/services/org.junit.jupiter.api.extension.Extension:
 *     io.github.dynamicsecrets.test.CanaryExtension
 * </pre>
 */
public final class CanaryExtension implements BeforeEachCallback, AfterEachCallback {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CanaryExtension.class);
    static final String MARK = "log-mark";

    /** Called by JUnit. */
    public CanaryExtension() {}

    /**
     * Remembers where the log stood when the test started.
     *
     * @param context the test's context
     * @throws IllegalStateException if log capture is off
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        CapturedLogs.requireActive();
        context.getStore(NAMESPACE).put(MARK, CapturedLogs.mark());
    }

    /**
     * Fails the test if an event logged since it started contains a canary.
     *
     * @param context the test's context
     * @throws AssertionError naming the canary and the event
     */
    @Override
    public void afterEach(ExtensionContext context) {
        Long mark = context.getStore(NAMESPACE).remove(MARK, Long.class);
        if (mark != null) {
            CapturedLogs.assertNoLeaksSince(mark);
        }
    }
}
