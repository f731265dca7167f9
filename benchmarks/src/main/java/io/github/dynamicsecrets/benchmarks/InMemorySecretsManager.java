package io.github.dynamicsecrets.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets Manager in memory, for feeding AWS's caching client without a network: answers
 * {@code GetSecretValue} and {@code DescribeSecret} as the service does (version ids, the
 * {@code AWSCURRENT} stage, old versions readable by id), after a configurable latency, and counts
 * every call. Every other operation throws {@link UnsupportedOperationException}, as the SDK
 * interface's defaults do.
 *
 * <p>Thread-safe. A rotation replaces a secret's record whole, so a reader sees one version.
 */
public final class InMemorySecretsManager implements SecretsManagerClient {

    private static final String CURRENT = "AWSCURRENT";

    /** One secret: its current version id and every version's value by id. Immutable. */
    private static final class Record {
        final String current;
        final Map<String, String> versions;
        final Instant created;

        Record(String current, Map<String, String> versions, Instant created) {
            this.current = current;
            this.versions = versions;
            this.created = created;
        }
    }

    private final Map<String, Record> secrets = new ConcurrentHashMap<>();
    private final AtomicLong describeCalls = new AtomicLong();
    private final AtomicLong getCalls = new AtomicLong();
    private final AtomicLong versionCounter = new AtomicLong();
    private volatile long latencyNanos;

    /**
     * Creates or rotates a secret: the value becomes a new {@code AWSCURRENT} version.
     *
     * @param name the secret name
     * @param value the secret string
     * @return the new version id
     */
    public String put(String name, String value) {
        String id = "v" + versionCounter.incrementAndGet();
        secrets.compute(name, (k, old) -> {
            Map<String, String> versions = old == null ? new HashMap<>() : new HashMap<>(old.versions);
            versions.put(id, value);
            return new Record(id, Map.copyOf(versions), old == null ? Instant.now() : old.created);
        });
        return id;
    }

    /**
     * Sets how long every call takes, like a round trip to the service.
     *
     * @param latency the delay, zero for none
     */
    public void setLatency(Duration latency) {
        this.latencyNanos = latency.toNanos();
    }

    /**
     * Calls made so far.
     *
     * @return {@code DescribeSecret} plus {@code GetSecretValue} calls
     */
    public long calls() {
        return describeCalls.get() + getCalls.get();
    }

    /**
     * {@code DescribeSecret} calls made so far.
     *
     * @return the count
     */
    public long describeCalls() {
        return describeCalls.get();
    }

    /**
     * {@code GetSecretValue} calls made so far.
     *
     * @return the count
     */
    public long getCalls() {
        return getCalls.get();
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        getCalls.incrementAndGet();
        roundTrip();
        Record r = find(request.secretId());
        String id = request.versionId() != null ? request.versionId() : r.current;
        String value = r.versions.get(id);
        if (value == null) {
            throw notFound(request.secretId() + " version " + id);
        }
        return GetSecretValueResponse.builder()
                .arn("arn:aws:secretsmanager:us-east-1:000000000000:secret:" + request.secretId())
                .name(request.secretId())
                .versionId(id)
                .secretString(value)
                .versionStages(id.equals(r.current) ? List.of(CURRENT) : List.of())
                .createdDate(r.created)
                .build();
    }

    @Override
    public DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
        describeCalls.incrementAndGet();
        roundTrip();
        Record r = find(request.secretId());
        Map<String, List<String>> stages = new HashMap<>();
        for (String id : r.versions.keySet()) {
            stages.put(id, id.equals(r.current) ? List.of(CURRENT) : List.of());
        }
        return DescribeSecretResponse.builder()
                .arn("arn:aws:secretsmanager:us-east-1:000000000000:secret:" + request.secretId())
                .name(request.secretId())
                .versionIdsToStages(stages)
                .createdDate(r.created)
                .build();
    }

    private Record find(String secretId) {
        Record r = secrets.get(secretId);
        if (r == null) {
            throw notFound(secretId);
        }
        return r;
    }

    private static ResourceNotFoundException notFound(String what) {
        return ResourceNotFoundException.builder()
                .message("Secrets Manager can't find the specified secret: " + what)
                .build();
    }

    private void roundTrip() {
        long nanos = latencyNanos;
        if (nanos > 0) {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a simulated round trip", e);
            }
        }
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
