package dev.tokenbroker.upstream.aws;

import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.keycloak.common.util.Time;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import dev.tokenbroker.upstream.UpstreamCall;
import dev.tokenbroker.upstream.UpstreamFailure;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.UpstreamToken;
import dev.tokenbroker.upstream.http.UpstreamResponse;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;

/**
 * AssumeRoleWithWebIdentity (no SigV4: the assertion is the credential). The temporary credentials
 * are returned in {@code aws_credentials}, shaped like the JSON an AWS {@code credential_process}
 * prints, so SDKs can use them as they are; {@code access_token} holds the session token.
 */
final class AwsStsUpstream implements UpstreamProvider {

    /** Not an OAuth token: a set of AWS credentials, so {@code token_type} is {@code N_A} (RFC 8693 §2.2.1). */
    static final String ISSUED_TOKEN_TYPE = "urn:tokenbroker:params:oauth:token-type:aws-credentials";

    private final String roleArn;
    private final SessionName sessionName;
    private final int durationSeconds;
    private final SessionTags tags;

    AwsStsUpstream(String roleArn, SessionName sessionName, int durationSeconds, SessionTags tags) {
        this.roleArn = roleArn;
        this.sessionName = sessionName;
        this.durationSeconds = durationSeconds;
        this.tags = tags;
    }

    @Override
    public Map<String, Object> platformClaims(UpstreamCall call) {
        if (tags.isEmpty()) {
            return Map.of();
        }
        return Map.of(SessionTags.CLAIM, tags.claim(facts(call), call.grant().user()::getFirstAttribute));
    }

    @Override
    public UpstreamToken redeem(UpstreamCall call, MintedAssertion assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "AssumeRoleWithWebIdentity");
        form.put("Version", "2011-06-15");
        form.put("RoleArn", roleArn);
        form.put("RoleSessionName", sessionName.render(facts(call)));
        form.put("WebIdentityToken", assertion.jwt());
        form.put("DurationSeconds", String.valueOf(durationSeconds));
        UpstreamResponse response = call.http().postForm(call.settings().tokenEndpoint(), form, Map.of());
        Document xml = parse(response);
        if (!response.isSuccess()) {
            String reason = response.status() + " " + text(xml, "Code") + ": " + text(xml, "Message");
            throw response.isClientError() ? UpstreamFailure.rejected(reason) : UpstreamFailure.unavailable(reason, null);
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
            expiresIn = Instant.parse(expiration).getEpochSecond() - Time.currentTime();
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

    private static Map<String, String> facts(UpstreamCall call) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("username", call.grant().user().getUsername());
        facts.put("email", call.grant().user().getEmail());
        facts.put("actor", call.grant().actorChain().isEmpty() ? "" : call.grant().actorChain().current().subject());
        facts.put("client", call.grant().client().getClientId());
        return facts;
    }

    private static Document parse(UpstreamResponse response) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // STS answers plain XML; anything with a DOCTYPE is not STS and could be an XXE attempt.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(response.body())));
        } catch (Exception e) {
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
