package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretValue;
import java.util.List;

/** The chain's answer for one reference: a value and who gave it, or the providers that had none. */
final class Fetched {

    final SecretValue value;
    final int providerIndex;
    final List<String> tried;

    private Fetched(SecretValue value, int providerIndex, List<String> tried) {
        this.value = value;
        this.providerIndex = providerIndex;
        this.tried = tried;
    }

    static Fetched found(SecretValue value, int providerIndex) {
        return new Fetched(value, providerIndex, List.of());
    }

    static Fetched notFound(List<String> tried) {
        return new Fetched(null, -1, List.copyOf(tried));
    }
}
