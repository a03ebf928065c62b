package dev.tokenbroker.upstream.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.http.HttpEntity;
import org.apache.http.NameValuePair;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.message.BasicNameValuePair;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;

import dev.tokenbroker.upstream.UpstreamFailure;

/**
 * Outbound calls to platforms through Keycloak's HTTP client, so its truststore and proxy settings
 * apply, with this call's own timeouts, no redirects (a redirect could carry the assertion
 * elsewhere), a destination check at call time and a bound on the answer's size.
 */
public final class UpstreamHttp {

    /** Token responses are small; anything bigger is not one. */
    public static final int MAX_RESPONSE_BYTES = 256 * 1024;

    private final KeycloakSession session;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;

    public UpstreamHttp(KeycloakSession session, int connectTimeoutMs, int readTimeoutMs) {
        this.session = session;
        this.connectTimeoutMs = connectTimeoutMs;
        this.readTimeoutMs = readTimeoutMs;
    }

    public UpstreamResponse postForm(URI uri, Map<String, String> form, Map<String, String> headers) {
        List<NameValuePair> pairs = new ArrayList<>();
        form.forEach((name, value) -> {
            if (value != null) {
                pairs.add(new BasicNameValuePair(name, value));
            }
        });
        return post(uri, new UrlEncodedFormEntity(pairs, StandardCharsets.UTF_8), headers);
    }

    public UpstreamResponse postJson(URI uri, String json, Map<String, String> headers) {
        return post(uri, new StringEntity(json, ContentType.APPLICATION_JSON), headers);
    }

    private UpstreamResponse post(URI uri, HttpEntity entity, Map<String, String> headers) {
        String problem = OutboundUrlPolicy.problemAtCallTime(uri);
        if (problem != null) {
            throw UpstreamFailure.unavailable("token endpoint " + problem, null);
        }
        HttpPost post = new HttpPost(uri);
        post.setConfig(RequestConfig.custom()
                .setConnectTimeout(connectTimeoutMs)
                .setConnectionRequestTimeout(connectTimeoutMs)
                .setSocketTimeout(readTimeoutMs)
                .setRedirectsEnabled(false)
                .build());
        post.setEntity(entity);
        post.setHeader("Accept", "application/json, application/xml;q=0.9");
        headers.forEach(post::setHeader);
        try (CloseableHttpResponse response = session.getProvider(HttpClientProvider.class).getHttpClient().execute(post)) {
            HttpEntity body = response.getEntity();
            String contentType = body == null || body.getContentType() == null ? "" : body.getContentType().getValue();
            return new UpstreamResponse(response.getStatusLine().getStatusCode(), read(body), contentType);
        } catch (ConnectTimeoutException e) {
            throw UpstreamFailure.unavailable("connect timed out after " + connectTimeoutMs + " ms", e);
        } catch (SocketTimeoutException e) {
            throw UpstreamFailure.unavailable("no answer within " + readTimeoutMs + " ms", e);
        } catch (IOException e) {
            throw UpstreamFailure.unavailable("unreachable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String read(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (bytes.length > MAX_RESPONSE_BYTES) {
                throw UpstreamFailure.unavailable("answer larger than " + MAX_RESPONSE_BYTES + " bytes", null);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
