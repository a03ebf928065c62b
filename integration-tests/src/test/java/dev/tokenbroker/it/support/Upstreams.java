package dev.tokenbroker.it.support;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Creating and removing upstream components through the admin REST API, for tests that need their own. */
public final class Upstreams {

    private Upstreams() {
    }

    /** POSTs an upstream component; returns the raw response (201 with Location, or the validation error). */
    public static Http.Response create(Realm realm, String alias, String providerId, Map<String, String> config) {
        ObjectNode component = Http.JSON.createObjectNode();
        component.put("name", alias);
        component.put("providerId", providerId);
        component.put("providerType", Platforms.UPSTREAM_TYPE);
        component.put("parentId", realm.admin().getJson("").get("id").asText());
        ObjectNode values = component.putObject("config");
        config.forEach((key, value) -> values.putArray(key).add(value));
        return realm.admin().post("/components", component);
    }

    /** Creates an upstream that must validate; returns its id. */
    public static String createValid(Realm realm, String alias, String providerId, Map<String, String> config) {
        Http.Response response = create(realm, alias, providerId, config);
        if (response.status() != 201) {
            throw new AssertionError("upstream " + alias + " refused: " + response);
        }
        String location = response.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Sets one configuration value of an upstream component, as an admin editing it would. */
    public static void update(Realm realm, String id, String key, String value) {
        ObjectNode component = (ObjectNode) realm.admin().getJson("/components/" + id);
        ((ObjectNode) component.get("config")).putArray(key).add(value);
        Http.Response response = realm.admin().put("/components/" + id, component);
        if (response.status() != 204) {
            throw new AssertionError("upstream " + id + " update refused: " + response);
        }
    }

    public static void delete(Realm realm, String id) {
        realm.admin().delete("/components/" + id);
    }
}
