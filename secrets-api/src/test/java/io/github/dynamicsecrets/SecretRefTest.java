package io.github.dynamicsecrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretRefTest {

    static Stream<Arguments> validNames() {
        return Stream.of(
                Arguments.of("db", "db", null, null),
                Arguments.of("db/password", "db/password", null, null),
                Arguments.of("a/b/c/d", "a/b/c/d", null, null),
                Arguments.of("A-Z_a.z-0_9", "A-Z_a.z-0_9", null, null),
                Arguments.of("...a/..b/.c", "...a/..b/.c", null, null),
                Arguments.of("db/creds#password", "db/creds", null, "password"),
                Arguments.of("db/password@AWSPREVIOUS", "db/password", "AWSPREVIOUS", null),
                Arguments.of("db/creds@7#user", "db/creds", "7", "user"),
                Arguments.of("x".repeat(512), "x".repeat(512), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validNames")
    void parse_acceptsValidNames(String name, String path, String version, String field) {
        SecretRef ref = SecretRef.parse(name);
        assertThat(ref.path()).isEqualTo(path);
        assertThat(ref.version()).isEqualTo(version);
        assertThat(ref.field()).isEqualTo(field);
        assertThat(ref.toString()).isEqualTo(name);
        assertThat(SecretRef.parse(ref.toString())).isEqualTo(ref);
        assertThat(SecretRef.isValid(name)).isTrue();
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                Arguments.of(null, "Invalid secret name null: the name is null"),
                Arguments.of("", "Invalid secret name '': the name is empty"),
                Arguments.of("/db", "Invalid secret name '/db': empty segment at index 0"),
                Arguments.of("db/", "Invalid secret name 'db/': empty segment at index 3"),
                Arguments.of("db//password", "Invalid secret name 'db//password': empty segment at index 3"),
                Arguments.of("db/./password", "Invalid secret name 'db/./password': segment '.' at index 3 is not allowed"),
                Arguments.of("db/../etc/passwd", "Invalid secret name 'db/../etc/passwd': segment '..' at index 3 is not allowed"),
                Arguments.of("..", "Invalid secret name '..': segment '..' at index 0 is not allowed"),
                Arguments.of("db/pass word", "Invalid secret name 'db/pass word': character ' ' at index 7 is not allowed; use A-Z a-z 0-9 . _ -"),
                Arguments.of("db/pass\nword", "Invalid secret name 'db/pass\\u000aword': character U+000A at index 7 is not allowed; use A-Z a-z 0-9 . _ -"),
                Arguments.of("db/pass\u0000", "Invalid secret name 'db/pass\\u0000': character U+0000 at index 7 is not allowed; use A-Z a-z 0-9 . _ -"),
                Arguments.of("db/pässword", "Invalid secret name 'db/pässword': character U+00E4 at index 4 is not allowed; use A-Z a-z 0-9 . _ -"),
                Arguments.of("db\\password", "Invalid secret name 'db\\password': character '\\' at index 2 is not allowed; use A-Z a-z 0-9 . _ -"),
                Arguments.of("db/password@", "Invalid secret name 'db/password@': the version after index 11 is empty"),
                Arguments.of("db/creds#", "Invalid secret name 'db/creds#': the field after index 8 is empty"),
                Arguments.of("db/creds#a#b", "Invalid secret name 'db/creds#a#b': character '#' at index 10 is not allowed; use A-Z a-z 0-9 . _ -"),
                Arguments.of("db/creds#user@3", "Invalid secret name 'db/creds#user@3': a version ('@') must come before a field ('#')"),
                Arguments.of("@3", "Invalid secret name '@3': the path is empty"),
                Arguments.of("x".repeat(513), "Invalid secret name '" + "x".repeat(80) + "...(513 chars)': the name has 513 characters; at most 512 are allowed"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidNames")
    void parse_rejectsInvalidNamesSayingWhy(String name, String message) {
        assertThatThrownBy(() -> SecretRef.parse(name))
                .isInstanceOf(InvalidSecretNameException.class)
                .hasMessage(message);
        assertThat(SecretRef.isValid(name)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validNames")
    void withoutField_andPathOnly_dropSelectors(String name, String path, String version, String field) {
        SecretRef ref = SecretRef.parse(name);
        assertThat(ref.withoutField().field()).isNull();
        assertThat(ref.withoutField().version()).isEqualTo(version);
        assertThat(ref.pathOnly().toString()).isEqualTo(path);
    }
}
