package dev.tokenbroker.emulators.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.tokenbroker.emulators.http.Call;
import dev.tokenbroker.emulators.http.Json;
import dev.tokenbroker.emulators.http.PlatformEmulator;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Snowflake External OAuth as seen through the SQL API: there is no exchange endpoint, the realm's JWT
 * itself is the bearer of {@code POST /api/v2/statements}.
 *
 * <p>Error codes come from community sources and driver logs, not from Snowflake documentation:
 * 401 {@code 390303} "Invalid OAuth access token" (any validation or user-mapping failure),
 * 401 {@code 390318} "OAuth access token expired", 401 {@code 390144} "JWT token is invalid" (token
 * type KEYPAIR_JWT), 403 {@code 390189} for a role that is not granted, blocked, not allowed or not
 * selectable. 400 {@code 390400} for a missing body/statement and 422 {@code 001003} for SQL the
 * emulator does not run are the emulator's choices. Signatures: RS256 only; 60 s clock skew.
 */
public final class SnowflakeEmulator extends PlatformEmulator<SnowflakeConfig> {

    public static final String CONTEXT = "/snowflake";
    static final String STATEMENTS_PATH = "/api/v2/statements";
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256);
    static final String ROLE_SCOPE_PREFIX = "session:role:";
    static final String ROLE_ANY_SCOPE = "session:role-any";
    static final String TOKEN_TYPE_HEADER = "X-Snowflake-Authorization-Token-Type";

    private final JwtValidator validator;

    public SnowflakeEmulator(SnowflakeConfig config, JwtValidator validator, URI serverBase, Clock clock,
                             RequestLog log) {
        super("snowflake", config, serverBase, clock, log);
        this.validator = validator;
    }

    @Override
    public List<String> contextPaths() {
        return List.of(CONTEXT);
    }

    /** Stands for {@code https://<account>.snowflakecomputing.com/api/v2/statements}. */
    public URI statementsUri() {
        return uriOf(CONTEXT + STATEMENTS_PATH);
    }

    @Override
    protected Reply handle(Call call) throws Refusal {
        if (!call.subPath().equals(STATEMENTS_PATH) || !call.method().equals("POST")) {
            return notFound(call);
        }
        return executeStatement(call);
    }

    private Reply executeStatement(Call call) throws Refusal {
        Optional<String> bearer = call.bearerToken();
        bearer.ifPresent(call::presented);
        Map<String, String> params = new LinkedHashMap<>();
        call.header(TOKEN_TYPE_HEADER).ifPresent(t -> params.put(TOKEN_TYPE_HEADER, t));
        call.params(params);
        String token = bearer.orElseThrow(() -> error(401, "390303", "Invalid OAuth access token. "
                + "[no Authorization: Bearer header]"));
        String tokenType = call.header(TOKEN_TYPE_HEADER).orElse("OAUTH");
        if (tokenType.equalsIgnoreCase("KEYPAIR_JWT")) {
            throw error(401, "390144", "JWT token is invalid. [" + UUID.randomUUID() + "]");
        }
        if (!tokenType.equalsIgnoreCase("OAUTH")) {
            throw error(401, "390303", "Invalid OAuth access token. [unsupported token type " + tokenType + "]");
        }
        SnowflakeConfig current = config();
        ValidatedJwt jwt = validate(token, current);
        List<String> scopes = scopes(jwt, current);
        String mapped = jwt.stringClaim(current.userMappingClaim()).orElseThrow(() ->
                invalidToken("no string claim " + current.userMappingClaim() + " to map to a user"));
        SnowflakeUser user = current.user(mapped).orElseThrow(() ->
                invalidToken("no user with " + current.userMappingAttribute() + " matching claim "
                        + current.userMappingClaim()));
        String role = role(scopes, user, current);
        SnowflakeSession session = new SnowflakeSession(user, role);

        JsonNode body = Json.readObject(call.body()).orElseThrow(() ->
                error(400, "390400", "Request body must be a JSON object with a statement."));
        JsonNode statement = body.get("statement");
        if (statement == null || !statement.isTextual() || statement.asText().isBlank()) {
            throw error(400, "390400", "Request body must be a JSON object with a statement.");
        }
        params.put("statement", statement.asText());
        call.params(params);
        String handle = UUID.randomUUID().toString();
        String requestId = requestId(call);
        String statusUrl = "/api/v2/statements/" + handle + "?requestId=" + requestId;
        SessionFunctions functions = SessionFunctions.parse(statement.asText()).orElseThrow(() ->
                new Refusal(Reply.json(422, new SnowflakeError("001003", "SQL compilation error:\n"
                                + "the emulator runs only SELECT of CURRENT_USER(), CURRENT_ROLE(), "
                                + "CURRENT_AVAILABLE_ROLES()", "42000", handle, statusUrl),
                        Outcome.rejected("001003", "unsupported statement"))));
        List<String> row = functions.evaluate(session);
        StatementResult result = new StatementResult(
                new StatementResult.ResultSetMetaData(1, "jsonv2",
                        List.of(new StatementResult.PartitionInfo(1, row.toString().length())),
                        functions.columns().stream().map(StatementResult.RowType::text).toList()),
                List.of(row), "090001", statusUrl, requestId, "00000", handle,
                "Statement executed successfully.", clock.millis());
        return Reply.json(200, result, Outcome.accepted("user " + user.loginName() + " role " + role));
    }

    private ValidatedJwt validate(String token, SnowflakeConfig current) throws Refusal {
        try {
            return validator.validate(token, TokenPolicy.of(current.issuer(), ALGORITHMS, current.audiences()));
        } catch (TokenRejectedException e) {
            if (e.reason() == Rejection.EXPIRED) {
                throw error(401, "390318", "OAuth access token expired. [" + e.getMessage() + "]");
            }
            throw invalidToken(e.getMessage());
        }
    }

    /**
     * The claim named by the integration's scope mapping attribute ({@code scp} or {@code scope}); no other
     * claim is consulted. Its value may be a JSON array of strings (as {@code scp} is minted) or a
     * space-delimited string (as {@code scope} is).
     */
    private static List<String> scopes(ValidatedJwt jwt, SnowflakeConfig current) throws Refusal {
        Object claim = jwt.claims().getClaim(current.scopeMappingAttribute());
        if (claim instanceof String s && !s.isBlank()) {
            return Arrays.asList(s.trim().split("\\s+"));
        }
        if (claim instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw invalidToken("no " + current.scopeMappingAttribute() + " claim");
    }

    /** Picks the session role: the first {@code session:role:<R>}, else {@code session:role-any} if enabled. */
    private static String role(List<String> scopes, SnowflakeUser user, SnowflakeConfig current) throws Refusal {
        Optional<String> requested = scopes.stream().filter(s -> s.startsWith(ROLE_SCOPE_PREFIX))
                .map(s -> s.substring(ROLE_SCOPE_PREFIX.length()).toUpperCase(Locale.ROOT)).findFirst();
        if (requested.isPresent()) {
            String role = requested.get();
            if (!user.isGranted(role) || !current.isUsable(role)) {
                throw roleRefused(role);
            }
            return role;
        }
        if (scopes.contains(ROLE_ANY_SCOPE)) {
            if (current.anyRoleMode() != AnyRoleMode.ENABLE) {
                throw error(403, "390189", "session:role-any requires EXTERNAL_OAUTH_ANY_ROLE_MODE = ENABLE.");
            }
            if (!current.isUsable(user.defaultRole())) {
                throw roleRefused(user.defaultRole());
            }
            return user.defaultRole();
        }
        throw error(403, "390189", "No role requested: the token's scope has no " + ROLE_SCOPE_PREFIX + "<ROLE>.");
    }

    private static String requestId(Call call) {
        String query = call.query();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("requestId=") && pair.length() > "requestId=".length()) {
                    return pair.substring("requestId=".length());
                }
            }
        }
        return UUID.randomUUID().toString();
    }

    private static Refusal roleRefused(String role) {
        return error(403, "390189", "Role '" + role + "' specified in the connect string does not exist or not "
                + "authorized. Contact your local system administrator, or attempt to login with another role, "
                + "e.g. PUBLIC.");
    }

    private static Refusal invalidToken(String reason) {
        return error(401, "390303", "Invalid OAuth access token. [" + reason + "]");
    }

    private static Refusal error(int status, String code, String message) {
        return new Refusal(Reply.json(status, SnowflakeError.of(code, message), Outcome.rejected(code, message)));
    }

    @Override
    protected Reply malformedReply() {
        return new Reply(200, Reply.JSON, "{\"resultSetMetaData\":{\"numRows\":1,\"format\":\"jsonv2\"", Map.of(),
                Outcome.fault("malformed"));
    }

    @Override
    protected Reply notFound(Call call) {
        return Reply.json(404, SnowflakeError.of("390404", "Not found: " + call.method() + " " + call.path()),
                Outcome.rejected("390404", call.path()));
    }
}
