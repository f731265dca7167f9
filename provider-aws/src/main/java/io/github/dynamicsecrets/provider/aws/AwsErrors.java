package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretsException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;

/**
 * Turns SDK failures into this library's exceptions. Messages name the secret, the operation and
 * AWS's error code and message (AWS never echoes a secret's value in an error), never a value.
 * The SDK has already retried what its retry strategy retries, so a throttling or 5xx failure
 * that reaches here is final for this call.
 */
final class AwsErrors {

    static final String PROVIDER = "aws";

    /** Error codes that mean the caller's identity or credentials were refused. */
    private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied", "UnrecognizedClientException",
            "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken", "NotAuthorized", "MissingAuthenticationTokenException",
            "IncompleteSignature", "InvalidSignatureException", "SignatureDoesNotMatch");

    private AwsErrors() {}

    /**
     * Maps a failed read of one secret.
     *
     * @param name the canonical name, for messages
     * @param secretId the AWS id that was asked for
     * @param operation the API operation, e.g. {@code GetSecretValue}
     */
    static RuntimeException read(SdkException e, String name, String secretId, String operation) {
        return map(e, name, secretId, operation, true);
    }

    /** Maps a failed write of one secret; a rejected parameter is not blamed on the name. */
    static RuntimeException write(SdkException e, String name, String secretId, String operation) {
        return map(e, name, secretId, operation, false);
    }

    /**
     * Maps a failed call that is not about one secret, such as a listing.
     *
     * @param subject what was attempted, e.g. {@code ListSecrets for the rotation check of 12 secrets}
     * @param name what to name in an access-denied message, e.g. {@code db/*}
     */
    static RuntimeException other(SdkException e, String subject, String name) {
        return map(e, subject, name, name, subject, false);
    }

    private static RuntimeException map(SdkException e, String name, String secretId, String operation, boolean read) {
        String subject = operation + " for secret '" + name + "'" + (name.equals(secretId) ? "" : " (AWS name '" + secretId + "')");
        return map(e, subject, name, secretId, operation, read);
    }

    private static RuntimeException map(SdkException e, String subject, String name, String secretId, String operation,
            boolean read) {
        if (e instanceof AwsServiceException) {
            AwsServiceException se = (AwsServiceException) e;
            String code = code(se);
            String detail = code + ": " + message(se);
            if (se.isThrottlingException()) {
                return new ProviderUnavailableException(PROVIDER, subject + " was throttled by AWS Secrets Manager" + attempts(e)
                        + " (" + detail + ")", e);
            }
            if (e instanceof DecryptionFailureException || "DecryptionFailure".equals(code)) {
                return new SecretAccessDeniedException(name, PROVIDER, "AWS KMS could not decrypt '" + secretId
                        + "' (DecryptionFailure): the caller needs kms:Decrypt on the secret's KMS key, and the key must be enabled", e);
            }
            if (DENIED.contains(code) || se.statusCode() == 401 || se.statusCode() == 403) {
                return new SecretAccessDeniedException(name, PROVIDER, detail + " (" + operation + " on '" + secretId + "')", e);
            }
            if ((e instanceof InvalidRequestException || "InvalidRequestException".equals(code)) && isScheduledForDeletion(se)) {
                return new SecretAccessDeniedException(name, PROVIDER, "'" + secretId + "' is scheduled for deletion;"
                        + " restore it with RestoreSecret before using it again", e);
            }
            if (read && (e instanceof InvalidParameterException || "ValidationException".equals(code))) {
                return new InvalidSecretNameException(name, "AWS Secrets Manager rejected " + operation + " for '" + secretId
                        + "' (" + detail + ")");
            }
            if (se.statusCode() >= 500) {
                return new ProviderUnavailableException(PROVIDER, subject + " failed with HTTP " + se.statusCode() + attempts(e)
                        + " (" + detail + ")", e);
            }
            return new SecretsException(subject + " failed (" + detail + ")", e);
        }
        if (e instanceof SdkClientException) {
            return new ProviderUnavailableException(PROVIDER, subject + " could not reach AWS Secrets Manager" + attempts(e)
                    + ": " + e.getMessage(), e);
        }
        return new SecretsException(subject + " failed: " + e.getMessage(), e);
    }

    /** Whether the store refused because the secret is scheduled for deletion. */
    static boolean isScheduledForDeletion(AwsServiceException e) {
        String m = message(e).toLowerCase(Locale.ROOT);
        return m.contains("delet") && (m.contains("mark") || m.contains("schedul"));
    }

    /** Whether the failure is the caller lacking permission for the operation itself. */
    static boolean isAccessDenied(SdkException e) {
        return e instanceof AwsServiceException && (DENIED.contains(code((AwsServiceException) e))
                || ((AwsServiceException) e).statusCode() == 403);
    }

    static String code(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isEmpty() ? "HTTP " + e.statusCode() : code;
    }

    static String message(AwsServiceException e) {
        String m = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return m == null || m.isEmpty() ? "no message" : m;
    }

    private static String attempts(SdkException e) {
        Integer n = e.numAttempts();
        return n == null ? "" : " after " + n + (n == 1 ? " attempt" : " attempts");
    }
}
