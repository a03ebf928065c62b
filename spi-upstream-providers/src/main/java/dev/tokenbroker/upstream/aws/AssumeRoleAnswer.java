package dev.tokenbroker.upstream.aws;

import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;

import dev.tokenbroker.upstream.PlatformReason;
import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.http.UpstreamResponse;
import dev.tokenbroker.upstream.spi.UpstreamFailure;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/**
 * Reads STS's XML answer to AssumeRoleWithWebIdentity. The temporary credentials are returned in
 * {@code aws_credentials}, shaped like the JSON an AWS {@code credential_process} prints, so SDKs can
 * use them as they are; {@code access_token} holds the session token. An error is STS's
 * {@code ErrorResponse}: {@code <status> <Code>: <Message>}.
 */
final class AssumeRoleAnswer {

    /** Not an OAuth token: a set of AWS credentials, so {@code token_type} is {@code N_A} (RFC 8693 §2.2.1). */
    static final String ISSUED_TOKEN_TYPE = "urn:tokenbroker:params:oauth:token-type:aws-credentials";

    private AssumeRoleAnswer() {
    }

    /**
     * @throws UpstreamFailure rejected for STS's refusal (4xx), unavailable for a 5xx or an answer that is not STS's
     */
    static UpstreamToken parse(UpstreamResponse response, UpstreamClock clock) {
        Document xml = xml(response);
        if (!response.isSuccess()) {
            String reason = PlatformReason.sanitise(response.status() + " " + text(xml, "Code") + ": " + text(xml, "Message"));
            throw UpstreamFailure.forStatus(response.status(), reason);
        }
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("Version", 1);
        credentials.put("AccessKeyId", required(xml, "AccessKeyId", response));
        credentials.put("SecretAccessKey", required(xml, "SecretAccessKey", response));
        String sessionToken = required(xml, "SessionToken", response);
        credentials.put("SessionToken", sessionToken);
        String expiration = required(xml, "Expiration", response);
        credentials.put("Expiration", expiration);
        long expiresIn;
        try {
            expiresIn = Instant.parse(expiration).getEpochSecond() - clock.nowSeconds();
        } catch (DateTimeParseException e) {
            throw UpstreamFailure.unavailable("malformed answer (HTTP " + response.status() + ", bad Expiration)", e);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("aws_credentials", credentials);
        String assumedRole = text(xml, "Arn");
        if (!assumedRole.isEmpty()) {
            extra.put("aws_assumed_role_arn", assumedRole);
        }
        return new UpstreamToken(sessionToken, ISSUED_TOKEN_TYPE, "N_A", expiresIn, null, extra);
    }

    private static Document xml(UpstreamResponse response) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // STS answers plain XML; anything with a DOCTYPE is not STS and could be an XXE attempt.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setNamespaceAware(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // The parser would print every malformed answer to stderr; the failure below says it once, without the body.
            builder.setErrorHandler(new DefaultHandler());
            return builder.parse(new InputSource(new StringReader(response.body())));
        } catch (Exception e) {
            if (!response.isSuccess()) {
                // An error page that is not STS XML (a proxy's, a load balancer's): the status is all there is.
                throw UpstreamFailure.forStatus(response.status(), String.valueOf(response.status()));
            }
            throw UpstreamFailure.unavailable("malformed answer (HTTP " + response.status() + ", not STS XML)", e);
        }
    }

    private static String text(Document xml, String element) {
        NodeList nodes = xml.getElementsByTagNameNS("*", element);
        return nodes.getLength() == 0 ? "" : ((Element) nodes.item(0)).getTextContent().trim();
    }

    private static String required(Document xml, String element, UpstreamResponse response) {
        String value = text(xml, element);
        if (value.isEmpty()) {
            throw UpstreamFailure.unavailable("malformed answer (HTTP " + response.status() + ", no " + element + ")", null);
        }
        return value;
    }
}
