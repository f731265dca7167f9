package io.github.dynamicsecrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @RepeatedTest(20)
    void generate_default_hasLengthAndOneOfEachType() {
        String p = new String(PasswordPolicy.defaults().generate(new SecureRandom()), StandardCharsets.US_ASCII);
        assertThat(p).hasSize(32);
        assertThat(p.chars().anyMatch(c -> PasswordPolicy.LOWER.indexOf(c) >= 0)).isTrue();
        assertThat(p.chars().anyMatch(c -> PasswordPolicy.UPPER.indexOf(c) >= 0)).isTrue();
        assertThat(p.chars().anyMatch(c -> PasswordPolicy.DIGITS.indexOf(c) >= 0)).isTrue();
        assertThat(p.chars().anyMatch(c -> PasswordPolicy.PUNCTUATION.indexOf(c) >= 0)).isTrue();
        assertThat(p).doesNotContain(" ");
    }

    @RepeatedTest(20)
    void generate_honoursExclusions() {
        PasswordPolicy policy = PasswordPolicy.builder().length(64).excludePunctuation(true).excludeCharacters("0O1lI")
                .build();
        String p = new String(policy.generate(new SecureRandom()), StandardCharsets.US_ASCII);
        assertThat(p).hasSize(64).matches("[A-Za-z2-9]+").doesNotContain("O", "l", "I");
    }

    @Test
    void build_refusesImpossiblePolicies() {
        assertThatThrownBy(() -> PasswordPolicy.builder().excludeLowercase(true).excludeUppercase(true)
                .excludeNumbers(true).excludePunctuation(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("the policy excludes every character");
        assertThatThrownBy(() -> PasswordPolicy.builder().length(3)).hasMessage("length must be between 4 and 4096, was 3");
        assertThatThrownBy(() -> PasswordPolicy.builder().length(8).length(9)).hasMessage("length was already set");
    }
}
