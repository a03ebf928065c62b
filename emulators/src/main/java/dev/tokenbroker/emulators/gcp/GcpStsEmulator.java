package dev.tokenbroker.emulators.gcp;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import dev.tokenbroker.emulators.trust.Rejection;
import dev.tokenbroker.emulators.trust.TokenPolicy;
import dev.tokenbroker.emulators.trust.TokenRejectedException;
import dev.tokenbroker.emulators.trust.ValidatedJwt;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Cloud Security Token Service ({@code /gcp-sts/v1/token}) and the IAM Service Account
 * Credentials API's {@code generateAccessToken} ({@code /gcp-iamcredentials/…}).
 *
 * <p>STS errors are RFC 6749 style with Google's messages: {@code invalid_request} (syntax),
 * {@code unsupported_grant_type}, {@code invalid_target} (unknown provider), {@code invalid_grant}
 * (token failed validation or mapping), {@code unauthorized_client} (attribute condition false), all
 * HTTP 400 as Google answers them. IAM Credentials errors are Google API errors:
 * 401 UNAUTHENTICATED, 400 INVALID_ARGUMENT, 403 PERMISSION_DENIED (also for an unknown service
 * account, as Google does not reveal existence).
 */
public final class GcpStsEmulator extends PlatformEmulator<GcpStsConfig> {

    public static final String STS_CONTEXT = "/gcp-sts";
    public static final String IAM_CREDENTIALS_CONTEXT = "/gcp-iamcredentials";
    /** Stands for {@code https://oauth2.googleapis.com}: only {@code /tokeninfo}, for "who is this token". */
    public static final String OAUTH2_CONTEXT = "/gcp-oauth2";
    static final String TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final Set<String> SUBJECT_TOKEN_TYPES = Set.of("urn:ietf:params:oauth:token-type:jwt",
            "urn:ietf:params:oauth:token-type:id_token");
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** GCP rejects tokens whose exp - iat is 48 hours or more. */
    static final Duration MAX_SUBJECT_TOKEN_LIFETIME = Duration.ofHours(48);
    static final long FEDERATED_TOKEN_SECONDS = 3599;
    static final Duration MAX_SA_TOKEN_LIFETIME = Duration.ofHours(1);
    /** Google's limit on the mapped google.subject attribute. */
    static final int MAX_SUBJECT_BYTES = 127;
    static final String DEFAULT_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    private static final Set<String> SECRETS = Set.of("subject_token");
    private static final Pattern GENERATE_ACCESS_TOKEN =
            Pattern.compile("/v1/projects/([^/]+)/serviceAccounts/([^/:]+):generateAccessToken");
    private static final Pattern LIFETIME = Pattern.compile("(\\d+)(\\.\\d{1,9})?s");
    private static final String PERMISSION_DENIED_MESSAGE =
            "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).";

    private final JwtValidator validator;
    private final Map<String, FederatedToken> federatedTokens = new ConcurrentHashMap<>();
    private final Map<String, ServiceAccountToken> serviceAccountTokens = new ConcurrentHashMap<>();

    public GcpStsEmulator(GcpStsConfig config, JwtValidator validator, URI serverBase, Clock clock, RequestLog log) {
        super("gcp-sts", config, serverBase, clock, log);
        this.validator = validator;
    }

    @Override
    public List<String> contextPaths() {
        return List.of(STS_CONTEXT, IAM_CREDENTIALS_CONTEXT, OAUTH2_CONTEXT);
    }

    /** Stands for {@code https://sts.googleapis.com/v1/token}. */
    public URI tokenUri() {
        return uriOf(STS_CONTEXT + "/v1/token");
    }

    /** Stands for {@code https://iamcredentials.googleapis.com}; append {@code /v1/projects/-/serviceAccounts/…}. */
    public URI iamCredentialsBaseUri() {
        return uriOf(IAM_CREDENTIALS_CONTEXT);
    }

    public URI generateAccessTokenUri(String serviceAccountEmail) {
        return uriOf(IAM_CREDENTIALS_CONTEXT + "/v1/projects/-/serviceAccounts/" + serviceAccountEmail
                + ":generateAccessToken");
    }

    /** Stands for {@code https://oauth2.googleapis.com/tokeninfo}. */
    public URI tokenInfoUri() {
        return uriOf(OAUTH2_CONTEXT + "/tokeninfo");
    }

    public Optional<FederatedToken> federatedToken(String accessToken) {
        return Optional.ofNullable(federatedTokens.get(accessToken));
    }

    public Optional<ServiceAccountToken> serviceAccountToken(String accessToken) {
        return Optional.ofNullable(serviceAccountTokens.get(accessToken));
    }

    @Override
    protected void resetState() {
        federatedTokens.clear();
        serviceAccountTokens.clear();
    }

    @Override
    protected Reply handle(Call call) throws Refusal {
        if (call.path().startsWith(OAUTH2_CONTEXT + "/")) {
            if (call.subPath().equals("/tokeninfo") && call.method().equals("POST")) {
                return tokenInfo(call);
            }
            return notFound(call);
        }
        if (call.path().startsWith(IAM_CREDENTIALS_CONTEXT + "/")) {
            Matcher m = GENERATE_ACCESS_TOKEN.matcher(call.subPath());
            if (m.matches() && call.method().equals("POST")) {
                return generateAccessToken(call, m.group(1), m.group(2));
            }
            return notFound(call);
        }
        if (call.subPath().equals("/v1/token") && call.method().equals("POST")) {
            return exchange(call);
        }
        return notFound(call);
    }

    // ---- STS token exchange ------------------------------------------------------------------

    private Reply exchange(Call call) throws Refusal {
        if (!call.isForm()) {
            throw stsError("invalid_request", "The request must be application/x-www-form-urlencoded.");
        }
        FormParams form = call.tokenRequestForm(SECRETS, "subject_token");
        ExchangeRequest request = ExchangeRequest.parse(form);
        WorkloadIdentityProvider provider = config().provider(request.audience()).orElseThrow(() ->
                stsError("invalid_target", "The target service indicated by the \"audience\" parameters is invalid. "
                        + "This might either be because the pool or provider is disabled or deleted or because it "
                        + "doesn't exist."));
        ValidatedJwt jwt = validate(request.subjectToken(), provider);
        String subject = jwt.stringClaim(provider.subjectClaim()).orElseThrow(() ->
                stsError("invalid_grant", "The mapped attribute 'google.subject' (assertion." + provider.subjectClaim()
                        + ") is empty or not a string."));
        if (subject.getBytes(StandardCharsets.UTF_8).length > MAX_SUBJECT_BYTES) {
            throw stsError("invalid_grant", "The size of mapped attribute google.subject exceeds the "
                    + MAX_SUBJECT_BYTES + " bytes limit.");
        }
        if (provider.condition() != null && !provider.condition().test(jwt.claims())) {
            throw stsError("unauthorized_client", "The given credential is rejected by the attribute condition.");
        }
        String accessToken = "ya29.d." + RandomStrings.base64Url(48);
        FederatedToken token = new FederatedToken(provider.principal(subject), provider.principalSetAll(),
                provider.name(), request.scopes(), clock.instant().plusSeconds(FEDERATED_TOKEN_SECONDS));
        federatedTokens.put(accessToken, token);
        return Reply.json(200, new StsTokenResponse(accessToken, ACCESS_TOKEN_TYPE, "Bearer", FEDERATED_TOKEN_SECONDS),
                Outcome.accepted(token.principal()));
    }

    private ValidatedJwt validate(String token, WorkloadIdentityProvider provider) throws Refusal {
        TokenPolicy policy = TokenPolicy.of(provider.issuer(), ALGORITHMS, provider.effectiveAudiences())
                .withMaxLifetime(MAX_SUBJECT_TOKEN_LIFETIME);
        try {
            return validator.validate(token, policy);
        } catch (TokenRejectedException e) {
            throw stsError("invalid_grant", describe(e));
        }
    }

    /** Google's wording where known (token failures are all {@code invalid_grant}). */
    private static String describe(TokenRejectedException e) {
        Rejection reason = e.reason();
        return switch (reason) {
            case WRONG_AUDIENCE -> "The audience in ID Token does not match the expected audience. " + e.getMessage();
            case WRONG_ISSUER -> "The issuer in ID Token does not match the expected issuer. " + e.getMessage();
            case EXPIRED -> "ID Token expired. " + e.getMessage();
            case ISSUED_IN_FUTURE -> "ID Token issued at a future time. " + e.getMessage();
            case LIFETIME_TOO_LONG -> "The lifetime of the ID Token must be less than 48 hours. " + e.getMessage();
            case BAD_SIGNATURE, UNKNOWN_KID, KEY_MISMATCH, MISSING_KID ->
                    "Invalid ID Token: the signature cannot be verified. " + e.getMessage();
            case ISSUER_UNREACHABLE -> "Unable to fetch the issuer's JWKS. " + e.getMessage();
            default -> "Invalid ID Token. " + e.getMessage();
        };
    }

    private static Refusal stsError(String error, String description) {
        return new Refusal(Reply.json(400, new OAuthError(error, description), Outcome.rejected(error, description)));
    }

    record StsTokenResponse(@JsonProperty("access_token") String accessToken,
                            @JsonProperty("issued_token_type") String issuedTokenType,
                            @JsonProperty("token_type") String tokenType,
                            @JsonProperty("expires_in") long expiresIn) {
    }

    /** Syntax of an STS request, parameter by parameter. */
    record ExchangeRequest(String audience, String subjectToken, List<String> scopes) {

        static ExchangeRequest parse(FormParams form) throws Refusal {
            Optional<String> repeated = form.repeated();
            if (repeated.isPresent()) {
                throw stsError("invalid_request", "Parameter \"" + repeated.get() + "\" is repeated.");
            }
            String grantType = form.get("grant_type").orElseThrow(() -> invalidValue("grant_type"));
            if (!grantType.equals(TOKEN_EXCHANGE_GRANT)) {
                throw stsError("unsupported_grant_type", "Invalid value for \"grant_type\". Valid value is "
                        + TOKEN_EXCHANGE_GRANT + ".");
            }
            String audience = form.get("audience").orElseThrow(() -> invalidValue("audience"));
            if (!WorkloadIdentityProvider.isProviderName(audience)) {
                throw invalidValue("audience");
            }
            String requestedType = form.get("requested_token_type").orElseThrow(() -> invalidValue("requested_token_type"));
            if (!requestedType.equals(ACCESS_TOKEN_TYPE)) {
                throw invalidValue("requested_token_type");
            }
            String subjectTokenType = form.get("subject_token_type").orElseThrow(() -> invalidValue("subject_token_type"));
            if (!SUBJECT_TOKEN_TYPES.contains(subjectTokenType)) {
                throw invalidValue("subject_token_type");
            }
            String subjectToken = form.get("subject_token").orElseThrow(() -> invalidValue("subject_token"));
            List<String> scopes = Arrays.stream(form.get("scope").orElse(DEFAULT_SCOPE).trim().split("\\s+")).toList();
            return new ExchangeRequest(audience, subjectToken, scopes);
        }

        private static Refusal invalidValue(String parameter) {
            return stsError("invalid_request", "Invalid value for \"" + parameter + "\".");
        }
    }

    // ---- IAM Credentials generateAccessToken -------------------------------------------------

    private Reply generateAccessToken(Call call, String project, String email) throws Refusal {
        Optional<String> bearer = call.bearerToken();
        bearer.ifPresent(call::presented);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("serviceAccount", email);
        call.params(params);
        FederatedToken federated = bearer.map(federatedTokens::get)
                .filter(t -> clock.instant().isBefore(t.expiresAt()))
                .orElseThrow(() -> googleError(401, "Request had invalid authentication credentials. Expected OAuth 2 "
                        + "access token, login cookie or other valid authentication credential. See "
                        + "https://developers.google.com/identity/sign-in/web/devconsole-project.", "UNAUTHENTICATED"));
        if (!project.equals("-")) {
            throw invalidArgument("The project must be the '-' wildcard.");
        }
        JsonNode body = Json.readObject(call.body()).orElseThrow(() -> invalidArgument("Invalid JSON payload received."));
        List<String> scopes = scopes(body);
        Duration lifetime = lifetime(body);
        params.put("scope", String.join(" ", scopes));
        params.put("lifetime", lifetime.getSeconds() + "s");
        call.params(params);
        ServiceAccount account = config().serviceAccount(email)
                .filter(sa -> sa.allows(federated.principal(), federated.principalSetOfPool()))
                .orElseThrow(() -> googleError(403, PERMISSION_DENIED_MESSAGE, "PERMISSION_DENIED"));
        Instant expiresAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(lifetime);
        String accessToken = "ya29.c." + RandomStrings.base64Url(96);
        serviceAccountTokens.put(accessToken, new ServiceAccountToken(account.email(), federated.principal(), scopes,
                expiresAt));
        return Reply.json(200, new GenerateAccessTokenResponse(accessToken, DateTimeFormatter.ISO_INSTANT.format(expiresAt)),
                Outcome.accepted(federated.principal() + " as " + account.email()));
    }

    // ---- OAuth2 tokeninfo -----------------------------------------------------------------------

    /**
     * Google's tokeninfo for an access token this emulator issued to a service account: the account's
     * e-mail, scopes and remaining life, as strings like Google sends them. Only the form (POST) is
     * served, so the token never sits in a URL. Unknown or expired: 400 {@code invalid_token}
     * "Invalid Value", as Google answers.
     */
    private Reply tokenInfo(Call call) throws Refusal {
        String token = call.isForm() ? call.tokenRequestForm(Set.of("access_token"), "access_token")
                .get("access_token").orElse("") : "";
        ServiceAccountToken issued = serviceAccountTokens.get(token);
        if (issued == null || !clock.instant().isBefore(issued.expiresAt())) {
            throw new Refusal(Reply.json(400, new OAuthError("invalid_token", "Invalid Value"),
                    Outcome.rejected("invalid_token", token.isEmpty() ? "no access_token" : "unknown or expired token")));
        }
        long expiresIn = Duration.between(clock.instant(), issued.expiresAt()).getSeconds();
        Map<String, String> info = new LinkedHashMap<>();
        info.put("azp", issued.serviceAccount());
        info.put("aud", issued.serviceAccount());
        info.put("scope", String.join(" ", issued.scopes()));
        info.put("exp", Long.toString(issued.expiresAt().getEpochSecond()));
        info.put("expires_in", Long.toString(expiresIn));
        info.put("email", issued.serviceAccount());
        info.put("email_verified", "true");
        info.put("access_type", "online");
        return Reply.json(200, info, Outcome.accepted(issued.principal() + " as " + issued.serviceAccount()));
    }

    private static List<String> scopes(JsonNode body) throws Refusal {
        JsonNode scope = body.get("scope");
        if (scope == null || !scope.isArray() || scope.isEmpty()) {
            throw invalidArgument("Scope required.");
        }
        List<String> scopes = new ArrayList<>();
        for (JsonNode s : scope) {
            if (!s.isTextual() || s.asText().isBlank()) {
                throw invalidArgument("Invalid value at 'scope'.");
            }
            scopes.add(s.asText());
        }
        return scopes;
    }

    private static Duration lifetime(JsonNode body) throws Refusal {
        JsonNode lifetime = body.get("lifetime");
        if (lifetime == null) {
            return MAX_SA_TOKEN_LIFETIME;
        }
        Matcher m = lifetime.isTextual() ? LIFETIME.matcher(lifetime.asText()) : null;
        if (m == null || !m.matches()) {
            throw invalidArgument("Invalid value at 'lifetime' (type.googleapis.com/google.protobuf.Duration), "
                    + "Field 'lifetime', Illegal duration format; duration must end with 's'");
        }
        BigDecimal seconds = new BigDecimal(lifetime.asText().substring(0, lifetime.asText().length() - 1));
        if (seconds.signum() <= 0 || seconds.compareTo(BigDecimal.valueOf(MAX_SA_TOKEN_LIFETIME.getSeconds())) > 0) {
            throw invalidArgument("The lifetime must be between 1s and " + MAX_SA_TOKEN_LIFETIME.getSeconds()
                    + "s (org policy constraints/iam.allowServiceAccountCredentialLifetimeExtension not set).");
        }
        return Duration.ofMillis(seconds.movePointRight(3).longValue());
    }

    private static Refusal invalidArgument(String message) {
        return googleError(400, message, "INVALID_ARGUMENT");
    }

    private static Refusal googleError(int code, String message, String status) {
        return new Refusal(Reply.json(code, GoogleApiError.of(code, message, status), Outcome.rejected(status, message)));
    }

    record GenerateAccessTokenResponse(String accessToken, String expireTime) {
    }

    @Override
    protected Reply malformedReply() {
        return new Reply(200, Reply.JSON, "{\"access_token\":\"ya29.d.", Map.of(), Outcome.fault("malformed"));
    }

    @Override
    protected Reply notFound(Call call) {
        return Reply.json(404, GoogleApiError.of(404, "The requested URL " + call.path() + " was not found on this server.",
                "NOT_FOUND"), Outcome.rejected("NOT_FOUND", call.path()));
    }
}
