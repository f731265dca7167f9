package io.github.dynamicsecrets.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.event.Level;

/**
 * The suite-wide {@link CanaryExtension} runs after each of these tests too, so the tests that
 * log a canary on purpose clear the captured logs once they have checked the detection.
 */
class CapturedLogsTest {

    private static final Logger LOG = LoggerFactory.getLogger("secrets.test.sample");

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void capture_isActiveInThisModule() {
        assertThat(CapturedLogs.isActive()).isTrue();
        assertThatCode(CapturedLogs::requireActive).doesNotThrowAnyException();
    }

    @Test
    void logger_recordsEveryLevelWithFormattedMessageThrowableAndMdc() {
        long mark = CapturedLogs.mark();
        IllegalStateException failure = new IllegalStateException("boom");
        MDC.put("request", "r-1");

        LOG.trace("t {}", 1);
        LOG.debug("d {} {}", "a", "b");
        LOG.info(MarkerFactory.getMarker("AUDIT"), "i {}", "x");
        LOG.warn("w {}", "y", failure);
        LOG.error("e");

        List<LogEvent> events = CapturedLogs.eventsSince(mark);
        assertThat(events).extracting(LogEvent::level)
                .containsExactly(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR);
        assertThat(events).extracting(LogEvent::message).containsExactly("t 1", "d a b", "[AUDIT] i x", "w y", "e");
        assertThat(events.get(3).throwable()).isSameAs(failure);
        assertThat(events.get(3).fullText()).contains("boom").contains("request=r-1");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.loggerName()).isEqualTo("secrets.test.sample");
            assertThat(e.threadName()).isEqualTo(Thread.currentThread().getName());
            assertThat(e.mdc()).containsEntry("request", "r-1");
        });
        assertThat(events).extracting(LogEvent::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(CapturedLogs.events()).containsAll(events);
    }

    @Test
    void fluentApi_keyValuePairsAreRecorded() {
        long mark = CapturedLogs.mark();

        LOG.atInfo().addKeyValue("secret", "db/password").log("fetched");

        assertThat(CapturedLogs.eventsSince(mark)).singleElement().extracting(LogEvent::message)
                .asString().contains("secret=db/password").contains("fetched");
    }

    @Test
    void eventsSince_keepsOrderAndCountUnderConcurrentLogging() throws Exception {
        long mark = CapturedLogs.mark();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        LOG.debug("thread {} event {}", thread, i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<LogEvent> events = CapturedLogs.eventsSince(mark);
        assertThat(events).hasSize(4000);
        assertThat(events).extracting(LogEvent::sequence).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void assertNoLeaksSince_passesForCleanLogs() {
        long mark = CapturedLogs.mark();
        LOG.info("fetched {} version {}", "db/password", 3);

        assertThatCode(() -> CapturedLogs.assertNoLeaksSince(mark)).doesNotThrowAnyException();
        assertThat(CapturedLogs.leaksSince(mark)).isEmpty();
    }

    @Test
    void assertNoLeaksSince_failsForACanaryInAMessage() {
        long mark = CapturedLogs.mark();
        String canary = Canary.next();

        LOG.debug("connecting with password {}", canary);

        assertThatThrownBy(() -> CapturedLogs.assertNoLeaksSince(mark)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(canary).hasMessageContaining("DEBUG").hasMessageContaining("secrets.test.sample");
        forgiveDeliberateLeak();
    }

    @Test
    void assertNoLeaksSince_failsForACanaryInAThrowableCause() {
        long mark = CapturedLogs.mark();

        LOG.warn("refresh failed", new RuntimeException("outer", new RuntimeException("value was " + Canary.next())));

        assertThatThrownBy(() -> CapturedLogs.assertNoLeaksSince(mark)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("refresh failed");
        forgiveDeliberateLeak();
    }

    @Test
    void assertNoLeaksSince_failsForACanaryInTheMdcOrAKeyValuePair() {
        long mark = CapturedLogs.mark();
        MDC.put("token", Canary.next());
        LOG.info("request");
        MDC.clear();
        assertThatThrownBy(() -> CapturedLogs.assertNoLeaksSince(mark)).isInstanceOf(AssertionError.class);
        forgiveDeliberateLeak();

        long second = CapturedLogs.mark();
        LOG.atInfo().addKeyValue("password", Canary.next()).log("login");
        assertThatThrownBy(() -> CapturedLogs.assertNoLeaksSince(second)).isInstanceOf(AssertionError.class);
        forgiveDeliberateLeak();
    }

    @Test
    void assertNoLeaksSince_findsAValuePlantedAfterItWasLogged() {
        long mark = CapturedLogs.mark();
        String own = "hunter2-" + System.nanoTime();

        LOG.info("password is {}", own);
        assertThat(CapturedLogs.leaksSince(mark)).isEmpty();
        Canary.plant(own);

        assertThatThrownBy(() -> CapturedLogs.assertNoLeaksSince(mark)).isInstanceOf(AssertionError.class).hasMessageContaining(own);
        forgiveDeliberateLeak();
    }

    @Test
    void assertNoLeaksSince_ignoresLeaksBeforeTheMark() {
        LOG.info("old leak {}", Canary.next());
        long mark = CapturedLogs.mark();

        assertThatCode(() -> CapturedLogs.assertNoLeaksSince(mark)).doesNotThrowAnyException();
        forgiveDeliberateLeak();
    }

    @Test
    void printThreshold_parsesLevelsAndOff() {
        assertThat(CapturingSlf4jProvider.printThreshold("warn")).isEqualTo(Level.WARN.toInt());
        assertThat(CapturingSlf4jProvider.printThreshold(" OFF ")).isEqualTo(Integer.MAX_VALUE);
        assertThat(CapturingSlf4jProvider.printThreshold("loud")).isEqualTo(Level.INFO.toInt());
    }

    /** The leak was logged on purpose and detected above; without this the suite-wide check would fail the test. */
    private static void forgiveDeliberateLeak() {
        CapturedLogs.clear();
    }
}
