package dev.tokenbroker.delegation;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a requesting client may delegate, read from client attributes with realm-wide defaults from
 * realm attributes. All keys live under {@value #PREFIX} so an export shows them together.
 *
 * @param enabled            the client may perform delegation exchanges at all
 * @param implicitActor      who acts when the request has no {@code actor_token}
 * @param allowedActors      actor subjects this client may name; empty means any authenticated actor
 * @param requireMayAct      subject tokens without {@code may_act} are refused
 * @param maxLifetimeSeconds cap on the delegated token's lifetime
 * @param maxChainDepth      most actors an {@code act} chain may hold, current one included
 * @param defaultAudience    audience of a request that names none, or {@code null} to refuse such requests
 */
public record DelegationSettings(
        boolean enabled,
        ImplicitActor implicitActor,
        Set<String> allowedActors,
        boolean requireMayAct,
        int maxLifetimeSeconds,
        int maxChainDepth,
        String defaultAudience) {

    public static final String PREFIX = "tokenbroker.delegation.";
    public static final String ENABLED = PREFIX + "enabled";
    public static final String IMPLICIT_ACTOR = PREFIX + "implicit-actor";
    public static final String ALLOWED_ACTORS = PREFIX + "allowed-actors";
    public static final String REQUIRE_MAY_ACT = PREFIX + "require-may-act";
    public static final String MAX_LIFETIME = PREFIX + "max-lifetime";
    public static final String MAX_CHAIN_DEPTH = PREFIX + "max-chain-depth";
    public static final String DEFAULT_AUDIENCE = PREFIX + "default-audience";

    /** Short-lived by default: a delegated token is a per-task grant, not a session. */
    public static final int DEFAULT_MAX_LIFETIME_SECONDS = 300;
    /** Deep enough for user -> client -> gateway -> tool -> sub-tool; deeper chains are more likely loops than design. */
    public static final int DEFAULT_MAX_CHAIN_DEPTH = 5;
    /** Never read more nested {@code act} objects than this from an incoming token, whatever the config says. */
    public static final int HARD_MAX_CHAIN_DEPTH = 32;

    // Compiled once: settings are read on every delegation, and String.split compiles a class pattern each call.
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[\\s,]+");

    /** Reads settings; client attributes win over realm attributes, which win over defaults. */
    public static DelegationSettings read(AttributeSource realm, AttributeSource client) {
        return read(realm, client, null);
    }

    /**
     * Reads settings with a client policy's delegation executor applying to the client (or
     * {@code null}): the policy enables delegation and its values win over the client's attributes.
     */
    public static DelegationSettings read(AttributeSource realm, AttributeSource clientAttributes, AttributeSource policy) {
        AttributeSource client = policy == null ? clientAttributes
                : name -> firstNonBlank(policy.attribute(name), clientAttributes.attribute(name));
        return new DelegationSettings(
                policy != null || Boolean.parseBoolean(client.attribute(ENABLED)),
                ImplicitActor.fromConfig(firstNonBlank(client.attribute(IMPLICIT_ACTOR), realm.attribute(IMPLICIT_ACTOR),
                        ImplicitActor.SUBJECT_CLIENT.configValue())),
                words(client.attribute(ALLOWED_ACTORS)),
                Boolean.parseBoolean(firstNonBlank(client.attribute(REQUIRE_MAY_ACT), realm.attribute(REQUIRE_MAY_ACT), "false")),
                positive(MAX_LIFETIME, firstNonBlank(client.attribute(MAX_LIFETIME), realm.attribute(MAX_LIFETIME),
                        String.valueOf(DEFAULT_MAX_LIFETIME_SECONDS)), Integer.MAX_VALUE),
                positive(MAX_CHAIN_DEPTH, firstNonBlank(client.attribute(MAX_CHAIN_DEPTH), realm.attribute(MAX_CHAIN_DEPTH),
                        String.valueOf(DEFAULT_MAX_CHAIN_DEPTH)), HARD_MAX_CHAIN_DEPTH),
                singleWord(DEFAULT_AUDIENCE, client.attribute(DEFAULT_AUDIENCE)));
    }

    public boolean actorAllowed(Actor actor) {
        return allowedActors.isEmpty() || allowedActors.contains(actor.subject());
    }

    /** Attribute lookup, so settings can be read from Keycloak models and tested without them. */
    @FunctionalInterface
    public interface AttributeSource {
        String attribute(String name);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static Set<String> words(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(WORD_SEPARATORS.split(value.trim())).collect(Collectors.toUnmodifiableSet());
    }

    private static String singleWord(String name, String value) {
        String trimmed = firstNonBlank(value);
        if (trimmed != null && trimmed.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(name + " must be one audience (a client id), got several words");
        }
        return trimmed;
    }

    private static int positive(String name, String value, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
        if (parsed < 1 || parsed > max) {
            throw new IllegalArgumentException(name + " must be between 1 and " + max + ", got " + parsed);
        }
        return parsed;
    }
}
