package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.spi.FetchResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Bulk reads with {@code BatchGetSecretValue}, 20 secrets a call, each secret's error reported
 * against its own name. Pinned references ({@code @version}) are read one by one, because the
 * batch call only returns {@code AWSCURRENT}. If the caller may not call
 * {@code BatchGetSecretValue}, it falls back to one {@code GetSecretValue} per secret.
 * Thread-safe.
 */
final class BatchFetcher {

    static final int BATCH_SIZE = 20;
    private static final int MAX_PAGES = 20;
    private static final Logger LOG = LoggerFactory.getLogger(BatchFetcher.class);

    private final SecretsManagerClient client;
    private final SecretIds ids;
    private final Function<SecretRef, FetchResult> single;
    private volatile boolean batchDenied;

    /**
     * @param single reads one reference with {@code GetSecretValue}, never throwing
     */
    BatchFetcher(SecretsManagerClient client, SecretIds ids, Function<SecretRef, FetchResult> single) {
        this.client = client;
        this.ids = ids;
        this.single = single;
    }

    Map<SecretRef, FetchResult> fetchAll(Collection<SecretRef> refs) {
        Map<SecretRef, FetchResult> results = new HashMap<>();
        Map<String, List<SecretRef>> byId = new LinkedHashMap<>();
        for (SecretRef ref : refs) {
            if (results.containsKey(ref)) {
                continue;
            }
            if (ref.version() != null) {
                results.put(ref, single.apply(ref));
                continue;
            }
            try {
                byId.computeIfAbsent(ids.secretId(ref), k -> new ArrayList<>()).add(ref);
            } catch (InvalidSecretNameException e) {
                results.put(ref, FetchResult.failed(e));
            }
        }
        List<String> all = new ArrayList<>(byId.keySet());
        for (int i = 0; i < all.size(); i += BATCH_SIZE) {
            batch(all.subList(i, Math.min(all.size(), i + BATCH_SIZE)), byId, results);
        }
        Map<SecretRef, FetchResult> out = new LinkedHashMap<>();
        for (SecretRef ref : refs) {
            out.put(ref, results.get(ref));
        }
        return out;
    }

    private void batch(List<String> chunk, Map<String, List<SecretRef>> byId, Map<SecretRef, FetchResult> results) {
        if (batchDenied) {
            chunk.forEach(id -> byId.get(id).forEach(ref -> results.put(ref, single.apply(ref))));
            return;
        }
        Map<String, Boolean> answered = new HashMap<>();
        try {
            String token = null;
            int pages = 0;
            do {
                String next = token;
                BatchGetSecretValueResponse response = client.batchGetSecretValue(r -> r.secretIdList(chunk).nextToken(next));
                for (SecretValueEntry v : response.secretValues()) {
                    String id = match(v.name(), chunk);
                    if (id != null) {
                        answered.put(id, true);
                        byId.get(id).forEach(ref -> results.put(ref, FetchResult.found(
                                AwsSecretsProvider.value(ref, v.versionId(), v.secretString(), v.secretBinary()))));
                    }
                }
                for (APIErrorType error : response.errors()) {
                    String id = match(error.secretId(), chunk);
                    if (id != null) {
                        answered.put(id, true);
                        byId.get(id).forEach(ref -> results.put(ref, failure(ref, id, error)));
                    }
                }
                token = response.nextToken();
            } while (token != null && !token.isEmpty() && ++pages < MAX_PAGES);
        } catch (SdkException e) {
            if (AwsErrors.isAccessDenied(e)) {
                batchDenied = true;
                LOG.warn("BatchGetSecretValue was refused (" + AwsErrors.code((AwsServiceException) e)
                        + "); bulk reads now make one GetSecretValue call per secret. Allow secretsmanager:BatchGetSecretValue"
                        + " to read up to 20 secrets per call.");
                batch(chunk, byId, results);
                return;
            }
            for (String id : chunk) {
                byId.get(id).forEach(ref -> results.put(ref,
                        FetchResult.failed(AwsErrors.read(e, ref.toString(), id, "BatchGetSecretValue"))));
            }
            return;
        }
        for (String id : chunk) {
            if (!answered.containsKey(id)) {
                // the batch said nothing about it; ask for it alone rather than guess
                byId.get(id).forEach(ref -> results.put(ref, single.apply(ref)));
            }
        }
    }

    private static FetchResult failure(SecretRef ref, String id, APIErrorType error) {
        if ("ResourceNotFoundException".equals(error.errorCode())) {
            return FetchResult.notFound();
        }
        // the same mapping as a single call's exception, so both paths report alike
        SecretsManagerException e = (SecretsManagerException) SecretsManagerException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(error.errorCode()).errorMessage(error.message())
                        .serviceName("SecretsManager").build())
                .message(error.errorCode() + " for '" + id + "' inside BatchGetSecretValue: " + error.message())
                .statusCode(400)
                .build();
        return FetchResult.failed(AwsErrors.read(e, ref.toString(), id, "BatchGetSecretValue"));
    }

    /** Which requested id an answer is about: by name, or by an ARN ending in the name and AWS's suffix. */
    private static String match(String idOrArn, List<String> chunk) {
        if (idOrArn == null) {
            return null;
        }
        if (chunk.contains(idOrArn)) {
            return idOrArn;
        }
        int secret = idOrArn.indexOf(":secret:");
        if (idOrArn.startsWith("arn:") && secret > 0) {
            String rest = idOrArn.substring(secret + ":secret:".length());
            for (String id : chunk) {
                if (rest.equals(id) || (rest.startsWith(id) && rest.length() == id.length() + 7 && rest.charAt(id.length()) == '-')) {
                    return id;
                }
            }
        }
        return null;
    }
}
