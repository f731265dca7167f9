package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.spi.SecretProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds new versions. Every {@code secrets.rotation.poll} (jittered) it asks each provider that
 * does not push, in one batched {@link SecretProvider#versions} call, for the versions of the
 * secrets it answers, and reloads those that changed. Providers that push report changes through
 * {@link #onPushedChange}. Secrets that do not exist yet but have listeners are looked up again.
 */
final class RotationPoller {

    private static final Logger log = LoggerFactory.getLogger(RotationPoller.class);

    private final EngineCore core;
    private final boolean[] pushes;

    RotationPoller(EngineCore core) {
        this.core = core;
        this.pushes = new boolean[core.chain.size()];
    }

    void start() {
        for (int i = 0; i < core.chain.size(); i++) {
            final int index = i;
            try {
                pushes[i] = core.chain.providers.get(i).watch(path -> onPushedChange(index, path));
            } catch (RuntimeException e) {
                log.warn("Provider '{}' could not start watching ({}); it will be polled", core.chain.names.get(i),
                        e.getClass().getSimpleName());
            }
        }
        scheduleNext();
    }

    private void scheduleNext() {
        if (core.closed || core.settings.poll.isZero()) {
            return;
        }
        try {
            core.threads.scheduler.schedule(() -> {
                try {
                    core.threads.refresh.execute(this::pollOnce);
                } catch (RejectedExecutionException e) {
                    return;
                }
                scheduleNext();
            }, Backoff.jittered(core.settings.poll), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    void pollOnce() {
        for (Map.Entry<Integer, List<RefState>> group : core.answeredByProvider().entrySet()) {
            int index = group.getKey();
            if (index < 0) {
                for (RefState st : group.getValue()) {
                    if (!st.lanes.isEmpty()) {
                        core.submitRefresh(st); // may have been created since
                    }
                }
            } else if (!pushes[index]) {
                checkVersions(index, group.getValue());
            }
        }
    }

    private void checkVersions(int index, List<RefState> states) {
        Map<SecretRef, RefState> byRef = new LinkedHashMap<>();
        for (RefState st : states) {
            byRef.put(st.ref, st);
        }
        Map<SecretRef, Optional<String>> versions;
        try {
            versions = core.chain.providers.get(index).versions(new ArrayList<>(byRef.keySet()));
        } catch (RuntimeException e) {
            log.warn("Version check with provider '{}' failed ({}); the refresh schedule still applies",
                    core.chain.names.get(index), e.getClass().getSimpleName());
            return;
        }
        versions.forEach((ref, version) -> {
            RefState st = byRef.get(ref);
            if (st == null) {
                return;
            }
            String known;
            synchronized (st) {
                known = st.version;
            }
            if (version == null || version.isEmpty() || !version.get().equals(known)) {
                core.submitRefresh(st);
            }
        });
    }

    /** A provider says the secret at {@code path} may have changed. */
    void onPushedChange(int index, String path) {
        for (RefState st : core.states.values()) {
            if (st.ref.path().equals(path)) {
                core.submitRefresh(st);
            }
        }
    }
}
