package dev.tokenbroker.upstream.aws;

import java.util.Map;

/**
 * RoleSessionName from a template, so CloudTrail shows who acted for whom (e.g.
 * {@code alice@acme.test+claude-desktop}). AWS allows 2-64 characters of {@code [\w+=,.@-]}.
 */
final class SessionName {

    static final String DEFAULT_TEMPLATE = "${username}+${actor}";
    private static final String PLACEHOLDER = "\\$\\{(username|email|actor|client)}";

    private final String template;

    private SessionName(String template) {
        this.template = template;
    }

    static SessionName template(String value) {
        String template = value == null || value.isBlank() ? DEFAULT_TEMPLATE : value.trim();
        if (!template.replaceAll(PLACEHOLDER, "").matches("[\\w+=,.@-]*")) {
            throw new IllegalArgumentException("session name template may use ${username}, ${email}, ${actor}, ${client} and [\\w+=,.@-]");
        }
        return new SessionName(template);
    }

    String render(Map<String, String> values) {
        String name = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            name = name.replace("${" + value.getKey() + "}", value.getValue() == null ? "" : value.getValue());
        }
        name = name.replaceAll(PLACEHOLDER, ""); // a fact this exchange does not have is empty, not literal text
        name = name.replaceAll("[^\\w+=,.@-]", "-");
        if (name.length() > 64) {
            name = name.substring(0, 64);
        }
        return name.length() < 2 ? name + "--" : name;
    }
}
