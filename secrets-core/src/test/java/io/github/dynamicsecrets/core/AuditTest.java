package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.CapturedLogs;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import io.github.dynamicsecrets.test.LogEvent;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AuditTest {

    private static List<String> audit(long mark) {
        return CapturedLogs.eventsSince(mark).stream()
                .filter(e -> e.loggerName().equals("io.github.dynamicsecrets.audit"))
                .map(e -> e.level() + " " + e.message())
                .collect(Collectors.toList());
    }

    @Test
    void audit_recordsLoadsHitsRotationsWritesAndFailures_withNamesVersionsNeverValues() {
        long mark = CapturedLogs.mark();
        InMemorySecretProvider store = new InMemorySecretProvider();
        store.put("db/password", Canary.next());
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store).build()) {
            client.get("db/password");
            client.get("db/password");
            store.rotate("db/password", Canary.next());
            client.refresh("db/password");
            client.put("app/token", Canary.next());
            assertThatThrownBy(() -> client.get("no/such")).isNotNull();
            store.goDown();
            assertThatThrownBy(() -> client.get("other/one")).isNotNull();
        }
        List<String> lines = audit(mark);
        assertThat(lines).contains(
                "INFO access name=db/password provider=memory version=1 outcome=loaded",
                "TRACE access name=db/password provider=memory version=1 outcome=cache-hit",
                "INFO change name=db/password provider=memory from=1 to=2 outcome=rotated",
                "INFO change name=app/token provider=memory version=1 outcome=put",
                "INFO access name=no/such providers=[memory] outcome=not-found");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(
                "WARN access name=other/one provider=memory outcome=failed error=ProviderUnavailableException"));
        for (LogEvent e : CapturedLogs.eventsSince(mark)) {
            Canary.assertNotIn("log event", e.fullText());
        }
    }

    @Test
    void audit_whenServingStale_warnsOncePerTransition() {
        long mark = CapturedLogs.mark();
        InMemorySecretProvider store = new InMemorySecretProvider();
        store.put("db/password", Canary.next());
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store)
                .property("secrets.cache.refresh", "30ms").property("secrets.rotation.poll", "0").build()) {
            client.get("db/password");
            store.goDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.get("db/password").isStale());
            long failures = store.fetchCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.fetchCount() > failures + 2);
        }
        assertThat(audit(mark).stream().filter(l -> l.contains("outcome=stale")))
                .containsExactly("WARN access name=db/password provider=memory version=1 outcome=stale source=memory");
    }
}
