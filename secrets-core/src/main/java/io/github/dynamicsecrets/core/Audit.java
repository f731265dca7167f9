package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail on the logger {@code io.github.dynamicsecrets.audit}: names, providers,
 * versions and outcomes, never values. Loads and changes at INFO, refreshes that found the same
 * version at DEBUG, cache hits at TRACE, failures at WARN.
 */
final class Audit {

    static final Logger LOG = LoggerFactory.getLogger("io.github.dynamicsecrets.audit");

    private Audit() {}

    static void hit(String name, SecretValue v) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("access name={} provider={} version={} outcome=cache-hit", name, v.provider(), v.version());
        }
    }

    static void loaded(String name, SecretValue v) {
        LOG.info("access name={} provider={} version={} outcome=loaded", name, v.provider(), v.version());
    }

    static void refreshed(String name, SecretValue v) {
        LOG.debug("access name={} provider={} version={} outcome=refreshed", name, v.provider(), v.version());
    }

    static void servedStale(String name, SecretValue v, String source) {
        LOG.warn("access name={} provider={} version={} outcome=stale source={}", name, v.provider(), v.version(), source);
    }

    static void notFound(String name, Object tried) {
        LOG.info("access name={} providers={} outcome=not-found", name, tried);
    }

    static void failed(String name, String provider, RuntimeException e) {
        LOG.warn("access name={} provider={} outcome=failed error={}: {}", name, provider, e.getClass().getSimpleName(),
                e instanceof io.github.dynamicsecrets.SecretsException ? e.getMessage() : "(provider error)");
    }

    static void rotated(String name, String provider, String from, String to) {
        LOG.info("change name={} provider={} from={} to={} outcome=rotated", name, provider, from, to);
    }

    static void written(String op, String name, String provider, String version) {
        LOG.info("change name={} provider={} version={} outcome={}", name, provider, version, op);
    }

    static void expired(String name, String provider) {
        LOG.warn("access name={} provider={} outcome=expired reason=last good value is older than secrets.cache.max-stale",
                name, provider);
    }
}
