package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.SecretRef;
import java.util.Optional;

/**
 * Maps canonical paths to Secrets Manager secret ids and back. Immutable and thread-safe.
 *
 * <p>A canonical path ({@code [A-Za-z0-9._-]} segments joined by {@code /}) is a valid Secrets
 * Manager name as it is, since AWS allows {@code A-Z a-z 0-9 / _ + = . @ -}; the id is the
 * configured prefix followed by the path. The pinned-version selector never becomes part of the
 * id.
 */
final class SecretIds {

    /** Secrets Manager's limit on a secret name. */
    static final int MAX_NAME_LENGTH = 512;

    private final String prefix;

    SecretIds(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Checks a configured prefix against the characters AWS allows in names.
     *
     * @return {@code null} if valid, else the reason
     */
    static String checkPrefix(String prefix) {
        if (prefix.length() >= MAX_NAME_LENGTH) {
            return "it has " + prefix.length() + " characters, leaving no room for a name within AWS's " + MAX_NAME_LENGTH;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (!isAwsNameChar(c)) {
                return "character '" + c + "' at index " + i + " is not allowed in AWS secret names";
            }
        }
        return null;
    }

    private static boolean isAwsNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/_+=.@-".indexOf(c) >= 0;
    }

    String prefix() {
        return prefix;
    }

    /**
     * The SecretId for a reference's path.
     *
     * @throws InvalidSecretNameException if prefix and path exceed AWS's name length
     */
    String secretId(SecretRef ref) {
        String id = prefix + ref.path();
        if (id.length() > MAX_NAME_LENGTH) {
            throw new InvalidSecretNameException(ref.toString(), "with the prefix '" + prefix + "' the AWS secret name has "
                    + id.length() + " characters; AWS Secrets Manager allows at most " + MAX_NAME_LENGTH);
        }
        return id;
    }

    /**
     * The canonical path for an AWS secret name, if the name is under the prefix and is a
     * canonical path without selectors.
     */
    Optional<String> canonicalPath(String awsName) {
        if (awsName == null || !awsName.startsWith(prefix)) {
            return Optional.empty();
        }
        String path = awsName.substring(prefix.length());
        if (!SecretRef.isValid(path)) {
            return Optional.empty();
        }
        SecretRef ref = SecretRef.parse(path);
        return ref.version() == null && ref.field() == null ? Optional.of(path) : Optional.empty();
    }

    /**
     * Whether a pinned {@code @x} names a version id rather than a staging label: 32 to 64
     * letters, digits and hyphens with at least one digit (the SDK's ids are UUIDs). Staging
     * labels such as {@code AWSPREVIOUS} have no digits or are shorter.
     */
    static boolean isVersionId(String pin) {
        if (pin.length() < 32 || pin.length() > 64) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < pin.length(); i++) {
            char c = pin.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) {
                return false;
            }
        }
        return digit;
    }
}
