package dev.tokenbroker.upstream.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.keycloak.component.ComponentModel;

/**
 * A digest of an upstream's whole configuration, part of every cache key: a token obtained under one
 * configuration is never served under another, on any node, even if the drop that should have
 * followed the change never arrived. Memoised per component instance (Keycloak's realm cache hands
 * out one instance until the realm changes; any change brings new instances), held weakly.
 */
public final class ConfigFingerprint {

    private static final Cache<ComponentModel, String> BY_INSTANCE = Caffeine.newBuilder()
            .weakKeys() // identity, gone with the realm cache's instance
            .maximumSize(1_000)
            .build();

    private ConfigFingerprint() {
    }

    public static String of(ComponentModel component) {
        return BY_INSTANCE.get(component, ConfigFingerprint::digest);
    }

    /** SHA-256 over provider, name, sub-type and the sorted configuration, each length-prefixed so no two differ only by where a boundary falls. */
    static String digest(ComponentModel component) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        update(sha256, component.getProviderId());
        update(sha256, component.getName());
        update(sha256, component.getSubType());
        Map<String, List<String>> config = new TreeMap<>(component.getConfig() == null ? Map.of() : component.getConfig());
        config.forEach((key, values) -> {
            update(sha256, key);
            update(sha256, String.valueOf(values == null ? 0 : values.size()));
            if (values != null) {
                values.forEach(value -> update(sha256, value));
            }
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
    }

    private static void update(MessageDigest digest, String value) {
        byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (value == null ? 0 : 1));
        digest.update(String.valueOf(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }
}
