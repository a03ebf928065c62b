package dev.tokenbroker.it.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds and sends one RFC 8693 token exchange request over HTTP. */
public final class TokenExchange {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

    private final Realm realm;
    private final String clientId;
    private final String secret;
    private final Map<String, Object> form = new LinkedHashMap<>();
    private final List<String> headers = new ArrayList<>();

    TokenExchange(Realm realm, String clientId, String secret) {
        this.realm = realm;
        this.clientId = clientId;
        this.secret = secret;
        form.put("grant_type", GRANT_TYPE);
    }

    public TokenExchange subject(String token) {
        return param("subject_token", token).param("subject_token_type", ACCESS_TOKEN);
    }

    public TokenExchange actor(String token) {
        return param("actor_token", token).param("actor_token_type", ACCESS_TOKEN);
    }

    public TokenExchange audience(String audience) {
        return add("audience", audience);
    }

    public TokenExchange resource(String resource) {
        return add("resource", resource);
    }

    public TokenExchange scope(String scope) {
        return param("scope", scope);
    }

    /** Sets (or with {@code null} removes) any form parameter. */
    public TokenExchange param(String name, String value) {
        if (value == null) {
            form.remove(name);
        } else {
            form.put(name, value);
        }
        return this;
    }

    /** Sends a request header too (e.g. {@code Origin}). */
    public TokenExchange header(String name, String value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    @SuppressWarnings("unchecked")
    private TokenExchange add(String name, String value) {
        ((List<Object>) form.computeIfAbsent(name, k -> new ArrayList<>())).add(value);
        return this;
    }

    public Http.Response post() {
        if (secret == null) {
            Map<String, Object> publicClient = new LinkedHashMap<>(form);
            publicClient.put("client_id", clientId);
            return new Http().postForm(realm.tokenEndpoint(), publicClient, headers.toArray(String[]::new));
        }
        List<String> all = new ArrayList<>(List.of("Authorization", Http.basic(clientId, secret)));
        all.addAll(headers);
        return new Http().postForm(realm.tokenEndpoint(), form, all.toArray(String[]::new));
    }
}
