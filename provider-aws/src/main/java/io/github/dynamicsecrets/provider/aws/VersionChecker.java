package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * The rotation poller's version checks, with as few calls as Secrets Manager allows.
 *
 * <p>{@code ListSecrets} returns each secret's version-to-stage map, up to 100 secrets a page, and
 * its {@code name} filter takes up to 10 prefixes. So a poll of N secrets costs at most
 * ⌈N/10⌉ calls, and one call per 100 secrets when they share a name prefix that holds few
 * others: the checker then lists the whole prefix instead, as long as that takes no more pages
 * than the filtered calls would (it remembers how many pages each prefix took). Secrets the
 * listing misses (created in the last minutes, since {@code ListSecrets} is eventually
 * consistent, or scheduled for deletion) get one {@code DescribeSecret} each. If the caller may
 * not call {@code ListSecrets}, or {@code version-check=describe}, every secret gets one
 * {@code DescribeSecret}.
 *
 * <p>Thread-safe: the remembered page counts are in a concurrent map and the fallback flag is
 * volatile; concurrent polls may both probe a prefix, which costs calls but stays correct.
 */
final class VersionChecker {

    static final String CURRENT = "AWSCURRENT";
    static final int NAMES_PER_FILTER = 10;
    static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES_PER_FILTER = 1_000;
    /** Prefixes remembered at most; the cached set's prefix rarely changes, so this is only a bound. */
    private static final int MAX_REMEMBERED_PREFIXES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(VersionChecker.class);

    private final SecretsManagerClient client;
    private final SecretIds ids;
    private final boolean useList;
    private volatile boolean listDenied;
    private final ConcurrentMap<String, Integer> scanPages = new ConcurrentHashMap<>();

    VersionChecker(SecretsManagerClient client, SecretIds ids, boolean useList) {
        this.client = client;
        this.ids = ids;
        this.useList = useList;
    }

    /** One secret's version: one {@code DescribeSecret}. */
    Optional<String> version(SecretRef ref) {
        String id = ids.secretId(ref);
        DescribeSecretResponse d;
        try {
            d = client.describeSecret(r -> r.secretId(id));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.read(e, ref.toString(), id, "DescribeSecret");
        }
        if (d.deletedDate() != null) {
            throw new SecretAccessDeniedException(ref.toString(), AwsErrors.PROVIDER, "'" + id
                    + "' is scheduled for deletion; restore it with RestoreSecret before using it again", null);
        }
        return resolve(ref, d.versionIdsToStages());
    }

    /**
     * The version a reference stands for, from a version-to-stages map: the id holding
     * {@code AWSCURRENT}, or the pinned stage; a pinned version id is immutable, so it is its own
     * answer while the secret exists.
     */
    static Optional<String> resolve(SecretRef ref, Map<String, List<String>> versionsToStages) {
        String pin = ref.version();
        if (pin != null && SecretIds.isVersionId(pin)) {
            return Optional.of(pin);
        }
        String stage = pin == null ? CURRENT : pin;
        for (Map.Entry<String, List<String>> e : versionsToStages.entrySet()) {
            if (e.getValue() != null && e.getValue().contains(stage)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** Versions for many references; see the class comment for the calls made. */
    Map<SecretRef, Optional<String>> versions(Collection<SecretRef> refs) {
        Map<String, List<SecretRef>> byId = new LinkedHashMap<>();
        for (SecretRef ref : refs) {
            try {
                byId.computeIfAbsent(ids.secretId(ref), k -> new ArrayList<>()).add(ref);
            } catch (InvalidSecretNameException e) {
                // not representable in AWS: it cannot be checked, now or later
            }
        }
        Map<SecretRef, Optional<String>> out = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> listed = new HashMap<>();
        if (useList && !listDenied && !byId.isEmpty()) {
            RuntimeException failure = list(byId.keySet(), listed);
            byId.forEach((id, idRefs) -> {
                Map<String, List<String>> stages = listed.get(id);
                if (stages != null) {
                    idRefs.forEach(ref -> out.put(ref, resolve(ref, stages)));
                }
            });
            if (failure != null) {
                if (out.isEmpty()) {
                    throw failure;
                }
                return out; // the store is struggling: check the rest on the next poll
            }
        }
        for (Map.Entry<String, List<SecretRef>> e : byId.entrySet()) {
            if (listed.containsKey(e.getKey())) {
                continue;
            }
            try {
                describeInto(e.getKey(), e.getValue(), out);
            } catch (ProviderUnavailableException failure) {
                if (out.isEmpty()) {
                    throw failure;
                }
                return out;
            }
        }
        return out;
    }

    private void describeInto(String id, List<SecretRef> idRefs, Map<SecretRef, Optional<String>> out) {
        DescribeSecretResponse d;
        try {
            d = client.describeSecret(r -> r.secretId(id));
        } catch (ResourceNotFoundException e) {
            idRefs.forEach(ref -> out.put(ref, Optional.empty()));
            return;
        } catch (SdkException e) {
            RuntimeException mapped = AwsErrors.read(e, idRefs.get(0).toString(), id, "DescribeSecret");
            if (mapped instanceof ProviderUnavailableException) {
                throw mapped;
            }
            return; // refused for this secret only: leave it unchecked; a read will report why
        }
        if (d.deletedDate() == null) {
            idRefs.forEach(ref -> out.put(ref, resolve(ref, d.versionIdsToStages())));
        }
    }

    /**
     * Lists the wanted secrets' stage maps into {@code found}.
     *
     * @return {@code null}, or the failure that stopped the listing
     */
    private RuntimeException list(Set<String> wanted, Map<String, Map<String, List<String>>> found) {
        int filteredCalls = (wanted.size() + NAMES_PER_FILTER - 1) / NAMES_PER_FILTER;
        try {
            if (filteredCalls > 1) {
                String prefix = commonPrefix(wanted);
                Integer known = scanPages.get(prefix);
                if (known == null || known <= filteredCalls) {
                    boolean complete = scan(prefix, filteredCalls, wanted, found);
                    if (complete) {
                        return null; // whatever the full listing lacks, a filtered one lacks too
                    }
                }
            }
            List<String> rest = new ArrayList<>();
            for (String id : wanted) {
                if (!found.containsKey(id)) {
                    rest.add(id);
                }
            }
            for (int i = 0; i < rest.size(); i += NAMES_PER_FILTER) {
                List<String> chunk = rest.subList(i, Math.min(rest.size(), i + NAMES_PER_FILTER));
                ListSecretsRequest.Builder request = ListSecretsRequest.builder().maxResults(PAGE_SIZE)
                        .filters(nameFilter(chunk));
                page(request, MAX_PAGES_PER_FILTER, wanted, found);
            }
            return null;
        } catch (SdkException e) {
            if (AwsErrors.isAccessDenied(e)) {
                listDenied = true;
                LOG.warn("ListSecrets was refused (" + AwsErrors.code((AwsServiceException) e)
                        + "); rotation checks now make one DescribeSecret call per secret. Allow secretsmanager:ListSecrets"
                        + " to check up to 100 secrets per call.");
                return null;
            }
            return AwsErrors.other(e, "ListSecrets for the rotation check of " + wanted.size() + " secrets", "ListSecrets");
        }
    }

    /** Lists a whole prefix within a page budget; remembers how many pages it took. */
    private boolean scan(String prefix, int budget, Set<String> wanted, Map<String, Map<String, List<String>>> found) {
        ListSecretsRequest.Builder request = ListSecretsRequest.builder().maxResults(PAGE_SIZE);
        if (!prefix.isEmpty()) {
            request.filters(nameFilter(prefix));
        }
        int pages = page(request, budget, wanted, found);
        if (scanPages.size() >= MAX_REMEMBERED_PREFIXES) {
            scanPages.clear();
        }
        scanPages.put(prefix, pages < 0 ? Integer.MAX_VALUE : pages);
        return pages >= 0;
    }

    /**
     * Pages through a listing.
     *
     * @return the pages read, or -1 if the budget ran out before the last page
     */
    private int page(ListSecretsRequest.Builder request, int budget, Set<String> wanted,
            Map<String, Map<String, List<String>>> found) {
        String token = null;
        for (int pages = 1; pages <= budget; pages++) {
            ListSecretsResponse response = client.listSecrets(request.nextToken(token).build());
            for (SecretListEntry entry : response.secretList()) {
                if (wanted.contains(entry.name()) && entry.deletedDate() == null) {
                    found.put(entry.name(), entry.secretVersionsToStages());
                }
            }
            token = response.nextToken();
            if (token == null || token.isEmpty()) {
                return pages;
            }
        }
        return -1;
    }

    /** A {@code name} filter: a case-sensitive prefix match on each value, OR-ed. */
    static Filter nameFilter(Collection<String> values) {
        return Filter.builder().key(FilterNameStringType.NAME).values(values).build();
    }

    static Filter nameFilter(String value) {
        return nameFilter(List.of(value));
    }

    static String commonPrefix(Collection<String> names) {
        String prefix = null;
        for (String n : names) {
            if (prefix == null) {
                prefix = n;
                continue;
            }
            int i = 0;
            int max = Math.min(prefix.length(), n.length());
            while (i < max && prefix.charAt(i) == n.charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        return prefix == null ? "" : prefix;
    }
}
