package io.github.dynamicsecrets.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.spi.FetchResult;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.spi.WritableSecretProvider;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SecretProvider} must show, as a JUnit Jupiter test class. A
 * provider's test extends it, says how to create the provider and how to write to its backing
 * store, and inherits the tests:
 *
 * <pre>{@code
 * class FileSecretProviderContractTest extends SecretProviderContract {
 *     @TempDir Path root;
 *
 *     @Override protected SecretProvider createProvider() {
 *         return new FileSecretProvider(List.of(root));
 *     }
 *
 *     @Override protected void storeSecret(String path, byte[] value) throws IOException {
 *         Path file = root.resolve(path);
 *         Files.createDirectories(file.getParent());
 *         Path tmp = Files.createTempFile(file.getParent(), ".tmp", null);
 *         Files.write(tmp, value);
 *         Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
 *     }
 *
 *     @Override protected void removeSecret(String path) throws IOException {
 *         Files.delete(root.resolve(path));
 *     }
 * }
 * }</pre>
 *
 * <p>What is checked: reads after writes, missing secrets, binary and JSON values, versions
 * (new per write, cheap check equal to the fetched one, pinned reads), the batch methods,
 * concurrent reads during rewrites, the name grammar, rejected names, the
 * {@link WritableSecretProvider} operations when the provider has them, and that no value ever
 * appears in an exception or in {@code toString()} (values are {@link Canary canaries}). Tests
 * that need an optional capability are skipped through assumptions when the hooks say the
 * provider lacks it.
 *
 * <p>Each test gets a fresh provider from {@link #createProvider()} over an empty store, and
 * closes it afterwards. Tests do not depend on each other's order. Subclasses may add their own
 * tests; JUnit runs inherited and own tests alike.
 */
public abstract class SecretProviderContract {

    /**
     * A name that uses every character the grammar allows, in several segments. A provider that
     * cannot represent it lists it in {@link #unrepresentableNames()}.
     */
    protected static final String ALL_CHARACTERS_NAME =
            "contract/ABCDEFGHIJKLMNOPQRSTUVWXYZ/abcdefghijklmnopqrstuvwxyz/0123456789/dot.under_score-dash";

    private SecretProvider provider;

    /** For subclasses. */
    protected SecretProviderContract() {}

    /**
     * Creates the provider under test over an empty store; called before each test.
     *
     * @return a ready provider
     * @throws Exception if it cannot be created; the test then fails
     */
    protected abstract SecretProvider createProvider() throws Exception;

    /**
     * Writes a new version of a secret straight into the backing store, not through the
     * provider, as an operator or another application would. Must be safe to call from another
     * thread while the provider reads.
     *
     * @param path a path without selectors
     * @param value the bytes to store
     * @throws Exception if the store cannot be written; the test then fails
     */
    protected abstract void storeSecret(String path, byte[] value) throws Exception;

    /**
     * Removes a secret straight from the backing store. The default throws
     * {@link UnsupportedOperationException}, and the tests that need it are skipped.
     *
     * @param path a path without selectors
     * @throws Exception if the store cannot be written; the test then fails
     */
    protected void removeSecret(String path) throws Exception {
        throw new UnsupportedOperationException("removeSecret is not implemented by " + getClass().getName());
    }

    /**
     * Names that follow the grammar but that this provider cannot represent in its store's
     * naming, and must reject with {@link io.github.dynamicsecrets.InvalidSecretNameException}.
     * Default: none.
     *
     * @return such names
     */
    protected List<String> unrepresentableNames() {
        return List.of();
    }

    /**
     * Whether the provider reads pinned versions ({@code name@version}). Default {@code true}.
     *
     * @return {@code false} to skip the pinned-version tests
     */
    protected boolean supportsVersionPinning() {
        return true;
    }

    /**
     * Whether the store holds arbitrary bytes. Default {@code true}.
     *
     * @return {@code false} to skip the binary round trip
     */
    protected boolean supportsBinary() {
        return true;
    }

    /**
     * Called after every write through {@link #storeSecret} or {@link #removeSecret} and
     * before the provider is asked to observe it, for stores that are only eventually
     * consistent. Default: returns at once.
     *
     * @throws Exception if waiting fails; the test then fails
     */
    protected void awaitStoreSettled() throws Exception {}

    /**
     * A version id that the store never assigned, in the store's own format. Default
     * {@code 999999}.
     *
     * @return a version id that reads as empty
     */
    protected String unknownVersion() {
        return "999999";
    }

    /**
     * The provider under test for the current test.
     *
     * @return the provider created before this test
     */
    protected final SecretProvider provider() {
        return provider;
    }

    @BeforeEach
    final void createProviderUnderTest() throws Exception {
        provider = createProvider();
        assertNotNull(provider, "createProvider() returned null");
    }

    @AfterEach
    final void closeProviderUnderTest() {
        if (provider != null) {
            provider.close();
        }
    }

    // ---------------------------------------------------------------- reads

    @Test
    void fetch_afterStore_returnsStoredBytes() throws Exception {
        String value = Canary.next();
        store("contract/plain", value);

        SecretValue got = fetchPresent("contract/plain");

        assertEquals(value, got.asString());
        assertEquals("contract/plain", got.name(), "a value is named as it was asked for");
        assertFalse(got.version().isEmpty(), "a value has a version");
    }

    @Test
    void fetch_whenMissing_returnsEmpty() {
        assertEquals(Optional.empty(), provider.fetch(ref("contract/never-stored")));
        assertEquals(Optional.empty(), provider.fetch(ref("contract/never/stored/deeply")));
    }

    @Test
    void fetch_binaryValue_roundTripsAllByteValues() throws Exception {
        assumeTrue(supportsBinary(), "the provider does not store binary values");
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        storeSecret("contract/binary", all);
        awaitStoreSettled();

        assertArrayEquals(all, fetchPresent("contract/binary").asBytes());
    }

    @Test
    void fetch_jsonSecret_returnsBytesIntact() throws Exception {
        String json = "{\"username\":\"app\",\"password\":\"" + Canary.next() + "\",\"port\":5432,"
                + "\"note\":\"gr\u00fc\u00dfe \\\"quoted\\\"\",\"nested\":{\"list\":[1,2.5,true,null]}}\n";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        storeSecret("contract/json", bytes);
        awaitStoreSettled();

        assertArrayEquals(bytes, fetchPresent("contract/json").asBytes());
    }

    // ---------------------------------------------------------------- versions

    @Test
    void storeSecret_eachWrite_makesNewVersionThatVersionCheckReports() throws Exception {
        store("contract/versioned", Canary.next());
        String first = fetchPresent("contract/versioned").version();
        assertEquals(Optional.of(first), provider.version(ref("contract/versioned")));

        store("contract/versioned", Canary.next());
        String second = fetchPresent("contract/versioned").version();
        assertNotEquals(first, second, "a new write must get a new version");
        assertEquals(Optional.of(second), provider.version(ref("contract/versioned")));

        store("contract/versioned", Canary.next());
        String third = fetchPresent("contract/versioned").version();
        assertNotEquals(second, third);
        assertNotEquals(first, third);
    }

    @Test
    void version_whenMissing_isEmpty() {
        assertEquals(Optional.empty(), provider.version(ref("contract/never-stored")));
    }

    @Test
    void fetch_pinnedVersion_returnsThatVersionsValue() throws Exception {
        assumeTrue(supportsVersionPinning(), "the provider does not read pinned versions");
        String oldValue = Canary.next();
        String newValue = Canary.next();
        store("contract/pinned", oldValue);
        String oldVersion = fetchPresent("contract/pinned").version();
        store("contract/pinned", newValue);
        String newVersion = fetchPresent("contract/pinned").version();

        SecretValue old = fetchPresent("contract/pinned@" + oldVersion);
        assertEquals(oldValue, old.asString());
        assertEquals(oldVersion, old.version());
        assertEquals("contract/pinned@" + oldVersion, old.name());
        assertEquals(newValue, fetchPresent("contract/pinned@" + newVersion).asString());
        assertEquals(newValue, fetchPresent("contract/pinned").asString());
    }

    @Test
    void fetch_unknownPinnedVersion_isEmpty() throws Exception {
        assumeTrue(supportsVersionPinning(), "the provider does not read pinned versions");
        store("contract/pinned-unknown", Canary.next());

        assertEquals(Optional.empty(), provider.fetch(ref("contract/pinned-unknown@" + unknownVersion())));
        assertEquals(Optional.empty(), provider.fetch(ref("contract/never-stored@" + unknownVersion())));
    }

    @Test
    void removeSecret_thenFetchAndVersion_areEmpty() throws Exception {
        store("contract/removed", Canary.next());
        fetchPresent("contract/removed");

        remove("contract/removed");

        assertEquals(Optional.empty(), provider.fetch(ref("contract/removed")));
        assertEquals(Optional.empty(), provider.version(ref("contract/removed")));
    }

    // ---------------------------------------------------------------- batches

    @Test
    void versions_batch_agreesWithSingleChecks_includingMissing() throws Exception {
        store("contract/batch/a", Canary.next());
        store("contract/batch/b", Canary.next());
        store("contract/batch/b", Canary.next());
        List<SecretRef> refs = List.of(ref("contract/batch/a"), ref("contract/batch/b"), ref("contract/batch/missing"));

        Map<SecretRef, Optional<String>> versions = provider.versions(refs);

        assertEquals(Optional.of(fetchPresent("contract/batch/a").version()), versions.get(refs.get(0)));
        assertEquals(Optional.of(fetchPresent("contract/batch/b").version()), versions.get(refs.get(1)));
        assertEquals(Optional.empty(), versions.get(refs.get(2)), "a missing secret maps to empty");
    }

    @Test
    void fetchAll_batch_agreesWithSingleFetches_includingMissing() throws Exception {
        String a = Canary.next();
        String b = Canary.next();
        store("contract/bulk/a", a);
        store("contract/bulk/b", b);
        List<SecretRef> refs = List.of(ref("contract/bulk/a"), ref("contract/bulk/missing"), ref("contract/bulk/b"));

        Map<SecretRef, FetchResult> results = provider.fetchAll(refs);

        assertEquals(refs.size(), results.size(), "one outcome per reference: " + results);
        SecretValue gotA = results.get(refs.get(0)).value().orElseThrow(() -> new AssertionError("a: " + results));
        assertEquals(a, gotA.asString());
        assertEquals(fetchPresent("contract/bulk/a").version(), gotA.version());
        assertEquals(Optional.empty(), results.get(refs.get(1)).value());
        assertEquals(Optional.empty(), results.get(refs.get(1)).error(), "missing is not-found, not failed");
        assertEquals(b, results.get(refs.get(2)).value().orElseThrow(() -> new AssertionError("b: " + results)).asString());
    }

    // ---------------------------------------------------------------- names

    @Test
    void name_withEveryAllowedCharacter_roundTrips() throws Exception {
        assumeTrue(!unrepresentableNames().contains(ALL_CHARACTERS_NAME), "listed as unrepresentable");
        String value = Canary.next();
        store(ALL_CHARACTERS_NAME, value);

        assertEquals(value, fetchPresent(ALL_CHARACTERS_NAME).asString());
    }

    @Test
    void unrepresentableName_isRejectedNamingTheName() {
        List<String> names = unrepresentableNames();
        assumeTrue(!names.isEmpty(), "the provider represents every valid name");
        for (String name : names) {
            assertTrue(SecretRef.isValid(name), "unrepresentableNames() must follow the grammar: " + name);
            ContractChecks.assertRejected(name, () -> provider.fetch(ref(name)));
            ContractChecks.assertRejected(name, () -> provider.version(ref(name)));
            if (provider instanceof WritableSecretProvider) {
                ContractChecks.assertRejected(name, () -> ((WritableSecretProvider) provider).put(ref(name), Canary.nextBytes()));
            }
        }
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void fetch_duringConcurrentRewrites_returnsOnlyCompleteStoredValues() throws Exception {
        ContractChecks.readsDuringRewrites(provider, this::storeSecret, this::awaitStoreSettled);
    }

    // ---------------------------------------------------------------- writable

    @Test
    void writable_put_thenFetchReturnsIt() {
        WritableSecretProvider w = writable();
        byte[] value = Canary.nextBytes();

        SecretValue put = w.put(ref("contract/w/put"), value);

        SecretValue got = fetchPresent("contract/w/put");
        assertArrayEquals(value, got.asBytes());
        assertEquals(put.version(), got.version(), "put returns the version it stored");
    }

    @Test
    void writable_putTwice_makesNewVersion() {
        WritableSecretProvider w = writable();
        String first = w.put(ref("contract/w/twice"), Canary.nextBytes()).version();
        byte[] second = Canary.nextBytes();

        String secondVersion = w.put(ref("contract/w/twice"), second).version();

        assertNotEquals(first, secondVersion);
        assertArrayEquals(second, fetchPresent("contract/w/twice").asBytes());
        assertEquals(Optional.of(secondVersion), provider.version(ref("contract/w/twice")));
    }

    @Test
    void writable_delete_removesAndReportsWhetherItExisted() {
        WritableSecretProvider w = writable();
        w.put(ref("contract/w/del"), Canary.nextBytes());

        assertTrue(w.delete(ref("contract/w/del")), "delete of an existing secret returns true");
        assertEquals(Optional.empty(), provider.fetch(ref("contract/w/del")));
        assertFalse(w.delete(ref("contract/w/del")), "a second delete returns false");
        assertFalse(w.delete(ref("contract/w/never-stored")), "delete of a missing secret returns false");
    }

    @Test
    void writable_list_returnsPathsUnderPrefixSorted() {
        WritableSecretProvider w = writable();
        for (String p : List.of("contract/list/b", "contract/list/a", "contract/list/c/d", "contract/other/x")) {
            w.put(ref(p), Canary.nextBytes());
        }

        assertEquals(List.of("contract/list/a", "contract/list/b", "contract/list/c/d"), w.list("contract/list/"));
        List<String> all = w.list("");
        assertTrue(all.containsAll(List.of("contract/list/a", "contract/list/b", "contract/list/c/d", "contract/other/x")), all::toString);
        String[] sorted = all.toArray(new String[0]);
        Arrays.sort(sorted);
        assertEquals(List.of(sorted), all, "list is sorted");
    }

    @Test
    void writable_concurrentPutsAndDeletes_leaveStoreConsistent() throws Exception {
        ContractChecks.concurrentWrites(writable());
    }

    // ---------------------------------------------------------------- leaks

    @Test
    void noValue_inToStringOrExceptions() throws Exception {
        String value = Canary.next();
        store("contract/leak", value);
        SecretValue got = fetchPresent("contract/leak");
        if (provider instanceof WritableSecretProvider) {
            ((WritableSecretProvider) provider).put(ref("contract/leak-written"), Canary.nextBytes());
        }

        Canary.assertNotInToString(provider);
        Canary.assertNotInToString(got);
        Canary.assertNotInToString(provider.fetchAll(List.of(ref("contract/leak"))));
        ContractChecks.assertFailuresLeakNothing(provider, unrepresentableNames());
    }

    // ---------------------------------------------------------------- helpers

    private void store(String path, String value) throws Exception {
        storeSecret(path, value.getBytes(StandardCharsets.UTF_8));
        awaitStoreSettled();
    }

    private void remove(String path) throws Exception {
        try {
            removeSecret(path);
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "removeSecret is not supported: " + e.getMessage());
        }
        awaitStoreSettled();
    }

    private SecretValue fetchPresent(String name) {
        return provider.fetch(ref(name)).orElseGet(() -> fail("expected '" + name + "' to be found"));
    }

    private WritableSecretProvider writable() {
        assumeTrue(provider instanceof WritableSecretProvider, "the provider is not writable");
        return (WritableSecretProvider) provider;
    }

    private static SecretRef ref(String name) {
        return SecretRef.parse(name);
    }
}
