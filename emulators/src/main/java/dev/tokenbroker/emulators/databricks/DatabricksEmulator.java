package dev.tokenbroker.emulators.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.tokenbroker.emulators.http.Call;
import dev.tokenbroker.emulators.http.FormParams;
import dev.tokenbroker.emulators.http.Json;
import dev.tokenbroker.emulators.http.OAuthError;
import dev.tokenbroker.emulators.http.PlatformEmulator;
import dev.tokenbroker.emulators.http.RandomStrings;
import dev.tokenbroker.emulators.http.Refusal;
import dev.tokenbroker.emulators.http.Reply;
import dev.tokenbroker.emulators.recording.Outcome;
import dev.tokenbroker.emulators.recording.RequestLog;
import dev.tokenbroker.emulators.trust.JwtValidator;
import dev.tokenbroker.emulators.trust.TokenPolicy;
import dev.tokenbroker.emulators.trust.TokenRejectedException;
import dev.tokenbroker.emulators.trust.ValidatedJwt;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Databricks OAuth token federation: the workspace ({@code /oidc/v1/token}) and account
 * ({@code /oidc/accounts/<id>/v1/token}) exchange endpoints, plus SCIM {@code /Me} to show whom an
 * issued token acts as.
 *
 * <p>Databricks does not document its error codes for these endpoints. This emulator answers:
 * <ul>
 *   <li>400 {@code invalid_request} — a missing, repeated or wrongly typed parameter, or not a form POST;</li>
 *   <li>400 {@code unsupported_grant_type} — any grant other than token exchange;</li>
 *   <li>400 {@code invalid_scope} — a scope other than {@code all-apis} / {@code sql};</li>
 *   <li>401 {@code invalid_client} with "Invalid credentials: …" — the federated token failed
 *       validation, its subject is not a provisioned user, or no service principal policy matches
 *       (a 401 "Invalid credentials" is what a driver log shows);</li>
 *   <li>404 {@code invalid_request} — an unknown account id in the account path.</li>
 * </ul>
 * Accepted signatures are RS256 and ES256, with 60 s clock skew.
 */
public final class DatabricksEmulator extends PlatformEmulator<DatabricksConfig> {

    public static final String CONTEXT = "/databricks";
    static final String TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    static final Set<String> SCOPES = Set.of("all-apis", "sql");
    static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(1);
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final Set<String> SECRETS = Set.of("subject_token", "client_secret");
    private static final Pattern ACCOUNT_TOKEN_PATH = Pattern.compile("/oidc/accounts/([^/]+)/v1/token");
    private static final String WORKSPACE_TOKEN_PATH = "/oidc/v1/token";
    private static final String SCIM_ME_PATH = "/api/2.0/preview/scim/v2/Me";
    private static final String STATEMENTS_PATH = "/api/2.0/sql/statements";
    private static final Pattern CURRENT_USER = Pattern.compile(
            "\\s*select\\s+current_user\\(\\)(\\s+as\\s+(\\w+))?\\s*;?\\s*", Pattern.CASE_INSENSITIVE);

    private final JwtValidator validator;
    private final Map<String, IssuedDatabricksToken> issued = new ConcurrentHashMap<>();

    public DatabricksEmulator(DatabricksConfig config, JwtValidator validator, URI serverBase, Clock clock,
                              RequestLog log) {
        super("databricks", config, serverBase, clock, log);
        this.validator = validator;
    }

    @Override
    public List<String> contextPaths() {
        return List.of(CONTEXT);
    }

    public URI workspaceTokenUri() {
        return uriOf(CONTEXT + WORKSPACE_TOKEN_PATH);
    }

    public URI accountTokenUri() {
        return uriOf(CONTEXT + "/oidc/accounts/" + config().accountId() + "/v1/token");
    }

    /** Stands for {@code https://<workspace>/api/2.0/sql/statements} (Statement Execution API). */
    public URI statementsUri() {
        return uriOf(CONTEXT + STATEMENTS_PATH);
    }

    public URI scimMeUri() {
        return uriOf(CONTEXT + SCIM_ME_PATH);
    }

    /** The token this emulator issued under that access token string, if any. */
    public Optional<IssuedDatabricksToken> issuedToken(String accessToken) {
        return Optional.ofNullable(issued.get(accessToken));
    }

    @Override
    protected void resetState() {
        issued.clear();
    }

    @Override
    protected Reply handle(Call call) throws Refusal {
        if (call.subPath().equals(WORKSPACE_TOKEN_PATH)) {
            return exchange(call, Optional.empty());
        }
        Matcher account = ACCOUNT_TOKEN_PATH.matcher(call.subPath());
        if (account.matches()) {
            return exchange(call, Optional.of(account.group(1)));
        }
        if (call.subPath().equals(SCIM_ME_PATH)) {
            return me(call);
        }
        if (call.subPath().equals(STATEMENTS_PATH) && call.method().equals("POST")) {
            return statement(call);
        }
        return notFound(call);
    }

    private Reply exchange(Call call, Optional<String> accountInPath) throws Refusal {
        if (!call.method().equals("POST")) {
            throw oauthError(405, "invalid_request", "Method " + call.method() + " not allowed");
        }
        // Checked before parsing so that a JSON body (which may hold a token) is never recorded as a parameter.
        if (!call.isForm()) {
            throw oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        }
        FormParams form = call.tokenRequestForm(SECRETS, "subject_token");
        DatabricksConfig current = config();
        if (accountInPath.isPresent() && !accountInPath.get().equals(current.accountId())) {
            throw oauthError(404, "invalid_request", "Account " + accountInPath.get() + " not found");
        }
        TokenExchangeRequest request = TokenExchangeRequest.parse(form);
        ValidatedJwt jwt;
        DatabricksPrincipal principal;
        if (request.clientId().isPresent()) {
            ServicePrincipalPolicy policy = current.servicePrincipal(request.clientId().get())
                    .orElseThrow(() -> invalidCredentials("no federation policy for service principal "
                            + request.clientId().get()));
            jwt = validate(request.subjectToken(), policy.oidc(), current.accountId());
            String subject = subjectOf(jwt, policy.oidc());
            if (!subject.equals(policy.subject())) {
                throw invalidCredentials("subject '" + subject + "' does not match the service principal policy");
            }
            principal = new DatabricksPrincipal(policy.applicationId(), true);
        } else {
            jwt = validate(request.subjectToken(), current.accountPolicy(), current.accountId());
            String userName = subjectOf(jwt, current.accountPolicy());
            if (!current.isProvisioned(userName)) {
                throw invalidCredentials("user '" + userName + "' is not provisioned in the account");
            }
            principal = new DatabricksPrincipal(userName, false);
        }
        return issue(principal, jwt, request.scope());
    }

    private ValidatedJwt validate(String token, FederationPolicy policy, String accountId) throws Refusal {
        try {
            return validator.validate(token,
                    TokenPolicy.of(policy.issuer(), ALGORITHMS, policy.effectiveAudiences(accountId)));
        } catch (TokenRejectedException e) {
            throw invalidCredentials(e.getMessage() + " [" + e.reason() + "]");
        }
    }

    private String subjectOf(ValidatedJwt jwt, FederationPolicy policy) throws Refusal {
        return jwt.stringClaim(policy.subjectClaim())
                .orElseThrow(() -> invalidCredentials("token has no string claim '" + policy.subjectClaim() + "'"));
    }

    private Reply issue(DatabricksPrincipal principal, ValidatedJwt jwt, String scope) throws Refusal {
        Instant now = clock.instant();
        // The Databricks token never outlives the federated token it was exchanged for.
        long remaining = Duration.between(now, jwt.expiresAt()).getSeconds();
        long expiresIn = Math.min(MAX_TOKEN_LIFETIME.getSeconds(), remaining);
        if (expiresIn <= 0) {
            throw invalidCredentials("federated token has no remaining lifetime");
        }
        String accessToken = "dbxo." + RandomStrings.base64Url(32);
        issued.put(accessToken, new IssuedDatabricksToken(principal, scope, now.plusSeconds(expiresIn),
                jwt.claims().getSubject()));
        return Reply.json(200, new DatabricksTokenResponse(accessToken, "Bearer", expiresIn, scope),
                Outcome.accepted((principal.servicePrincipal() ? "service principal " : "user ") + principal.userName()));
    }

    private Reply me(Call call) throws Refusal {
        if (!call.method().equals("GET")) {
            return notFound(call);
        }
        IssuedDatabricksToken token = authenticated(call);
        return Reply.json(200, ScimMe.of(token.principal()), Outcome.accepted(token.principal().userName()));
    }

    /** The workspace API's bearer check: a token this emulator issued and that has not expired. */
    private IssuedDatabricksToken authenticated(Call call) throws Refusal {
        Optional<String> bearer = call.bearerToken();
        bearer.ifPresent(call::presented);
        IssuedDatabricksToken token = bearer.map(issued::get).orElse(null);
        if (token == null) {
            throw new Refusal(Reply.json(401, new DatabricksApiError("401",
                            "Credential was not sent or was of an unsupported type for this API."),
                    Outcome.rejected("401", bearer.isPresent() ? "unknown access token" : "no bearer token")));
        }
        if (!clock.instant().isBefore(token.expiresAt())) {
            throw new Refusal(Reply.json(401, new DatabricksApiError("401", "Token is expired."),
                    Outcome.rejected("401", "access token expired")));
        }
        return token;
    }

    /**
     * Statement Execution API, synchronously: only {@code SELECT current_user()} runs, answering the
     * user the token belongs to (what the workspace sees). Other SQL is a {@code FAILED} statement
     * (HTTP 200, as Databricks reports SQL errors), with the emulator's code {@code NOT_IMPLEMENTED}.
     */
    private Reply statement(Call call) throws Refusal {
        IssuedDatabricksToken token = authenticated(call);
        JsonNode body = Json.readObject(call.body()).orElseThrow(() -> new Refusal(Reply.json(400,
                new DatabricksApiError("MALFORMED_REQUEST", "Request body must be a JSON object."),
                Outcome.rejected("MALFORMED_REQUEST", "not a JSON object"))));
        String statement = body.path("statement").asText("");
        String warehouse = body.path("warehouse_id").asText("");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("statement", statement);
        params.put("warehouse_id", warehouse);
        call.params(params);
        if (statement.isBlank() || warehouse.isBlank()) {
            throw new Refusal(Reply.json(400, new DatabricksApiError("INVALID_PARAMETER_VALUE",
                    (statement.isBlank() ? "statement" : "warehouse_id") + " is required"),
                    Outcome.rejected("INVALID_PARAMETER_VALUE", "missing parameter")));
        }
        String id = UUID.randomUUID().toString();
        Matcher currentUser = CURRENT_USER.matcher(statement);
        if (!currentUser.matches()) {
            return Reply.json(200, Map.of("statement_id", id, "status", Map.of("state", "FAILED", "error",
                            Map.of("error_code", "NOT_IMPLEMENTED",
                                    "message", "the emulator runs only SELECT current_user()"))),
                    Outcome.rejected("NOT_IMPLEMENTED", "unsupported statement"));
        }
        String column = currentUser.group(2) != null ? currentUser.group(2) : "current_user()";
        String user = token.principal().userName();
        Map<String, Object> manifest = Map.of("format", "JSON_ARRAY", "total_row_count", 1, "total_chunk_count", 1,
                "schema", Map.of("column_count", 1, "columns", List.of(
                        Map.of("name", column, "type_text", "STRING", "type_name", "STRING", "position", 0))));
        Map<String, Object> result = Map.of("chunk_index", 0, "row_offset", 0, "row_count", 1,
                "data_array", List.of(List.of(user)));
        return Reply.json(200, Map.of("statement_id", id, "status", Map.of("state", "SUCCEEDED"),
                "manifest", manifest, "result", result), Outcome.accepted(user));
    }

    @Override
    protected Reply malformedReply() {
        return new Reply(200, Reply.JSON, "{\"access_token\":\"dbxo.", Map.of(), Outcome.fault("malformed"));
    }

    @Override
    protected Reply notFound(Call call) {
        return Reply.json(404, new DatabricksApiError("ENDPOINT_NOT_FOUND", "No API found for '"
                + call.method() + " " + call.path() + "'"), Outcome.rejected("ENDPOINT_NOT_FOUND", call.path()));
    }

    static Refusal oauthError(int status, String error, String description) {
        return new Refusal(Reply.json(status, new OAuthError(error, description), Outcome.rejected(error, description)));
    }

    private static Refusal invalidCredentials(String reason) {
        return oauthError(401, "invalid_client", "Invalid credentials: " + reason);
    }

    /**
     * The syntax of an exchange request, checked parameter by parameter in RFC 8693 §2.1 order; each
     * failure names the parameter.
     */
    record TokenExchangeRequest(String subjectToken, String scope, Optional<String> clientId) {

        static TokenExchangeRequest parse(FormParams form) throws Refusal {
            Optional<String> repeated = form.repeated();
            if (repeated.isPresent()) {
                throw oauthError(400, "invalid_request", "Parameter " + repeated.get() + " is repeated");
            }
            // grant_type (REQUIRED)
            String grantType = form.get("grant_type")
                    .orElseThrow(() -> oauthError(400, "invalid_request", "Missing grant_type"));
            if (!grantType.equals(TOKEN_EXCHANGE_GRANT)) {
                throw oauthError(400, "unsupported_grant_type", "Unsupported grant_type " + grantType);
            }
            // subject_token (REQUIRED)
            String subjectToken = form.get("subject_token")
                    .orElseThrow(() -> oauthError(400, "invalid_request", "Missing subject_token"));
            // subject_token_type (REQUIRED)
            String subjectTokenType = form.get("subject_token_type")
                    .orElseThrow(() -> oauthError(400, "invalid_request", "Missing subject_token_type"));
            if (!subjectTokenType.equals(JWT_TOKEN_TYPE)) {
                throw oauthError(400, "invalid_request", "Unsupported subject_token_type " + subjectTokenType);
            }
            // scope: Databricks requires it and knows only all-apis and sql.
            String scope = form.get("scope").orElseThrow(() -> oauthError(400, "invalid_request", "Missing scope"));
            List<String> unknown = Arrays.stream(scope.trim().split("\\s+")).filter(s -> !SCOPES.contains(s)).toList();
            if (!unknown.isEmpty()) {
                throw oauthError(400, "invalid_scope", "Unsupported scope " + String.join(" ", unknown));
            }
            return new TokenExchangeRequest(subjectToken, scope.trim(), form.get("client_id"));
        }
    }
}
