package io.github.dynamicsecrets.test;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.spi.ChangeSink;
import io.github.dynamicsecrets.spi.FetchResult;
import io.github.dynamicsecrets.spi.WritableSecretProvider;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A versioned secret store in memory, with controls for tests: outages, latency, throttling, a
 * gate that holds reads, call counters and optional push notifications.
 *
 * <p>Every {@code put} of a path adds a version; versions are numbered {@code "1"}, {@code "2"},
 * ... per path and the history is kept, so a pinned read such as {@code db/password@1} returns
 * the old value. A version that was never written reads as empty. Numbering continues after a
 * delete, so a version id is never reused for a different value.
 *
 * <pre>{@code
 * InMemorySecretProvider store = new InMemorySecretProvider();
 * store.put("db/password", "s3cret");             // version "1"
 * try (SecretsClient client = SecretsEngine.builder().provider("memory", store).build()) {
 *     store.rotate("db/password", "n3w");           // version "2"
 *     store.goDown();                               // every store call now fails
 *     client.get("db/password");                    // the engine serves its cached value
 *     assertThat(store.fetchCount("db/password")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <h2>Two kinds of methods</h2>
 * The <em>SPI methods</em> ({@link #fetch}, {@link #version},
 * {@link #versions}, {@link #fetchAll}, {@link #put(SecretRef, byte[])},
 * {@link #delete(SecretRef)}, {@link #list}) are what the engine calls; they are counted, they
 * obey the simulated faults, and they fail with {@link IllegalStateException} after
 * {@link #close()}. The <em>test controls</em> ({@link #put(String, String)},
 * {@link #rotate(String, String)}, {@link #delete(String)} and the fault switches) act like an
 * operator working on the store directly: they are never counted, never fail because of a
 * simulated fault, and keep working after {@code close()}.
 *
 * <p>A faulty SPI call goes through these steps, in order: it is counted; a value read
 * ({@code fetch}, {@code fetchAll}) waits at the {@linkplain #holdFetches() fetch gate}; it sleeps
 * for the {@linkplain #setLatency latency}; it fails if the store is {@linkplain #goDown() down};
 * it fails if {@linkplain #throttle throttled}. Failures are
 * {@link ProviderUnavailableException}s that name the provider and the secret, never a value.
 * A {@code fetchAll} batch is one store call: a fault fails every reference in it.
 *
 * <p>Thread-safe: any number of threads may call any method at once. Writes to one path are
 * atomic and totally ordered; a read sees one complete version.
 */
public final class InMemorySecretProvider implements WritableSecretProvider {

    /** The name used when none is given, and the name of {@link InMemorySecretProviderFactory}. */
    public static final String DEFAULT_NAME = "memory";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final String name;
    private final Clock clock;
    private final VersionedStore store = new VersionedStore();
    private final FetchGate gate = new FetchGate();
    private final AtomicInteger throttledCalls = new AtomicInteger();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong versionChecks = new AtomicLong();
    private final AtomicLong bulkFetches = new AtomicLong();
    private final Map<String, AtomicLong> fetchesByPath = new ConcurrentHashMap<>();
    private final List<ChangeSink> sinks = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean watchEnabled;
    private volatile boolean closed;

    /** A store named {@value #DEFAULT_NAME}. */
    public InMemorySecretProvider() {
        this(DEFAULT_NAME);
    }

    /**
     * A store with its own name, to put several in one chain.
     *
     * @param name the provider name: lower case letters, digits and {@code -}
     * @throws IllegalArgumentException if the name is not of that form
     */
    public InMemorySecretProvider(String name) {
        this(name, Clock.systemUTC());
    }

    /**
     * A store with its own name and clock.
     *
     * @param name the provider name: lower case letters, digits and {@code -}
     * @param clock sets {@link SecretValue#fetchedAt()} of every value read
     * @throws IllegalArgumentException if the name is not of that form
     */
    public InMemorySecretProvider(String name, Clock clock) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("provider name '" + name + "' must be lower case letters, digits and '-'");
        }
        this.name = name;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The provider name, as it appears in {@link SecretValue#provider()} and in error messages.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- test controls: writes

    /**
     * Writes a new version, creating the secret if needed; a test control (not counted, never
     * faulted). Notifies watchers when {@linkplain #enableWatch() push mode} is on.
     *
     * @param path a path without selectors, such as {@code db/password}
     * @param value the text, stored as UTF-8
     * @return the new version id
     * @throws InvalidSecretNameException if the path is malformed or has a selector
     */
    public String put(String path, String value) {
        return put(path, Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a new version of raw bytes; see {@link #put(String, String)}.
     *
     * @param path a path without selectors
     * @param value the bytes; copied
     * @return the new version id
     */
    public String put(String path, byte[] value) {
        return write(path, value, false);
    }

    /**
     * Writes a new version of a secret that must already exist, as a rotation would; a test
     * control.
     *
     * @param path a path without selectors
     * @param value the new text, stored as UTF-8
     * @return the new version id
     * @throws IllegalStateException if the secret does not exist
     */
    public String rotate(String path, String value) {
        return rotate(path, Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a new version of raw bytes of a secret that must already exist; a test control.
     *
     * @param path a path without selectors
     * @param value the new bytes; copied
     * @return the new version id
     * @throws IllegalStateException if the secret does not exist
     */
    public String rotate(String path, byte[] value) {
        return write(path, value, true);
    }

    /**
     * Deletes a secret and its history; a test control. A later {@code put} continues the
     * version numbering.
     *
     * @param path a path without selectors
     * @return {@code true} if it existed
     */
    public boolean delete(String path) {
        String p = controlPath(path);
        boolean existed = store.delete(p);
        if (existed) {
            notifySinks(p);
        }
        return existed;
    }

    // ---------------------------------------------------------------- test controls: faults

    /** Simulates an outage: every SPI call fails with {@link ProviderUnavailableException} until {@link #comeBackUp()}. */
    public void goDown() {
        down = true;
    }

    /** Ends the outage started by {@link #goDown()}. */
    public void comeBackUp() {
        down = false;
    }

    /**
     * Whether the store is simulating an outage.
     *
     * @return {@code true} between {@link #goDown()} and {@link #comeBackUp()}
     */
    public boolean isDown() {
        return down;
    }

    /**
     * Makes every SPI call sleep first, as a remote store would. The sleep is interruptible; an
     * interrupted call fails with {@link ProviderUnavailableException} and keeps the interrupt.
     *
     * @param latency the delay, {@link Duration#ZERO} for none
     */
    public void setLatency(Duration latency) {
        if (Objects.requireNonNull(latency, "latency").isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        this.latency = latency;
    }

    /**
     * Makes the next {@code calls} SPI calls fail with a {@link ProviderUnavailableException}
     * saying the store throttled them, as a rate-limited cloud API would. Replaces any
     * remaining count.
     *
     * @param calls how many calls fail; 0 ends throttling
     */
    public void throttle(int calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("calls must not be negative: " + calls);
        }
        throttledCalls.set(calls);
    }

    /**
     * Closes the fetch gate: from now on every {@code fetch} and {@code fetchAll} blocks (after
     * being counted) until {@link #releaseFetches()}. For herd tests: hold, start many callers,
     * {@link #awaitBlockedFetches wait} until the expected number of store calls is blocked,
     * release, then check the counters.
     */
    public void holdFetches() {
        gate.hold();
    }

    /** Opens the fetch gate and lets every blocked read continue. */
    public void releaseFetches() {
        gate.release();
    }

    /**
     * How many reads are blocked at the fetch gate now.
     *
     * @return the number of blocked {@code fetch} and {@code fetchAll} calls
     */
    public int blockedFetches() {
        return gate.blocked();
    }

    /**
     * Waits until at least {@code count} reads are blocked at the fetch gate.
     *
     * @param count how many blocked reads to wait for
     * @param timeout how long to wait at most
     * @return {@code true} if that many were blocked in time
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitBlockedFetches(int count, Duration timeout) throws InterruptedException {
        return gate.awaitBlocked(count, timeout);
    }

    /**
     * Turns on push mode: {@link #watch} then accepts the engine's sink and returns
     * {@code true}, and every later write (test control or SPI) calls it with the path. Call it
     * before the engine starts watching.
     *
     * @return this store
     */
    public InMemorySecretProvider enableWatch() {
        watchEnabled = true;
        return this;
    }

    /**
     * Whether a sink is registered through {@link #watch}.
     *
     * @return {@code true} if changes are being pushed to someone
     */
    public boolean isWatched() {
        return !sinks.isEmpty();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- counters

    /**
     * Values read from the store: one per {@code fetch} call and one per reference in each
     * {@code fetchAll} call, failed attempts included.
     *
     * @return the count since creation or {@link #resetCounts()}
     */
    public long fetchCount() {
        return fetches.get();
    }

    /**
     * Values of one path read from the store, pinned versions included; see {@link #fetchCount()}.
     *
     * @param path a path without selectors
     * @return the count since creation or {@link #resetCounts()}
     */
    public long fetchCount(String path) {
        AtomicLong n = fetchesByPath.get(path);
        return n == null ? 0 : n.get();
    }

    /**
     * Version checks: one per {@code version} call (and so one per reference in {@code versions}).
     *
     * @return the count since creation or {@link #resetCounts()}
     */
    public long versionCount() {
        return versionChecks.get();
    }

    /**
     * {@code fetchAll} calls, each one store round trip however many references it carries.
     *
     * @return the count since creation or {@link #resetCounts()}
     */
    public long bulkFetchCount() {
        return bulkFetches.get();
    }

    /** Sets every counter back to zero. */
    public void resetCounts() {
        fetches.set(0);
        versionChecks.set(0);
        bulkFetches.set(0);
        fetchesByPath.clear();
    }

    // ---------------------------------------------------------------- SPI

    /**
     * Reads the current or pinned version; an SPI method (counted, faulted, gated).
     *
     * @param ref a path with an optional version and no field
     * @return the value, or empty if the path or that version does not exist
     */
    @Override
    public Optional<SecretValue> fetch(SecretRef ref) {
        checkNoField(ref);
        countFetch(ref);
        enter("reading", ref.toString(), true);
        return read(ref);
    }

    /**
     * The current (or the pinned, if it exists) version id; an SPI method (counted, faulted).
     *
     * @param ref a path with an optional version and no field
     * @return the version, or empty if the secret or that version does not exist
     */
    @Override
    public Optional<String> version(SecretRef ref) {
        checkNoField(ref);
        versionChecks.incrementAndGet();
        enter("checking the version of", ref.toString(), false);
        Optional<VersionedStore.Versioned> v =
                ref.version() == null ? store.current(ref.path()) : store.pinned(ref.path(), ref.version());
        return v.map(x -> Integer.toString(x.version));
    }

    /**
     * Reads many values in one simulated round trip; an SPI method. A fault fails every
     * reference of the batch.
     *
     * @param refs paths with optional versions and no fields
     * @return one outcome per reference
     */
    @Override
    public Map<SecretRef, FetchResult> fetchAll(Collection<SecretRef> refs) {
        refs.forEach(InMemorySecretProvider::checkNoField);
        bulkFetches.incrementAndGet();
        refs.forEach(this::countFetch);
        Map<SecretRef, FetchResult> out = new LinkedHashMap<>();
        try {
            enter("reading", refs.size() + " secrets " + refs, true);
        } catch (ProviderUnavailableException e) {
            refs.forEach(ref -> out.put(ref, FetchResult.failed(e)));
            return out;
        }
        for (SecretRef ref : refs) {
            out.put(ref, read(ref).map(FetchResult::found).orElse(FetchResult.notFound()));
        }
        return out;
    }

    /**
     * Writes a new version; an SPI method (faulted, not counted as a read). Notifies watchers.
     *
     * @param ref a path without selectors
     * @param value the bytes; copied
     * @return the stored value with its new version
     */
    @Override
    public SecretValue put(SecretRef ref, byte[] value) {
        checkPathOnly(ref);
        Objects.requireNonNull(value, "value");
        enter("writing", ref.toString(), false);
        int version = store.put(ref.path(), value, false);
        notifySinks(ref.path());
        return SecretValue.builder(ref.path()).value(value).version(Integer.toString(version))
                .provider(name).fetchedAt(clock.instant()).build();
    }

    /**
     * Deletes a secret; an SPI method (faulted). Notifies watchers if it existed.
     *
     * @param ref a path without selectors
     * @return {@code true} if it existed
     */
    @Override
    public boolean delete(SecretRef ref) {
        checkPathOnly(ref);
        enter("deleting", ref.toString(), false);
        boolean existed = store.delete(ref.path());
        if (existed) {
            notifySinks(ref.path());
        }
        return existed;
    }

    /**
     * Lists the live paths that start with {@code prefix}; an SPI method (faulted).
     *
     * @param prefix a plain string prefix such as {@code db/}, or empty for all
     * @return the paths, sorted
     */
    @Override
    public List<String> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        enter("listing", "prefix '" + prefix + "'", false);
        return List.copyOf(store.list(prefix));
    }

    /**
     * Accepts the engine's sink if {@link #enableWatch()} was called.
     *
     * @param sink called with the path after every write
     * @return {@code true} in push mode, else {@code false} (the engine polls)
     */
    @Override
    public boolean watch(ChangeSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (!watchEnabled || closed) {
            return false;
        }
        sinks.add(sink);
        return true;
    }

    /**
     * Stops pushing changes, lets every held read continue, and makes later SPI calls fail with
     * {@link IllegalStateException}. The data and the test controls stay usable. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        sinks.clear();
        gate.release();
    }

    /** Shows the name, the number of secrets and the fault switches; never a value. */
    @Override
    public String toString() {
        return "InMemorySecretProvider[name=" + name + ", secrets=" + store.size() + (down ? ", down" : "")
                + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- internals

    private String write(String path, byte[] value, boolean mustExist) {
        String p = controlPath(path);
        int version = store.put(p, Objects.requireNonNull(value, "value"), mustExist);
        notifySinks(p);
        return Integer.toString(version);
    }

    private Optional<SecretValue> read(SecretRef ref) {
        Optional<VersionedStore.Versioned> v =
                ref.version() == null ? store.current(ref.path()) : store.pinned(ref.path(), ref.version());
        return v.map(x -> SecretValue.builder(ref.toString()).value(x.value).version(Integer.toString(x.version))
                .provider(name).fetchedAt(clock.instant()).build());
    }

    private void countFetch(SecretRef ref) {
        fetches.incrementAndGet();
        fetchesByPath.computeIfAbsent(ref.path(), p -> new AtomicLong()).incrementAndGet();
    }

    /** Applies the simulated faults to one SPI call; {@code what} names secrets, never values. */
    private void enter(String action, String what, boolean gated) {
        if (closed) {
            throw new IllegalStateException("Provider '" + name + "' is closed; it was asked for " + what);
        }
        try {
            if (gated) {
                gate.pass();
            }
            Duration delay = latency;
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(name,
                    "Provider '" + name + "' was interrupted while " + action + " " + what, e);
        }
        if (down) {
            throw new ProviderUnavailableException(name,
                    "Provider '" + name + "' is unavailable (simulated outage) while " + action + " " + what, null);
        }
        if (throttledCalls.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new ProviderUnavailableException(name,
                    "Provider '" + name + "' throttled the request (simulated rate limit) while " + action + " " + what, null);
        }
    }

    private void notifySinks(String path) {
        RuntimeException failure = null;
        for (ChangeSink sink : sinks) {
            try {
                sink.changed(path);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure; // a sink that throws is an engine bug; the test should see it
        }
    }

    private static String controlPath(String path) {
        SecretRef ref = SecretRef.parse(path);
        if (ref.version() != null || ref.field() != null) {
            throw new InvalidSecretNameException(path, "a write takes a path without '@version' or '#field'");
        }
        return ref.path();
    }

    private static void checkPathOnly(SecretRef ref) {
        if (ref.version() != null || ref.field() != null) {
            throw new InvalidSecretNameException(ref.toString(), "a write takes a path without '@version' or '#field'");
        }
    }

    private static void checkNoField(SecretRef ref) {
        if (ref.field() != null) {
            throw new IllegalArgumentException("Provider asked for '" + ref
                    + "': the engine must strip '#field' and read the whole secret");
        }
    }
}
