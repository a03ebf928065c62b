package dev.tokenbroker.upstream.admin;

import java.util.List;
import java.util.Map;

/**
 * An upstream as the admin form sends it: alias (the component's name), type (its provider id) and
 * settings as Keycloak stores component configuration, each key a list of values. {@code id} only
 * when validating an edit, so the upstream is not compared with itself and its stored secrets count.
 */
public record UpstreamForm(String id, String alias, String type, Map<String, List<String>> config) {
}
