package io.github.dynamicsecrets.provider.aws.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import static io.github.dynamicsecrets.provider.aws.fake.FakeJson.blob;
import static io.github.dynamicsecrets.provider.aws.fake.FakeJson.optional;
import static io.github.dynamicsecrets.provider.aws.fake.FakeJson.required;
import static io.github.dynamicsecrets.provider.aws.fake.FakeJson.strings;

import io.github.dynamicsecrets.provider.aws.fake.AwsJsonServer.AwsError;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A Secrets Manager-compatible server for tests, following the AWS API reference: the
 * {@code secretsmanager} JSON 1.1 target, versions and staging labels, deletion with a recovery
 * window, and the documented error shapes. Supports CreateSecret, PutSecretValue, GetSecretValue,
 * BatchGetSecretValue, DescribeSecret, ListSecrets, UpdateSecretVersionStage, DeleteSecret,
 * RestoreSecret and GetRandomPassword. Besides {@link AwsJsonServer}'s faults it can refuse
 * access to a secret or an operation and fail KMS decryption of a secret. Thread-safe.
 */
public final class FakeSecretsManager extends AwsJsonServer {

    public static final String ACCESS_KEY_ID = "AKIDFAKESECRETSMGR01";
    public static final String SECRET_ACCESS_KEY = "fake-secret-access-key-for-tests-only";
    public static final String REGION = "us-east-1";
    private static final String ACCOUNT = "123456789012";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final String DELETED = "You can't perform this operation on the secret because it was marked for deletion.";

    private final Object lock = new Object();
    private final Map<String, FakeSecret> secrets = new LinkedHashMap<>();
    private final Set<String> deniedSecrets = ConcurrentHashMap.newKeySet();
    private final Set<String> deniedOperations = ConcurrentHashMap.newKeySet();
    private final Set<String> undecryptable = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private long clock = 1_700_000_000L;

    public FakeSecretsManager() {
        super("secretsmanager", "secretsmanager", ACCESS_KEY_ID, REGION, "Message");
        start();
    }

    /** Refuses every operation on this secret with AccessDeniedException. */
    public void denySecret(String name) {
        deniedSecrets.add(name);
    }

    /** Refuses an operation (e.g. ListSecrets) with AccessDeniedException. */
    public void denyOperation(String operation) {
        deniedOperations.add(operation);
    }

    /** Reading this secret's value fails with DecryptionFailure, as when its KMS key is disabled. */
    public void failDecryption(String name) {
        undecryptable.add(name);
    }

    /**
     * Creates a string secret directly, without a request (nothing is counted); for bulk test
     * setup. Goes through the same code as CreateSecret.
     *
     * @return the version id
     */
    public String seed(String name, String value) {
        JsonObject in = new JsonObject();
        in.addProperty("Name", name);
        in.addProperty("SecretString", value);
        in.addProperty("ClientRequestToken", UUID.randomUUID().toString());
        return handle("CreateSecret", in).get("VersionId").getAsString();
    }

    /** The number of versions of a secret, labelled or not, or -1. */
    public int versionCount(String name) {
        synchronized (lock) {
            FakeSecret s = secrets.get(name);
            return s == null ? -1 : s.versions.size();
        }
    }

    /** The labels of a version, for assertions. */
    public Set<String> stagesOf(String name, String versionId) {
        synchronized (lock) {
            return Set.copyOf(secrets.get(name).versions.get(versionId).stages);
        }
    }

    /** Whether a secret is scheduled for deletion, for assertions; null if absent. */
    public Boolean isScheduledForDeletion(String name) {
        synchronized (lock) {
            FakeSecret s = secrets.get(name);
            return s == null ? null : s.deletedDate != null;
        }
    }

    @Override
    protected JsonObject handle(String op, JsonObject in) {
        if (deniedOperations.contains(op)) {
            throw denied(op, "*");
        }
        synchronized (lock) {
            clock++;
            switch (op) {
                case "CreateSecret": return createSecret(in);
                case "PutSecretValue": return putSecretValue(in);
                case "GetSecretValue": return getSecretValue(in);
                case "BatchGetSecretValue": return batchGetSecretValue(in);
                case "DescribeSecret": return describeSecret(in);
                case "ListSecrets": return listSecrets(in);
                case "UpdateSecretVersionStage": return updateSecretVersionStage(in);
                case "DeleteSecret": return deleteSecret(in);
                case "RestoreSecret": return restoreSecret(in);
                case "GetRandomPassword": return FakePasswords.generate(in, random);
                default: throw AwsError.of("UnknownOperationException", "Unknown operation " + op);
            }
        }
    }

    private JsonObject createSecret(JsonObject in) {
        String name = required(in, "Name");
        if (!NAME.matcher(name).matches()) {
            throw AwsError.of("InvalidParameterException",
                    "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        }
        FakeSecret existing = secrets.get(name);
        if (existing != null) {
            if (existing.deletedDate != null) {
                throw AwsError.of("InvalidRequestException",
                        "You can't create this secret because a secret with this name is already scheduled for deletion.");
            }
            throw AwsError.of("ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        String suffix = Long.toString(Math.abs(random.nextLong()), 36).substring(0, 6);
        FakeSecret s = new FakeSecret(name, "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-" + suffix, clock);
        s.description = optional(in, "Description");
        s.kmsKeyId = optional(in, "KmsKeyId");
        JsonObject out = ids(s);
        String string = optional(in, "SecretString");
        byte[] binary = blob(in, "SecretBinary");
        if (string != null || binary != null) {
            FakeSecret.Version v = newVersion(s, in, string, binary);
            s.attach(FakeSecret.CURRENT, v);
            out.addProperty("VersionId", v.id);
        }
        secrets.put(name, s);
        return out;
    }

    private JsonObject putSecretValue(JsonObject in) {
        FakeSecret s = live(required(in, "SecretId"), "PutSecretValue");
        String string = optional(in, "SecretString");
        byte[] binary = blob(in, "SecretBinary");
        String token = optional(in, "ClientRequestToken");
        FakeSecret.Version existing = token == null ? null : s.versions.get(token);
        FakeSecret.Version v;
        if (existing != null) {
            if (!existing.sameValue(string, binary)) {
                throw AwsError.of("ResourceExistsException", "A resource with the ID you requested already exists.");
            }
            v = existing; // idempotent retry
        } else {
            v = newVersion(s, in, string, binary);
        }
        List<String> stages = new ArrayList<>();
        if (in.has("VersionStages")) {
            in.getAsJsonArray("VersionStages").forEach(e -> stages.add(e.getAsString()));
        } else {
            stages.add(FakeSecret.CURRENT);
        }
        stages.forEach(stage -> s.attach(stage, v));
        s.lastChangedDate = clock;
        JsonObject out = ids(s);
        out.addProperty("VersionId", v.id);
        out.add("VersionStages", strings(v.stages));
        return out;
    }

    private FakeSecret.Version newVersion(FakeSecret s, JsonObject in, String string, byte[] binary) {
        if (string != null && binary != null) {
            throw AwsError.of("InvalidParameterException",
                    "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        if (string == null && binary == null) {
            throw AwsError.of("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
        }
        if ((string != null && string.length() > 65536) || (binary != null && binary.length > 65536)) {
            throw AwsError.of("InvalidParameterException", "The secret value exceeds the 65536 byte limit.");
        }
        String id = optional(in, "ClientRequestToken");
        if (id == null) {
            id = UUID.randomUUID().toString();
        } else if (id.length() < 32 || id.length() > 64) {
            throw new AwsError(400, "ValidationException", "1 validation error detected: Value at 'clientRequestToken' failed"
                    + " to satisfy constraint: Member must have length between 32 and 64");
        }
        FakeSecret.Version v = new FakeSecret.Version(id, string, binary, clock);
        s.versions.put(id, v);
        return v;
    }

    private JsonObject getSecretValue(JsonObject in) {
        FakeSecret s = live(required(in, "SecretId"), "GetSecretValue");
        FakeSecret.Version v = version(s, optional(in, "VersionId"), optional(in, "VersionStage"));
        readable(s);
        return valueEntry(s, v);
    }

    private FakeSecret.Version version(FakeSecret s, String versionId, String stage) {
        FakeSecret.Version v;
        if (versionId != null) {
            if (versionId.length() < 32 || versionId.length() > 64) {
                throw new AwsError(400, "ValidationException", "1 validation error detected: Value at 'versionId' failed to satisfy"
                        + " constraint: Member must have length between 32 and 64");
            }
            v = s.versions.get(versionId);
            if (v == null || (stage != null && !v.stages.contains(stage))) {
                throw AwsError.of("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
            }
            return v;
        }
        String label = stage == null ? FakeSecret.CURRENT : stage;
        v = s.withStage(label);
        if (v == null) {
            throw AwsError.of("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: " + label);
        }
        return v;
    }

    private void readable(FakeSecret s) {
        if (undecryptable.contains(s.name)) {
            throw AwsError.of("DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
        }
    }

    private JsonObject valueEntry(FakeSecret s, FakeSecret.Version v) {
        JsonObject out = ids(s);
        out.addProperty("VersionId", v.id);
        if (v.string != null) {
            out.addProperty("SecretString", v.string);
        } else {
            out.addProperty("SecretBinary", Base64.getEncoder().encodeToString(v.binary));
        }
        out.add("VersionStages", strings(v.stages));
        out.addProperty("CreatedDate", v.createdDate);
        return out;
    }

    private JsonObject batchGetSecretValue(JsonObject in) {
        boolean hasList = in.has("SecretIdList");
        boolean hasFilters = in.has("Filters");
        if (hasList == hasFilters) {
            throw AwsError.of("InvalidParameterException", "Either SecretIdList or Filters must be provided, but not both.");
        }
        List<String> wanted = new ArrayList<>();
        if (hasList) {
            in.getAsJsonArray("SecretIdList").forEach(e -> wanted.add(e.getAsString()));
            if (wanted.isEmpty() || wanted.size() > 20) {
                throw new AwsError(400, "ValidationException", "1 validation error detected: Value at 'secretIdList' failed to"
                        + " satisfy constraint: Member must have length less than or equal to 20");
            }
        } else {
            for (FakeSecret s : secrets.values()) {
                if (s.deletedDate == null && FakeFilters.matches(s, in.getAsJsonArray("Filters"))) {
                    wanted.add(s.name);
                }
            }
        }
        JsonArray values = new JsonArray();
        JsonArray errors = new JsonArray();
        for (String id : wanted) {
            try {
                FakeSecret s = live(id, "GetSecretValue");
                FakeSecret.Version v = version(s, null, null);
                readable(s);
                values.add(valueEntry(s, v));
            } catch (AwsError e) {
                JsonObject err = new JsonObject();
                err.addProperty("SecretId", id);
                err.addProperty("ErrorCode", e.type());
                err.addProperty("Message", e.getMessage());
                errors.add(err);
            }
        }
        JsonObject out = new JsonObject();
        out.add("SecretValues", values);
        out.add("Errors", errors);
        return out;
    }

    private JsonObject describeSecret(JsonObject in) {
        FakeSecret s = find(required(in, "SecretId"), "DescribeSecret");
        JsonObject out = metadata(s);
        out.add("VersionIdsToStages", stageMap(s));
        return out;
    }

    private JsonObject listSecrets(JsonObject in) {
        int max = in.has("MaxResults") ? in.get("MaxResults").getAsInt() : 100;
        if (max < 1 || max > 100) {
            throw new AwsError(400, "ValidationException", "1 validation error detected: Value '" + max + "' at 'maxResults'"
                    + " failed to satisfy constraint: Member must have value less than or equal to 100");
        }
        boolean includeDeleted = in.has("IncludePlannedDeletion") && in.get("IncludePlannedDeletion").getAsBoolean();
        JsonArray filters = in.has("Filters") ? in.getAsJsonArray("Filters") : new JsonArray();
        List<FakeSecret> matching = new ArrayList<>();
        for (FakeSecret s : secrets.values()) {
            if ((includeDeleted || s.deletedDate == null) && FakeFilters.matches(s, filters)) {
                matching.add(s);
            }
        }
        if ("desc".equals(optional(in, "SortOrder"))) {
            java.util.Collections.reverse(matching);
        }
        int start = 0;
        String token = optional(in, "NextToken");
        if (token != null) {
            try {
                start = Integer.parseInt(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).substring(5));
            } catch (RuntimeException e) {
                throw AwsError.of("InvalidNextTokenException", "The NextToken value is invalid.");
            }
        }
        JsonArray list = new JsonArray();
        int end = Math.min(matching.size(), start + max);
        for (int i = start; i < end; i++) {
            FakeSecret s = matching.get(i);
            JsonObject entry = metadata(s);
            entry.add("SecretVersionsToStages", stageMap(s));
            list.add(entry);
        }
        JsonObject out = new JsonObject();
        out.add("SecretList", list);
        if (end < matching.size()) {
            out.addProperty("NextToken", Base64.getEncoder().encodeToString(("next:" + end).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private JsonObject updateSecretVersionStage(JsonObject in) {
        FakeSecret s = live(required(in, "SecretId"), "UpdateSecretVersionStage");
        String stage = required(in, "VersionStage");
        String moveTo = optional(in, "MoveToVersionId");
        String removeFrom = optional(in, "RemoveFromVersionId");
        FakeSecret.Version holder = s.withStage(stage);
        if (moveTo != null) {
            FakeSecret.Version target = s.versions.get(moveTo);
            if (target == null) {
                throw AwsError.of("InvalidParameterException", "The version " + moveTo + " doesn't exist.");
            }
            if (holder != null && holder != target && (removeFrom == null || !removeFrom.equals(holder.id))) {
                throw AwsError.of("InvalidParameterException", "The staging label " + stage + " is currently attached to version "
                        + holder.id + ", so you must explicitly reference that version in RemoveFromVersionId.");
            }
            s.attach(stage, target);
        } else if (removeFrom != null) {
            if (holder == null || !holder.id.equals(removeFrom)) {
                throw AwsError.of("InvalidParameterException", "The staging label " + stage + " isn't attached to version " + removeFrom + ".");
            }
            if (stage.equals(FakeSecret.CURRENT)) {
                throw AwsError.of("InvalidParameterException", "You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed.");
            }
            holder.stages.remove(stage);
        } else {
            throw AwsError.of("InvalidParameterException", "You must specify MoveToVersionId or RemoveFromVersionId.");
        }
        s.lastChangedDate = clock;
        return ids(s);
    }

    private JsonObject deleteSecret(JsonObject in) {
        FakeSecret s = find(required(in, "SecretId"), "DeleteSecret");
        boolean force = in.has("ForceDeleteWithoutRecovery") && in.get("ForceDeleteWithoutRecovery").getAsBoolean();
        if (force && in.has("RecoveryWindowInDays")) {
            throw AwsError.of("InvalidParameterException",
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        long days = in.has("RecoveryWindowInDays") ? in.get("RecoveryWindowInDays").getAsLong() : 30;
        if (!force && (days < 7 || days > 30)) {
            throw AwsError.of("InvalidParameterException", "The recovery window must be between 7 and 30 days.");
        }
        if (s.deletedDate != null && !force) {
            throw AwsError.of("InvalidRequestException", DELETED);
        }
        JsonObject out = ids(s);
        if (force) {
            secrets.remove(s.name);
            out.addProperty("DeletionDate", clock);
        } else {
            s.deletedDate = (double) clock;
            out.addProperty("DeletionDate", clock + days * 86_400);
        }
        return out;
    }

    private JsonObject restoreSecret(JsonObject in) {
        FakeSecret s = find(required(in, "SecretId"), "RestoreSecret");
        s.deletedDate = null;
        return ids(s);
    }

    /** A secret by name or ARN, scheduled for deletion or not. */
    private FakeSecret find(String id, String op) {
        if (deniedSecrets.contains(id)) {
            throw denied(op, id);
        }
        FakeSecret s = secrets.get(id);
        if (s == null) {
            for (FakeSecret candidate : secrets.values()) {
                if (candidate.arn.equals(id)) {
                    s = candidate;
                }
            }
        }
        if (s == null) {
            throw AwsError.of("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        return s;
    }

    /** A secret that is not scheduled for deletion. */
    private FakeSecret live(String id, String op) {
        FakeSecret s = find(id, op);
        if (s.deletedDate != null) {
            throw AwsError.of("InvalidRequestException", DELETED);
        }
        return s;
    }

    private static AwsError denied(String op, String resource) {
        return AwsError.of("AccessDeniedException", "User: arn:aws:iam::" + ACCOUNT + ":user/test is not authorized to perform:"
                + " secretsmanager:" + op + " on resource: " + resource + " because no identity-based policy allows the"
                + " secretsmanager:" + op + " action");
    }

    private static JsonObject ids(FakeSecret s) {
        JsonObject out = new JsonObject();
        out.addProperty("ARN", s.arn);
        out.addProperty("Name", s.name);
        return out;
    }

    private static JsonObject metadata(FakeSecret s) {
        JsonObject out = ids(s);
        if (s.description != null) {
            out.addProperty("Description", s.description);
        }
        if (s.kmsKeyId != null) {
            out.addProperty("KmsKeyId", s.kmsKeyId);
        }
        out.addProperty("CreatedDate", s.createdDate);
        out.addProperty("LastChangedDate", s.lastChangedDate);
        if (s.deletedDate != null) {
            out.addProperty("DeletedDate", s.deletedDate);
        }
        return out;
    }

    private static JsonObject stageMap(FakeSecret s) {
        JsonObject map = new JsonObject();
        s.staged().forEach((id, stages) -> map.add(id, strings(stages)));
        return map;
    }
}
