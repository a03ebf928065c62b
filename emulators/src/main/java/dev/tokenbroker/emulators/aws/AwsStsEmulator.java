package dev.tokenbroker.emulators.aws;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tokenbroker.emulators.http.Call;
import dev.tokenbroker.emulators.http.FormParams;
import dev.tokenbroker.emulators.http.Json;
import dev.tokenbroker.emulators.http.PlatformEmulator;
import dev.tokenbroker.emulators.http.RandomStrings;
import dev.tokenbroker.emulators.http.Refusal;
import dev.tokenbroker.emulators.http.Reply;
import dev.tokenbroker.emulators.recording.Outcome;
import dev.tokenbroker.emulators.recording.PresentedToken;
import dev.tokenbroker.emulators.recording.RequestLog;
import dev.tokenbroker.emulators.trust.JwtValidator;
import dev.tokenbroker.emulators.trust.Rejection;
import dev.tokenbroker.emulators.trust.TokenPolicy;
import dev.tokenbroker.emulators.trust.TokenRejectedException;
import dev.tokenbroker.emulators.trust.ValidatedJwt;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * AWS STS {@code AssumeRoleWithWebIdentity} (Query API, form POST, XML answers; no SigV4 needed).
 *
 * <p>Checks, in order: action and version; parameter constraints (ValidationError); policy JSON; the
 * token's issuer has an IAM OIDC provider; the token (RS256 only, {@code aud} in the provider's client
 * IDs, 5 minutes of clock skew both ways); {@code sub} present (IDPRejectedClaim); the role exists and
 * its trust conditions on {@code aud} / {@code sub} hold (AccessDenied, 403, which AWS also answers for
 * a role that does not exist); DurationSeconds within the role's maximum; session tags allowed by
 * {@code sts:TagSession} (AccessDenied) and within IAM limits.
 */
public final class AwsStsEmulator extends PlatformEmulator<AwsStsConfig> {

    public static final String CONTEXT = "/aws-sts";
    /** AWS tolerates five minutes of clock difference, in both directions. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256);
    static final String SOURCE_IDENTITY_CLAIM = "https://aws.amazon.com/source_identity";
    /** Rough stand-in for AWS' compressed packed-policy budget; only the percentage is observable. */
    static final int PACKED_POLICY_BUDGET = 4096;
    private static final Set<String> SECRETS = Set.of("WebIdentityToken");
    private static final Pattern SOURCE_IDENTITY = Pattern.compile("[\\w+=,.@-]{2,64}");

    private final JwtValidator validator;
    private final Map<String, AwsSession> sessions = new ConcurrentHashMap<>();

    public AwsStsEmulator(AwsStsConfig config, JwtValidator validator, URI serverBase, Clock clock, RequestLog log) {
        super("aws-sts", config, serverBase, clock, log);
        this.validator = validator;
    }

    @Override
    public List<String> contextPaths() {
        return List.of(CONTEXT);
    }

    /** The STS endpoint to configure as {@code https://sts.<region>.amazonaws.com/}. */
    public URI endpoint() {
        return uriOf(CONTEXT + "/");
    }

    /** Who the credentials with this access key id were issued to. */
    public Optional<AwsSession> session(String accessKeyId) {
        return Optional.ofNullable(sessions.get(accessKeyId));
    }

    public List<AwsSession> sessions() {
        return List.copyOf(sessions.values());
    }

    @Override
    protected void resetState() {
        sessions.clear();
    }

    @Override
    protected Reply handle(Call call) throws Refusal {
        if (!call.subPath().equals("/")) {
            return notFound(call);
        }
        if (!call.method().equals("POST") || !call.isForm()) {
            throw StsError.INVALID_ACTION.refusal("The emulator answers only form-encoded POST requests");
        }
        FormParams form = call.tokenRequestForm(SECRETS, "WebIdentityToken");
        return assumeRole(AssumeRoleWithWebIdentityRequest.parse(form));
    }

    private Reply assumeRole(AssumeRoleWithWebIdentityRequest request) throws Refusal {
        AwsStsConfig current = config();
        if (request.policy().isPresent() && Json.readObject(request.policy().get()).isEmpty()) {
            throw StsError.MALFORMED_POLICY_DOCUMENT.refusal("The policy is not in the valid JSON format.");
        }
        ValidatedJwt jwt = validate(request.webIdentityToken(), current.provider());
        String subject = jwt.stringClaim("sub").orElseThrow(() ->
                StsError.IDP_REJECTED_CLAIM.refusal("The web identity token has no sub claim"));
        String audience = jwt.audiences().stream().filter(current.provider().clientIds()::contains).findFirst()
                .orElseThrow();
        AwsRole role = current.role(request.roleArn())
                .filter(r -> r.accountId().equals(current.accountId()))
                .orElseThrow(AwsStsEmulator::notAuthorized);
        checkTrust(role, jwt, subject);
        int duration = request.durationSeconds().orElse(AwsRole.DEFAULT_MAX_SESSION_DURATION);
        if (duration > role.maxSessionDurationSeconds()) {
            throw StsError.VALIDATION_ERROR.refusal(
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        SessionTags tags = sessionTags(role, jwt);
        String sourceIdentity = sourceIdentity(jwt);
        int packedPolicySize = packedPolicySize(request.policy(), tags);
        return issue(current, role, request, jwt, subject, audience, tags, sourceIdentity, duration, packedPolicySize);
    }

    private ValidatedJwt validate(String token, OidcProvider provider) throws Refusal {
        // IAM picks the provider by the token's iss before it verifies anything.
        String issuer = PresentedToken.decode(token).map(PresentedToken::issuer).orElseThrow(() ->
                StsError.INVALID_IDENTITY_TOKEN.refusal("Couldn't parse the web identity token"));
        if (!issuer.equals(provider.url())) {
            throw StsError.INVALID_IDENTITY_TOKEN.refusal("No OpenIDConnect provider found in your account for " + issuer);
        }
        TokenPolicy policy = TokenPolicy.of(provider.url(), ALGORITHMS, provider.clientIds()).withClockSkew(CLOCK_SKEW);
        try {
            return validator.validate(token, policy);
        } catch (TokenRejectedException e) {
            throw refusalFor(e);
        }
    }

    private Refusal refusalFor(TokenRejectedException e) {
        Rejection reason = e.reason();
        if (reason == Rejection.EXPIRED) {
            return StsError.EXPIRED_TOKEN.refusal("Token expired: current date/time " + clock.instant()
                    + " must be before the expiration date/time. " + e.getMessage());
        }
        if (reason == Rejection.WRONG_AUDIENCE) {
            return StsError.INVALID_IDENTITY_TOKEN.refusal("Incorrect token audience");
        }
        if (reason == Rejection.ISSUER_UNREACHABLE) {
            return StsError.IDP_COMMUNICATION_ERROR.refusal("Couldn't retrieve verification key from your identity "
                    + "provider, please reference AssumeRoleWithWebIdentity documentation for requirements");
        }
        return StsError.INVALID_IDENTITY_TOKEN.refusal(e.getMessage());
    }

    private static void checkTrust(AwsRole role, ValidatedJwt jwt, String subject) throws Refusal {
        if (role.audience() != null && !jwt.audiences().contains(role.audience())) {
            throw notAuthorized();
        }
        if (!role.subjectPatterns().isEmpty()
                && role.subjectPatterns().stream().noneMatch(p -> StringLike.matches(p, subject))) {
            throw notAuthorized();
        }
    }

    private static SessionTags sessionTags(AwsRole role, ValidatedJwt jwt) throws Refusal {
        Object claim = jwt.claims().getClaim(SessionTags.CLAIM);
        if (claim == null) {
            return SessionTags.NONE;
        }
        if (!role.tagSessionAllowed()) {
            throw StsError.ACCESS_DENIED.refusal("Not authorized to perform sts:TagSession");
        }
        return SessionTags.parse(claim);
    }

    private static String sourceIdentity(ValidatedJwt jwt) throws Refusal {
        Object claim = jwt.claims().getClaim(SOURCE_IDENTITY_CLAIM);
        if (claim == null) {
            return null;
        }
        if (!(claim instanceof String value) || !SOURCE_IDENTITY.matcher(value).matches()) {
            throw StsError.VALIDATION_ERROR.refusal("1 validation error detected: Value at 'sourceIdentity' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}");
        }
        return value;
    }

    private static int packedPolicySize(Optional<String> policy, SessionTags tags) throws Refusal {
        int chars = policy.map(String::length).orElse(0) + tags.packedLength();
        int percent = (int) Math.ceil(chars * 100.0 / PACKED_POLICY_BUDGET);
        if (percent > 100) {
            throw StsError.PACKED_POLICY_TOO_LARGE.refusal("Packed policy consumes " + percent
                    + "% of allotted space, please use smaller policy.");
        }
        return percent;
    }

    private Reply issue(AwsStsConfig current, AwsRole role, AssumeRoleWithWebIdentityRequest request, ValidatedJwt jwt,
                        String subject, String audience, SessionTags tags, String sourceIdentity, int duration,
                        int packedPolicySize) {
        String accessKeyId = "ASIA" + RandomStrings.from(RandomStrings.UPPER_ALPHANUMERIC, 16);
        String secretAccessKey = RandomStrings.from(RandomStrings.BASE64_CHARS, 40);
        // Real session tokens are long base64 blobs; the prefix is the one current STS tokens share.
        String sessionToken = "IQoJb3JpZ2luX2Vj" + RandomStrings.from(RandomStrings.BASE64_CHARS, 600);
        Instant expiration = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(duration);
        String assumedRoleArn = "arn:aws:sts::" + current.accountId() + ":assumed-role/" + role.name() + "/"
                + request.roleSessionName();
        AwsSession session = new AwsSession(accessKeyId, subject, audience, jwt.issuer(), role.arn(), assumedRoleArn,
                request.roleSessionName(), tags.tags(), tags.transitiveKeys(), sourceIdentity, expiration);
        sessions.put(accessKeyId, session);
        String requestId = UUID.randomUUID().toString();
        String assumedRoleId = roleId(role) + ":" + request.roleSessionName();
        return Reply.xml(200, StsXml.assumeRoleWithWebIdentityResponse(session, secretAccessKey, sessionToken,
                                assumedRoleId, packedPolicySize, requestId),
                        Outcome.accepted(assumedRoleArn + " for sub " + subject))
                .withHeader("x-amzn-RequestId", requestId);
    }

    /** Role ids are stable per role ({@code AROA} + 17 characters), like IAM's. */
    private static String roleId(AwsRole role) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(role.arn().getBytes(StandardCharsets.UTF_8));
            StringBuilder id = new StringBuilder("AROA");
            for (int i = 0; i < 17; i++) {
                id.append(RandomStrings.UPPER_ALPHANUMERIC.charAt((hash[i] & 0xff) % RandomStrings.UPPER_ALPHANUMERIC.length()));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Refusal notAuthorized() {
        return StsError.ACCESS_DENIED.refusal("Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }

    @Override
    protected Reply malformedReply() {
        return new Reply(200, Reply.XML, "<AssumeRoleWithWebIdentityResponse xmlns=\"" + StsXml.NAMESPACE
                + "\">\n  <AssumeRoleWithWebIdentityResult>\n    <Credentials>\n      <AccessKeyId>ASIA",
                Map.of(), Outcome.fault("malformed"));
    }

    @Override
    protected Reply notFound(Call call) {
        return StsError.INVALID_ACTION.refusal("Unknown path " + call.path()).reply();
    }
}
