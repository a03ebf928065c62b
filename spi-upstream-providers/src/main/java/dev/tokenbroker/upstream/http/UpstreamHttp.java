package dev.tokenbroker.upstream.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
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
import org.apache.http.client.utils.URIUtils;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.message.BasicNameValuePair;
import org.keycloak.models.KeycloakSession;

import dev.tokenbroker.outbound.OutboundHttpClient;
import dev.tokenbroker.outbound.OutboundUrlPolicy;
import dev.tokenbroker.outbound.RefusedDestination;
import dev.tokenbroker.upstream.spi.UpstreamFailure;

/**
 * Outbound calls to platforms through the node's {@link OutboundHttpClient}, which trusts Keycloak's
 * truststore and connects only to destinations judged when the host was resolved, with this call's own
 * timeouts, no redirects (a redirect could carry the assertion elsewhere) and a bound on the answer's
 * size. Every failure becomes an {@link UpstreamFailure}: the caller sees a clear OAuth error, never a 500.
 */
public final class UpstreamHttp {

    /** Token responses are small; anything bigger is not one. */
    public static final int MAX_RESPONSE_BYTES = 256 * 1024;

    private final CloseableHttpClient client;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;

    public UpstreamHttp(KeycloakSession session, int connectTimeoutMs, int readTimeoutMs) {
        this(OutboundHttpClient.forNode(session), connectTimeoutMs, readTimeoutMs);
    }

    UpstreamHttp(CloseableHttpClient client, int connectTimeoutMs, int readTimeoutMs) {
        this.client = client;
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
        String problem = OutboundUrlPolicy.SYSTEM.problemWith(uri); // the URL's own text; its addresses are judged on connect
        if (problem != null) {
            throw UpstreamFailure.unavailable("destination refused: " + problem, null);
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
        try (CloseableHttpResponse response = client.execute(post)) {
            HttpEntity body = response.getEntity();
            String contentType = body == null || body.getContentType() == null ? "" : body.getContentType().getValue();
            return new UpstreamResponse(response.getStatusLine().getStatusCode(), read(body), contentType);
        } catch (RefusedDestination e) {
            throw UpstreamFailure.unavailable("destination refused: " + e.getMessage(), null);
        } catch (UnknownHostException e) {
            throw UpstreamFailure.unavailable("unreachable (" + URIUtils.extractHost(uri).getHostName() + " does not resolve)", null);
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
