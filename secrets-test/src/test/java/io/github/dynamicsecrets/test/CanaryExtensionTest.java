package io.github.dynamicsecrets.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

@ExtendWith(CanaryExtensionTest.Probe.class)
class CanaryExtensionTest {

    /** Registered after the autodetected extensions, so it sees what CanaryExtension stored before the test. */
    static final class Probe implements BeforeEachCallback {
        static volatile Long seenMark;

        @Override
        public void beforeEach(ExtensionContext context) {
            seenMark = context.getStore(CanaryExtension.NAMESPACE).get(CanaryExtension.MARK, Long.class);
        }
    }

    @Test
    void isAutodetectedSuiteWide_andMarksTheLogBeforeEachTest() {
        assertThat(ServiceLoader.load(Extension.class)).anyMatch(e -> e instanceof CanaryExtension);
        assertThat(Probe.seenMark).as("CanaryExtension ran before this test").isNotNull()
                .isLessThanOrEqualTo(CapturedLogs.mark());
    }

    @Test
    void afterEach_failsTheTestWhenItLoggedACanary() {
        ExtensionContext context = fakeContext();
        CanaryExtension extension = new CanaryExtension();
        extension.beforeEach(context);
        String canary = Canary.next();

        LoggerFactory.getLogger(CanaryExtensionTest.class).info("token={}", canary);

        assertThatThrownBy(() -> extension.afterEach(context)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(canary).hasMessageContaining(CanaryExtensionTest.class.getName());
        CapturedLogs.clear(); // detected above; the real suite-wide check must not fail this test for it
    }

    @Test
    void afterEach_passesWhenTheTestLoggedNoCanary() {
        ExtensionContext context = fakeContext();
        CanaryExtension extension = new CanaryExtension();
        extension.beforeEach(context);

        LoggerFactory.getLogger(CanaryExtensionTest.class).info("fetched db/password version 2");

        assertThatCode(() -> extension.afterEach(context)).doesNotThrowAnyException();
    }

    private static ExtensionContext fakeContext() {
        return FakeContexts.extensionContext(null);
    }
}
