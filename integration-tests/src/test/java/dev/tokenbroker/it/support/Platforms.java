package dev.tokenbroker.it.support;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tokenbroker.emulators.EmulatorConfig;
import dev.tokenbroker.emulators.EmulatorServer;

/**
 * The platform emulators for a test run, trusting the shared Keycloak's {@code acme} realm and, for
 * brokered exchange, its {@code corporate} realm (the demo's corporate IdP), with the acme realm's
 * upstreams pointed at them. The realm export points at {@code 127.0.0.1:8090} (where
 * {@code ./run.sh} starts the emulators); tests run them on a free port and re-point the components
 * through the admin REST API, which also exercises validation on update.
 */
public final class Platforms implements AutoCloseable {

    /**
     * Where the upstreams point: {@code 127.0.0.1:8090} as exported, or the emulators of an earlier
     * run when the database outlives a run (the cluster test's PostgreSQL).
     */
    static final Pattern EMULATOR_BASE = Pattern.compile("http://127\\.0\\.0\\.1:\\d+");
    public static final String UPSTREAM_TYPE = "dev.tokenbroker.upstream.UpstreamProvider";

    private final EmulatorServer server;

    private Platforms(EmulatorServer server) {
        this.server = server;
    }

    public static Platforms start(Realm acme) {
        EmulatorServer server = EmulatorServer.start(EmulatorConfig.demo(acme.issuer(), acme.other(CorporateIdp.REALM).issuer()));
        String base = server.baseUri().toString().replaceAll("/$", "");
        AdminApi admin = acme.admin();
        for (JsonNode component : admin.getJson("/components?type=" + UPSTREAM_TYPE)) {
            ObjectNode updated = component.deepCopy();
            ObjectNode config = (ObjectNode) updated.get("config");
            config.fieldNames().forEachRemaining(name -> {
                ArrayNode values = (ArrayNode) config.get(name);
                for (int i = 0; i < values.size(); i++) {
                    values.set(i, EMULATOR_BASE.matcher(values.get(i).asText()).replaceAll(Matcher.quoteReplacement(base)));
                }
            });
            Http.Response response = admin.put("/components/" + component.get("id").asText(), updated);
            if (response.status() != 204) {
                server.close();
                throw new AssertionError("cannot point upstream " + component.get("name") + " at the emulators: " + response);
            }
        }
        return new Platforms(server);
    }

    public EmulatorServer emulators() {
        return server;
    }

    public URI baseUri() {
        return server.baseUri();
    }

    @Override
    public void close() {
        server.close();
    }
}
