package io.github.dynamicsecrets.provider.aws.fake;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server for one AWS service on the AWS JSON 1.1 protocol: {@code POST /} with
 * {@code X-Amz-Target: <prefix>.<Operation>} and a JSON body, answered with a JSON body or an error
 * {@code {"__type": ..., "Message": ...}}. It checks that each request is SigV4-signed for the
 * expected access key and service, counts requests per operation, and can inject throttling, 5xx
 * answers, an outage and slow answers. Thread-safe.
 */
public abstract class AwsJsonServer implements AutoCloseable {

    private static final Pattern CREDENTIAL = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/\\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request, .*Signature=[0-9a-f]{64}");

    private final String targetPrefix;
    private final String signingName;
    private final String accessKeyId;
    private final String region;
    private final String messageField;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private final Map<String, AtomicInteger> throttleOperation = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> lastRequest = new ConcurrentHashMap<>();
    private volatile boolean unavailable;
    private volatile Duration delay = Duration.ZERO;
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * @param targetPrefix the {@code X-Amz-Target} prefix, e.g. {@code secretsmanager}
     * @param signingName the SigV4 service name in the credential scope
     * @param accessKeyId the only access key accepted
     * @param region the only region accepted in the signature's scope
     * @param messageField {@code Message} or {@code message}, as the service spells it
     */
    protected AwsJsonServer(String targetPrefix, String signingName, String accessKeyId, String region, String messageField) {
        this.targetPrefix = targetPrefix;
        this.signingName = signingName;
        this.accessKeyId = accessKeyId;
        this.region = region;
        this.messageField = messageField;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port", e);
        }
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fake-" + signingName);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
    }

    /**
     * Starts serving. Subclasses call it last in their constructor, once their own state exists,
     * so no request can reach a half-built fake.
     */
    protected final void start() {
        server.createContext("/", this::exchange);
        server.start();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code n} requests get {@code ThrottlingException}. */
    public void throttleNext(int n) {
        throttleNext.set(n);
    }

    /** The next {@code n} requests for one operation get {@code ThrottlingException}. */
    public void throttleNext(String operation, int n) {
        throttleOperation.put(operation, new AtomicInteger(n));
    }

    /** The next {@code n} requests get HTTP 500 {@code InternalServiceError}. */
    public void failNext(int n) {
        failNext.set(n);
    }

    /** While set, every request gets HTTP 503 {@code ServiceUnavailable}. */
    public void setUnavailable(boolean down) {
        unavailable = down;
    }

    /** Every answer waits this long first. */
    public void setDelay(Duration d) {
        delay = d;
    }

    /** Requests received for an operation, faulted ones included. */
    public int count(String operation) {
        AtomicInteger c = counts.get(operation);
        return c == null ? 0 : c.get();
    }

    /** Requests received, by operation. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Every request received. */
    public int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The body of the last well-formed request for an operation, or null. */
    public JsonObject lastRequest(String operation) {
        return lastRequest.get(operation);
    }

    public void resetCounts() {
        counts.clear();
    }

    /**
     * Handles one operation.
     *
     * @return the response body
     * @throws AwsError for a modelled error
     */
    protected abstract JsonObject handle(String operation, JsonObject request);

    private void exchange(HttpExchange ex) {
        try {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith(targetPrefix + ".") ? target.substring(targetPrefix.length() + 1) : null;
            counts.computeIfAbsent(operation == null ? "?" + target : operation, k -> new AtomicInteger()).incrementAndGet();
            JsonObject response;
            int status = 200;
            try {
                pause();
                check(ex, operation);
                inject(operation);
                JsonObject request = parse(body);
                lastRequest.put(operation, request);
                response = handle(operation, request);
            } catch (AwsError e) {
                status = e.status();
                response = new JsonObject();
                response.addProperty("__type", e.type());
                response.addProperty(messageField, e.getMessage());
            }
            byte[] out = response.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            ex.sendResponseHeaders(status, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        } catch (IOException e) {
            // the client gave up (e.g. its attempt timeout fired while we were slow): nothing to answer
        } finally {
            ex.close();
        }
    }

    private void pause() {
        Duration d = delay;
        if (!d.isZero()) {
            try {
                TimeUnit.MILLISECONDS.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void check(HttpExchange ex, String operation) {
        if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/")) {
            throw new AwsError(404, "UnknownOperationException", "Expected POST /");
        }
        if (operation == null) {
            throw new AwsError(400, "UnknownOperationException", "Missing or foreign X-Amz-Target");
        }
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-amz-json-1.1")) {
            throw new AwsError(400, "SerializationException", "Expected Content-Type application/x-amz-json-1.1");
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            throw new AwsError(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Matcher m = CREDENTIAL.matcher(auth);
        if (!m.matches()) {
            throw new AwsError(400, "IncompleteSignature", "The request signature does not conform to AWS standards.");
        }
        if (!m.group(1).equals(accessKeyId)) {
            throw new AwsError(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        if (!m.group(2).equals(region)) {
            throw new AwsError(400, "InvalidSignatureException", "Credential should be scoped to a valid region, not '"
                    + m.group(2) + "'.");
        }
        if (!m.group(3).equals(signingName)) {
            throw new AwsError(400, "InvalidSignatureException", "Credential should be scoped to correct service: '" + signingName + "'.");
        }
    }

    private void inject(String operation) {
        if (unavailable) {
            throw new AwsError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
        }
        if (takeOne(throttleNext) || takeOne(throttleOperation.get(operation))) {
            throw new AwsError(400, "ThrottlingException", "Rate exceeded");
        }
        if (takeOne(failNext)) {
            throw new AwsError(500, "InternalServiceError", "An error occurred on the server side.");
        }
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter != null && counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private static JsonObject parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return new JsonObject();
        }
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new AwsError(400, "SerializationException", "Expected a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonSyntaxException e) {
            throw new AwsError(400, "SerializationException", "Malformed JSON");
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A modelled error answer. */
    public static final class AwsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String type;

        public AwsError(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }

        /** A 400 error, the status of almost every modelled AWS error. */
        public static AwsError of(String type, String message) {
            return new AwsError(400, type, message);
        }

        int status() {
            return status;
        }

        String type() {
            return type;
        }
    }
}
