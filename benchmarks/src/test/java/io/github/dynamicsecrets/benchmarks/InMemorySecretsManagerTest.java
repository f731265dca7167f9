package io.github.dynamicsecrets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.secretsmanager.caching.SecretCache;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

class InMemorySecretsManagerTest {

    private final InMemorySecretsManager sm = new InMemorySecretsManager();

    @Test
    void describeSecret_marksOnlyTheNewestVersionCurrent() {
        String v1 = sm.put("db/password", "one");
        String v2 = sm.put("db/password", "two");

        var stages = sm.describeSecret(DescribeSecretRequest.builder().secretId("db/password").build())
                .versionIdsToStages();

        assertThat(stages).containsOnlyKeys(v1, v2);
        assertThat(stages.get(v2)).containsExactly("AWSCURRENT");
        assertThat(stages.get(v1)).isEmpty();
    }

    @Test
    void getSecretValue_servesCurrentByDefaultAndOldVersionsById() {
        String v1 = sm.put("db/password", "one");
        String v2 = sm.put("db/password", "two");

        var current = sm.getSecretValue(GetSecretValueRequest.builder().secretId("db/password").build());
        var old = sm.getSecretValue(GetSecretValueRequest.builder().secretId("db/password").versionId(v1).build());

        assertThat(current.secretString()).isEqualTo("two");
        assertThat(current.versionId()).isEqualTo(v2);
        assertThat(current.versionStages()).isEqualTo(List.of("AWSCURRENT"));
        assertThat(old.secretString()).isEqualTo("one");
    }

    @Test
    void unknownSecretOrVersion_failsAsTheServiceDoes() {
        sm.put("db/password", "one");

        assertThatThrownBy(() -> sm.getSecretValue(GetSecretValueRequest.builder().secretId("nope").build()))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> sm.getSecretValue(
                GetSecretValueRequest.builder().secretId("db/password").versionId("v999").build()))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("v999");
        assertThatThrownBy(() -> sm.describeSecret(DescribeSecretRequest.builder().secretId("nope").build()))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void everyServiceCallIsCounted_operatorWritesAreNot() {
        sm.put("a", "1");
        sm.describeSecret(DescribeSecretRequest.builder().secretId("a").build());
        sm.getSecretValue(GetSecretValueRequest.builder().secretId("a").build());
        sm.getSecretValue(GetSecretValueRequest.builder().secretId("a").build());

        assertThat(sm.describeCalls()).isEqualTo(1);
        assertThat(sm.getCalls()).isEqualTo(2);
        assertThat(sm.calls()).isEqualTo(3);
    }

    @Test
    void awsCachingClient_readsThroughIt_andFollowsARotationAfterItsTtl() throws InterruptedException {
        sm.put("db/password", "one");
        SecretCache cache = Sides.peer(sm, Duration.ofMinutes(5));

        assertThat(cache.getSecretString("db/password")).isEqualTo("one");
        assertThat(cache.getSecretString("db/password")).isEqualTo("one");
        assertThat(sm.calls()).isEqualTo(2); // DescribeSecret, then GetSecretValue of the current version

        sm.put("db/password", "two");
        assertThat(cache.refreshNow("db/password")).isTrue();
        assertThat(cache.getSecretString("db/password")).isEqualTo("two");
        cache.close();
    }
}
