package dev.tokenbroker.policy.opa;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;

import dev.tokenbroker.outbound.RefusedDestination;
import dev.tokenbroker.policy.PolicyConfig;
import dev.tokenbroker.policy.PolicyDecision;
import dev.tokenbroker.policy.PolicyEngine;
import dev.tokenbroker.policy.PolicyInput;
import dev.tokenbroker.policy.PolicyResources;

/**
 * Asks OPA through its REST Data API: {@code POST <url>/v1/data/<path>} with {@code {"input": ...}},
 * through Keycloak's HTTP client (its truststore and proxy apply) with this engine's own timeouts, no
 * redirects (a redirect could carry the input elsewhere) and a bound on the answer's size.
 *
 * <p>Fails closed: no answer in time, a refused connection, a non-2xx status, a body that is not
 * OPA's JSON — each is {@link PolicyDecision.Outcome#UNAVAILABLE} with a reason that says which,
 * never the body or the token; {@link OpaAnswer} reads what OPA decided.
 */
public final class OpaPolicyEngine implements PolicyEngine {

    public static final String NAME = "opa";
    /** An answer is a few hundred bytes; anything much bigger is not a decision. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final OpaSettings settings;
    private final URI endpoint;

    OpaPolicyEngine(OpaSettings settings) {
        this.settings = settings;
        this.endpoint = settings.dataEndpoint();
    }

    /** @throws IllegalArgumentException naming the first invalid setting */
    public static OpaPolicyEngine parse(PolicyConfig config) {
        return new OpaPolicyEngine(OpaSettings.parse(config));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PolicyDecision decide(PolicyInput input, PolicyResources resources) {
        HttpPost post = new HttpPost(endpoint);
        post.setConfig(RequestConfig.custom()
                .setConnectTimeout(settings.connectTimeoutMs())
                .setConnectionRequestTimeout(settings.connectTimeoutMs())
                .setSocketTimeout(settings.readTimeoutMs())
                .setRedirectsEnabled(false)
                .build());
        post.setHeader("Accept", "application/json");
        if (settings.token() != null) {
            Optional<String> token = resources.secret(settings.token());
            if (token.isEmpty()) {
                return OpaAnswer.unavailable("the OPA bearer token is not in the vault");
            }
            post.setHeader("Authorization", "Bearer " + token.get());
        }
        post.setEntity(new StringEntity(PolicyInput.json(Map.of("input", input.toMap())), ContentType.APPLICATION_JSON));
        try (CloseableHttpResponse response = resources.httpClient().execute(post)) {
            int status = response.getStatusLine().getStatusCode();
            if (status < 200 || status > 299) {
                return OpaAnswer.unavailable("OPA answered HTTP " + status);
            }
            String body = read(response.getEntity());
            return body == null ? OpaAnswer.unavailable("OPA's answer is larger than " + MAX_ANSWER_BYTES + " bytes")
                    : OpaAnswer.read(body);
        } catch (RefusedDestination e) {
            // The node's outbound client judged where the URL's host resolves now (DNS may have moved it).
            return OpaAnswer.unavailable("OPA URL refused: " + e.getMessage());
        } catch (ConnectTimeoutException e) {
            return OpaAnswer.unavailable("OPA did not accept a connection within " + settings.connectTimeoutMs() + " ms");
        } catch (SocketTimeoutException e) {
            return OpaAnswer.unavailable("OPA timed out after " + settings.readTimeoutMs() + " ms");
        } catch (IOException e) {
            return OpaAnswer.unavailable("OPA is unreachable (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The body, or {@code null} when it exceeds the bound. */
    private static String read(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            return bytes.length > MAX_ANSWER_BYTES ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
