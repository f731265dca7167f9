package io.github.dynamicsecrets.test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.spi.FetchResult;
import io.github.dynamicsecrets.spi.SecretProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Proves the contract can fail: each test breaks one behaviour of an otherwise correct provider
 * and runs the contract test that must catch it.
 */
class SecretProviderContractSelfTest {

    /** The contract over an in-memory store seen through {@code view}. */
    static class Harness extends SecretProviderContract {
        final InMemorySecretProvider store = new InMemorySecretProvider();
        final Function<InMemorySecretProvider, SecretProvider> view;
        List<String> unrepresentable = List.of();
        boolean binary = true;

        Harness(Function<InMemorySecretProvider, SecretProvider> view) {
            this.view = view;
        }

        @Override
        protected SecretProvider createProvider() {
            return view.apply(store);
        }

        @Override
        protected void storeSecret(String path, byte[] value) {
            store.put(path, value);
        }

        @Override
        protected List<String> unrepresentableNames() {
            return unrepresentable;
        }

        @Override
        protected boolean supportsBinary() {
            return binary;
        }
    }

    interface ContractTest {
        void run(SecretProviderContract contract) throws Exception;
    }

    private static void run(Harness harness, ContractTest test) throws Exception {
        harness.createProviderUnderTest();
        try {
            test.run(harness);
        } finally {
            harness.closeProviderUnderTest();
        }
    }

    private static void assertContractFails(Harness harness, ContractTest test) {
        assertThatThrownBy(() -> run(harness, test)).isInstanceOf(AssertionError.class);
    }

    @Test
    void correctProvider_passesTheTestsUsedBelow() {
        for (ContractTest test : List.<ContractTest>of(SecretProviderContract::fetch_whenMissing_returnsEmpty,
                SecretProviderContract::storeSecret_eachWrite_makesNewVersionThatVersionCheckReports,
                SecretProviderContract::fetch_duringConcurrentRewrites_returnsOnlyCompleteStoredValues,
                SecretProviderContract::noValue_inToStringOrExceptions,
                SecretProviderContract::writable_concurrentPutsAndDeletes_leaveStoreConsistent)) {
            assertThatCode(() -> run(new Harness(DelegatingProvider::new), test)).doesNotThrowAnyException();
        }
    }

    @Test
    void versionThatNeverChanges_isCaught() {
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public Optional<SecretValue> fetch(SecretRef ref) {
                return s.fetch(ref).map(v -> v.toBuilder().version("1").build());
            }

            @Override
            public Optional<String> version(SecretRef ref) {
                return s.version(ref).map(v -> "1");
            }
        }), SecretProviderContract::storeSecret_eachWrite_makesNewVersionThatVersionCheckReports);
    }

    @Test
    void versionCheckDisagreeingWithFetch_isCaught() {
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public Optional<String> version(SecretRef ref) {
                return s.version(ref).map(v -> v + "0");
            }
        }), SecretProviderContract::storeSecret_eachWrite_makesNewVersionThatVersionCheckReports);
    }

    @Test
    void missingSecretAnsweredWithEmptyValue_isCaught() {
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public Optional<SecretValue> fetch(SecretRef ref) {
                return Optional.of(s.fetch(ref).orElse(SecretValue.builder(ref.toString()).value("").version("0").build()));
            }
        }), SecretProviderContract::fetch_whenMissing_returnsEmpty);
    }

    @Test
    void tornReads_areCaught() {
        AtomicInteger reads = new AtomicInteger();
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public Optional<SecretValue> fetch(SecretRef ref) {
                Optional<SecretValue> v = s.fetch(ref);
                if (reads.incrementAndGet() % 50 != 0) {
                    return v;
                }
                return v.map(x -> x.toBuilder().value(new String(x.asBytes(), 0, x.length() / 2, StandardCharsets.UTF_8)).build());
            }
        }), SecretProviderContract::fetch_duringConcurrentRewrites_returnsOnlyCompleteStoredValues);
    }

    @Test
    void binaryMangledThroughText_isCaught_andSkippedWhenUnsupported() {
        Function<InMemorySecretProvider, SecretProvider> lossy = s -> new DelegatingProvider(s) {
            @Override
            public Optional<SecretValue> fetch(SecretRef ref) {
                return s.fetch(ref).map(x -> x.toBuilder().value(x.asString()).build());
            }
        };
        assertContractFails(new Harness(lossy), SecretProviderContract::fetch_binaryValue_roundTripsAllByteValues);

        Harness textOnly = new Harness(lossy);
        textOnly.binary = false;
        assertThatThrownBy(() -> run(textOnly, SecretProviderContract::fetch_binaryValue_roundTripsAllByteValues))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void pinnedVersionIgnored_isCaught() {
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public Optional<SecretValue> fetch(SecretRef ref) {
                return s.fetch(ref.pathOnly());
            }
        }), SecretProviderContract::fetch_pinnedVersion_returnsThatVersionsValue);
    }

    @Test
    void removeSecretNotImplemented_skipsTheDependentTest() {
        assertThatThrownBy(() -> run(new Harness(DelegatingProvider::new),
                SecretProviderContract::removeSecret_thenFetchAndVersion_areEmpty))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("removeSecret");
    }

    @Test
    void batchVersionsThatLoseAnswers_areCaught() {
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public Map<SecretRef, Optional<String>> versions(Collection<SecretRef> refs) {
                Map<SecretRef, Optional<String>> out = new LinkedHashMap<>();
                refs.forEach(r -> out.put(r, Optional.empty()));
                return out;
            }
        }), SecretProviderContract::versions_batch_agreesWithSingleChecks_includingMissing);
    }

    @Test
    void bulkFetchReportingMissingAsFailure_isCaught() {
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public Map<SecretRef, FetchResult> fetchAll(Collection<SecretRef> refs) {
                Map<SecretRef, FetchResult> out = new LinkedHashMap<>();
                refs.forEach(r -> out.put(r, s.fetch(r).map(FetchResult::found)
                        .orElse(FetchResult.failed(new IllegalStateException("not there")))));
                return out;
            }
        }), SecretProviderContract::fetchAll_batch_agreesWithSingleFetches_includingMissing);
    }

    @Test
    void unrepresentableNameAccepted_isCaught() {
        Harness h = new Harness(DelegatingProvider::new);
        h.unrepresentable = List.of("has.dots/in_it");
        assertContractFails(h, SecretProviderContract::unrepresentableName_isRejectedNamingTheName);
    }

    @Test
    void rejectionThatDoesNotNameTheName_isCaught() {
        Harness h = new Harness(s -> new DelegatingProvider(s) {
            @Override
            public Optional<SecretValue> fetch(SecretRef ref) {
                throw new InvalidSecretNameException("something else", "dots are not allowed");
            }
        });
        h.unrepresentable = List.of("has.dots/in_it");
        assertContractFails(h, SecretProviderContract::unrepresentableName_isRejectedNamingTheName);
    }

    @Test
    void deleteAlwaysReportingSuccess_isCaught() {
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public boolean delete(SecretRef ref) {
                s.delete(ref);
                return true;
            }
        }), SecretProviderContract::writable_delete_removesAndReportsWhetherItExisted);
    }

    @Test
    void unsortedList_isCaught() {
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public List<String> list(String prefix) {
                List<String> out = new ArrayList<>(s.list(prefix));
                Collections.reverse(out);
                return out;
            }
        }), SecretProviderContract::writable_list_returnsPathsUnderPrefixSorted);
    }

    @Test
    void versionsReusedByConcurrentPuts_areCaught() {
        AtomicInteger puts = new AtomicInteger();
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public SecretValue put(SecretRef ref, byte[] value) {
                SecretValue stored = s.put(ref, value);
                return stored.toBuilder().version("v" + puts.incrementAndGet() / 2).build();
            }
        }), SecretProviderContract::writable_concurrentPutsAndDeletes_leaveStoreConsistent);
    }

    @Test
    void lostWrites_areCaught() {
        AtomicInteger puts = new AtomicInteger();
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public SecretValue put(SecretRef ref, byte[] value) {
                SecretValue stored = s.put(ref, value);
                if (puts.incrementAndGet() % 17 == 0) {
                    s.delete(ref);
                }
                return stored;
            }
        }), SecretProviderContract::writable_concurrentPutsAndDeletes_leaveStoreConsistent);
    }

    @Test
    void valueInToString_isCaught() {
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            private volatile String last = "";

            @Override
            public Optional<SecretValue> fetch(SecretRef ref) {
                Optional<SecretValue> v = s.fetch(ref);
                v.ifPresent(x -> last = x.asString());
                return v;
            }

            @Override
            public String toString() {
                return "Leaky[last=" + last + "]";
            }
        }), SecretProviderContract::noValue_inToStringOrExceptions);
    }

    @Test
    void valueInExceptionMessage_isCaught() {
        assertContractFails(new Harness(s -> new DelegatingProvider(s) {
            @Override
            public SecretValue put(SecretRef ref, byte[] value) {
                if (ref.version() != null) {
                    throw new IllegalArgumentException("cannot write '" + new String(value, StandardCharsets.UTF_8) + "' to a version");
                }
                return s.put(ref, value);
            }
        }), SecretProviderContract::noValue_inToStringOrExceptions);
    }
}
