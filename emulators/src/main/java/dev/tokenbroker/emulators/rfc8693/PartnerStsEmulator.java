package dev.tokenbroker.emulators.rfc8693;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbusds.jose.JWSAlgorithm;
import dev.tokenbroker.emulators.http.Call;
import dev.tokenbroker.emulators.http.FormParams;
import dev.tokenbroker.emulators.http.OAuthError;
import dev.tokenbroker.emulators.http.PlatformEmulator;
import dev.tokenbroker.emulators.http.RandomStrings;
import dev.tokenbroker.emulators.http.Refusal;
import dev.tokenbroker.emulators.http.Reply;
import dev.tokenbroker.emulators.recording.Outcome;
import dev.tokenbroker.emulators.recording.RequestLog;
import dev.tokenbroker.emulators.trust.JwtValidator;
import dev.tokenbroker.emulators.trust.Rejection;
import dev.tokenbroker.emulators.trust.TokenPolicy;
import dev.tokenbroker.emulators.trust.TokenRejectedException;
import dev.tokenbroker.emulators.trust.ValidatedJwt;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A generic RFC 8693 token exchange server (a "partner STS"), {@code POST /rfc8693/token}: what the
 * Keycloak side's {@code rfc8693} upstream provider talks to when the partner is not one of the named
 * platforms.
 *
 * <p>Order of checks: form POST, no repeated parameter (except {@code audience} and {@code resource}),
 * client authentication, request syntax, target ({@code audience}, {@code resource}), scope, then the
 * subject and actor tokens. Errors are RFC 6749 §5.2 JSON:
 * <ul>
 *   <li>400 {@code invalid_request} — syntax; and, as RFC 8693 §2.2.2 prescribes, a subject or actor
 *       token that fails validation or has no {@code sub};</li>
 *   <li>400 {@code unsupported_grant_type}, {@code invalid_target}, {@code invalid_scope};</li>
 *   <li>401 {@code invalid_client} — missing or wrong client authentication (with
 *       {@code WWW-Authenticate: Basic} where Basic applies);</li>
 *   <li>503 {@code temporarily_unavailable} — the issuer's keys cannot be fetched (emulator's choice: it is
 *       not the client's fault, so a status it may retry).</li>
 * </ul>
 *
 * <p>A client assertion's {@code aud} must be this endpoint's URL, either as {@link #tokenUri()} names it
 * or as the request addressed it ({@code http://} + {@code Host} header + path): the emulator cannot know
 * the name a client reaches it by, and real servers without a fixed hostname derive it the same way.
 * Subject and actor tokens: RS256 or ES256, {@code kid} required, 60 s clock skew. Issued tokens are
 * opaque, live {@value #MAX_TOKEN_SECONDS} s at most and never outlive the subject token.
 */
public final class PartnerStsEmulator extends PlatformEmulator<PartnerStsConfig> {

    public static final String CONTEXT = "/rfc8693";
    static final String TOKEN_PATH = "/token";
    static final long MAX_TOKEN_SECONDS = 600;
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final Set<String> SECRETS = Set.of("subject_token", "actor_token", "client_secret",
            "client_assertion");

    private final JwtValidator validator;
    private final ClientAssertionVerifier assertions;
    private final ClientAuthentication clients;
    private final Map<String, IssuedPartnerToken> issued = new ConcurrentHashMap<>();

    public PartnerStsEmulator(PartnerStsConfig config, JwtValidator validator, URI serverBase, Clock clock,
                              RequestLog log) {
        super("rfc8693", config, serverBase, clock, log);
        this.validator = validator;
        this.assertions = new ClientAssertionVerifier(validator, clock);
        this.clients = new ClientAuthentication(assertions);
    }

    @Override
    public List<String> contextPaths() {
        return List.of(CONTEXT);
    }

    /** Stands for the partner's token endpoint, e.g. {@code https://partner.example/sts/token}. */
    public URI tokenUri() {
        return uriOf(CONTEXT + TOKEN_PATH);
    }

    /** The token this emulator issued under that access token string, if any. */
    public Optional<IssuedPartnerToken> issuedToken(String accessToken) {
        return Optional.ofNullable(issued.get(accessToken));
    }

    @Override
    protected void resetState() {
        issued.clear();
        assertions.forget();
    }

    @Override
    protected Reply handle(Call call) throws Refusal {
        if (!call.subPath().equals(TOKEN_PATH)) {
            return notFound(call);
        }
        if (!call.method().equals("POST")) {
            return Reply.json(405, new OAuthError("invalid_request", "Method " + call.method() + " not allowed"),
                    Outcome.rejected("invalid_request", "method " + call.method())).withHeader("Allow", "POST");
        }
        return exchange(call);
    }

    private Reply exchange(Call call) throws Refusal {
        // Checked before parsing so that a JSON body (which may hold a token) is never recorded as a parameter.
        if (!call.isForm()) {
            throw PartnerStsErrors.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
        }
        FormParams form = call.tokenRequestForm(SECRETS, "subject_token");
        form.get("client_assertion").ifPresent(call::presentedClientAssertion);
        Optional<String> repeated = form.repeated(TokenExchangeRequest.MULTI_VALUED);
        if (repeated.isPresent()) {
            throw PartnerStsErrors.invalidRequest("Parameter " + repeated.get() + " is repeated");
        }
        PartnerStsConfig current = config();
        PartnerClient client = clients.authenticate(call, form, current, endpointUrls(call));
        TokenExchangeRequest request = TokenExchangeRequest.parse(form);
        checkAudiences(request.audiences(), current);
        List<String> scopes = grantedScopes(request.scopes(), current);
        ValidatedJwt subjectToken = validate(request.subjectToken(), "subject_token", current);
        String subject = subjectToken.stringClaim("sub")
                .orElseThrow(() -> PartnerStsErrors.invalidRequest("Invalid subject_token: no sub"));
        Optional<ValidatedJwt> actorToken = request.actorToken().isPresent()
                ? Optional.of(validate(request.actorToken().get(), "actor_token", current)) : Optional.empty();
        Optional<Map<String, Object>> act = act(subjectToken, actorToken);
        return issue(client, subject, act, scopes, request, subjectToken);
    }

    /** The URLs a client assertion may name as {@code aud}; see the class comment. */
    private Set<String> endpointUrls(Call call) {
        Set<String> urls = new LinkedHashSet<>();
        urls.add(tokenUri().toString());
        call.header("Host").ifPresent(host -> urls.add("http://" + host + call.path()));
        return urls;
    }

    private static void checkAudiences(List<String> audiences, PartnerStsConfig config) throws Refusal {
        if (config.targetAudiences().isEmpty()) {
            return;
        }
        if (audiences.isEmpty()) {
            throw PartnerStsErrors.invalidTarget("audience is required: one of " + config.targetAudiences());
        }
        for (String audience : audiences) {
            if (!config.targetAudiences().contains(audience)) {
                throw PartnerStsErrors.invalidTarget("No token can be issued for audience " + audience);
            }
        }
    }

    private static List<String> grantedScopes(List<String> requested, PartnerStsConfig config) throws Refusal {
        if (requested.isEmpty()) {
            // RFC 6749 §3.3: without scope the server applies its default, here everything allowed.
            return config.allowedScopes();
        }
        if (!config.allowedScopes().isEmpty()) {
            List<String> refused = requested.stream().filter(s -> !config.allowedScopes().contains(s)).toList();
            if (!refused.isEmpty()) {
                throw PartnerStsErrors.error(400, "invalid_scope", "Scope not allowed: " + String.join(" ", refused));
            }
        }
        return requested;
    }

    /** Against the trust of the issuer the token names: the realm's, or one of {@code trustedIssuers}. */
    private ValidatedJwt validate(String token, String parameter, PartnerStsConfig config) throws Refusal {
        List<TokenPolicy> trusts = new java.util.ArrayList<>();
        trusts.add(TokenPolicy.of(config.issuer(), ALGORITHMS, config.subjectTokenAudiences()));
        config.trustedIssuers().forEach(t -> trusts.add(TokenPolicy.of(t.issuer(), ALGORITHMS, t.audiences())));
        try {
            return validator.validateAny(token, trusts, policy -> policy).jwt();
        } catch (TokenRejectedException e) {
            if (e.reason() == Rejection.ISSUER_UNREACHABLE) {
                throw PartnerStsErrors.temporarilyUnavailable("Cannot validate " + parameter + ": " + e.getMessage());
            }
            throw PartnerStsErrors.invalidRequest("Invalid " + parameter + ": " + e.getMessage() + " [" + e.reason() + "]");
        }
    }

    /**
     * RFC 8693 §4.1: the actor token's subject becomes the current actor, and whoever the subject token
     * already named as actor is nested under it as the prior one. Without an actor token the subject
     * token's {@code act} carries over.
     */
    private static Optional<Map<String, Object>> act(ValidatedJwt subjectToken, Optional<ValidatedJwt> actorToken)
            throws Refusal {
        Optional<Map<String, Object>> prior = actClaim(subjectToken);
        if (actorToken.isEmpty()) {
            return prior;
        }
        String actor = actorToken.get().stringClaim("sub")
                .orElseThrow(() -> PartnerStsErrors.invalidRequest("Invalid actor_token: no sub"));
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("sub", actor);
        prior.ifPresent(p -> act.put("act", p));
        return Optional.of(act);
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> actClaim(ValidatedJwt token) throws Refusal {
        Object act = token.claims().getClaim("act");
        if (act == null) {
            return Optional.empty();
        }
        if (!(act instanceof Map<?, ?> map)) {
            throw PartnerStsErrors.invalidRequest("Invalid subject_token: act is not a JSON object");
        }
        return Optional.of((Map<String, Object>) map);
    }

    private Reply issue(PartnerClient client, String subject, Optional<Map<String, Object>> act, List<String> scopes,
                        TokenExchangeRequest request, ValidatedJwt subjectToken) throws Refusal {
        Instant now = clock.instant();
        // The issued token never outlives the subject token it was exchanged for.
        long remaining = Duration.between(now, subjectToken.expiresAt()).getSeconds();
        long expiresIn = Math.min(MAX_TOKEN_SECONDS, remaining);
        if (expiresIn <= 0) {
            throw PartnerStsErrors.invalidRequest("Invalid subject_token: no remaining lifetime");
        }
        String scope = String.join(" ", scopes);
        String accessToken = "pst." + RandomStrings.base64Url(32);
        issued.put(accessToken, new IssuedPartnerToken(subject, act, client.clientId(), client.authMethod(), scope,
                request.audiences(), request.resources(), now.plusSeconds(expiresIn)));
        PartnerTokenResponse body = new PartnerTokenResponse(accessToken, TokenExchangeRequest.ACCESS_TOKEN_TYPE,
                "Bearer", expiresIn, scope.isEmpty() ? null : scope);
        // RFC 6749 §5.1: token responses must not be cached.
        return Reply.json(200, body, Outcome.accepted(subject + " via " + client.clientId() + " ("
                        + client.authMethod().wireName() + ")"))
                .withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    }

    @Override
    protected Reply malformedReply() {
        return new Reply(200, Reply.JSON, "{\"access_token\":\"pst.", Map.of(), Outcome.fault("malformed"));
    }

    @Override
    protected Reply notFound(Call call) {
        return Reply.json(404, new OAuthError("invalid_request", "No endpoint " + call.method() + " " + call.path()),
                Outcome.rejected("invalid_request", "not found: " + call.path()));
    }

    /** RFC 8693 §2.2.1. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PartnerTokenResponse(@JsonProperty("access_token") String accessToken,
                                @JsonProperty("issued_token_type") String issuedTokenType,
                                @JsonProperty("token_type") String tokenType,
                                @JsonProperty("expires_in") long expiresIn,
                                String scope) {
    }
}
