package dev.tokenbroker.emulators.aws;

import java.time.format.DateTimeFormatter;

/** The STS Query API's XML bodies, written by hand in AWS' element order. */
final class StsXml {

    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private StsXml() {
    }

    static String assumeRoleWithWebIdentityResponse(AwsSession session, String secretAccessKey, String sessionToken,
                                                    String assumedRoleId, int packedPolicySize, String requestId) {
        StringBuilder xml = new StringBuilder(2048)
                .append("<AssumeRoleWithWebIdentityResponse xmlns=\"").append(NAMESPACE).append("\">\n")
                .append("  <AssumeRoleWithWebIdentityResult>\n");
        element(xml, 4, "SubjectFromWebIdentityToken", session.subject());
        element(xml, 4, "Audience", session.audience());
        xml.append("    <AssumedRoleUser>\n");
        element(xml, 6, "Arn", session.assumedRoleArn());
        element(xml, 6, "AssumedRoleId", assumedRoleId);
        xml.append("    </AssumedRoleUser>\n")
                .append("    <Credentials>\n");
        element(xml, 6, "AccessKeyId", session.accessKeyId());
        element(xml, 6, "SecretAccessKey", secretAccessKey);
        element(xml, 6, "SessionToken", sessionToken);
        element(xml, 6, "Expiration", DateTimeFormatter.ISO_INSTANT.format(session.expiration()));
        xml.append("    </Credentials>\n");
        element(xml, 4, "Provider", session.provider());
        element(xml, 4, "PackedPolicySize", Integer.toString(packedPolicySize));
        if (session.sourceIdentity() != null) {
            element(xml, 4, "SourceIdentity", session.sourceIdentity());
        }
        xml.append("  </AssumeRoleWithWebIdentityResult>\n")
                .append("  <ResponseMetadata>\n");
        element(xml, 4, "RequestId", requestId);
        return xml.append("  </ResponseMetadata>\n")
                .append("</AssumeRoleWithWebIdentityResponse>\n").toString();
    }

    static String error(String code, String message, String requestId) {
        StringBuilder xml = new StringBuilder(512)
                .append("<ErrorResponse xmlns=\"").append(NAMESPACE).append("\">\n")
                .append("  <Error>\n");
        element(xml, 4, "Type", "Sender");
        element(xml, 4, "Code", code);
        element(xml, 4, "Message", message);
        xml.append("  </Error>\n");
        element(xml, 2, "RequestId", requestId);
        return xml.append("</ErrorResponse>\n").toString();
    }

    private static void element(StringBuilder xml, int indent, String name, String text) {
        xml.append(" ".repeat(indent)).append('<').append(name).append('>').append(escape(text))
                .append("</").append(name).append(">\n");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
