package io.github.dynamicsecrets.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CanaryTest {

    @Test
    void next_makesRecognisableValuesThatAreRecorded() {
        String canary = Canary.next();

        assertThat(canary).startsWith(Canary.PREFIX).matches("canary-[0-9a-f]{20}-[0-9]+");
        assertThat(Canary.isCanary(canary)).isTrue();
        assertThat(new String(Canary.nextBytes(), StandardCharsets.UTF_8)).satisfies(c -> assertThat(Canary.isCanary(c)).isTrue());
    }

    @Test
    void next_isUniqueAcrossThreads() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        assertThat(seen.add(Canary.next())).isTrue();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(8000);
    }

    @Test
    void findIn_findsACanaryInsideOtherText_evenFollowedByDigits() {
        String canary = Canary.next();

        assertThat(Canary.findIn("password=" + canary + "; retry")).contains(canary);
        assertThat(Canary.findIn("x" + canary + "42")).contains(canary);
        assertThat(Canary.findIn("{\"p\":\"" + canary + "\"}")).contains(canary);
    }

    @Test
    void findIn_ignoresTextThatOnlyLooksLikeACanary() {
        String canary = Canary.next();
        String cut = canary.substring(0, canary.length() - 3);

        assertThat(Canary.findIn("canary-00000000000000000000-1 and " + cut)).isEmpty();
        assertThat(Canary.findIn("")).isEmpty();
        assertThat(Canary.findIn(null)).isEmpty();
    }

    @Test
    void plant_recordsOwnValues_butRefusesShortOnes() {
        String mine = "Tr0ub4dor&3-" + System.nanoTime();

        assertThat(Canary.plant(mine)).isEqualTo(mine);
        assertThat(Canary.findIn("the password is " + mine)).contains(mine);
        assertThatThrownBy(() -> Canary.plant("short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void assertNotIn_text_failsNamingWhereAndTheCanary() {
        String canary = Canary.next();

        assertThatThrownBy(() -> Canary.assertNotIn("an audit line", "user=app password=" + canary))
                .isInstanceOf(AssertionError.class).hasMessageContaining("an audit line").hasMessageContaining(canary);
        assertThatCode(() -> Canary.assertNotIn("an audit line", "user=app password=****")).doesNotThrowAnyException();
    }

    @Test
    void assertNotInToString_checksTheObjectsText() {
        String canary = Canary.next();
        Object leaky = new Object() {
            @Override
            public String toString() {
                return "Config[password=" + canary + "]";
            }
        };

        assertThatThrownBy(() -> Canary.assertNotInToString(leaky)).isInstanceOf(AssertionError.class).hasMessageContaining("toString()");
        assertThatCode(() -> Canary.assertNotInToString(List.of("safe"))).doesNotThrowAnyException();
    }

    @Test
    void assertNotIn_throwable_searchesMessageCausesSuppressedAndHiddenMessages() {
        assertThatThrownBy(() -> Canary.assertNotIn(new IllegalStateException("bad " + Canary.next())))
                .isInstanceOf(AssertionError.class).hasMessageContaining("IllegalStateException");
        assertThatThrownBy(() -> Canary.assertNotIn(new RuntimeException("outer", new RuntimeException("inner " + Canary.next()))))
                .isInstanceOf(AssertionError.class);
        RuntimeException withSuppressed = new RuntimeException("outer");
        withSuppressed.addSuppressed(new RuntimeException(new RuntimeException("deep " + Canary.next())));
        assertThatThrownBy(() -> Canary.assertNotIn(withSuppressed)).isInstanceOf(AssertionError.class);
        String hidden = Canary.next();
        RuntimeException masked = new RuntimeException("value " + hidden) {
            private static final long serialVersionUID = 1L;

            @Override
            public String toString() {
                return "masked";
            }
        };
        assertThatThrownBy(() -> Canary.assertNotIn(masked)).isInstanceOf(AssertionError.class).hasMessageContaining(hidden);

        assertThatCode(() -> Canary.assertNotIn(new RuntimeException("clean", new RuntimeException("also clean"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> Canary.assertNotIn((Throwable) null)).doesNotThrowAnyException();
    }
}
