package dev.tokenbroker.upstream.aws;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tokenbroker.upstream.UpstreamClock;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.http.UpstreamResponse;
import dev.tokenbroker.upstream.jwt.AssertionMinter.MintedAssertion;
import dev.tokenbroker.upstream.lifetime.LifetimeRequest;
import dev.tokenbroker.upstream.spi.UpstreamCall;
import dev.tokenbroker.upstream.spi.UpstreamToken;

/**
 * AssumeRoleWithWebIdentity (no SigV4: the assertion is the credential).
 *
 * <p>Lifetime: {@code DurationSeconds} is the configured duration shortened to what the grant has
 * left, but never below STS's minimum of 900 s, which STS would refuse; with a shorter grant the
 * credentials outlive it, and the exchange event says so.
 */
final class AwsStsUpstream implements UpstreamProvider {

    /** STS's range for DurationSeconds; the role's MaxSessionDuration may be lower than the maximum. */
    static final int MIN_DURATION_SECONDS = 900;
    static final int MAX_DURATION_SECONDS = 43200;

    private final String roleArn;
    private final SessionName sessionName;
    private final int durationSeconds;
    private final SessionTags tags;

    AwsStsUpstream(String roleArn, SessionName sessionName, int durationSeconds, SessionTags tags) {
        this.roleArn = roleArn;
        this.sessionName = sessionName;
        this.durationSeconds = durationSeconds;
        this.tags = tags;
    }

    @Override
    public Map<String, Object> platformClaims(UpstreamCall call) {
        if (tags.isEmpty()) {
            return Map.of();
        }
        return Map.of(SessionTags.CLAIM, tags.claim(facts(call), call.grant().user()::getFirstAttribute));
    }

    @Override
    public UpstreamToken redeem(UpstreamCall call, MintedAssertion assertion) {
        LifetimeRequest duration = call.lifetime().request(AwsStsUpstreamFactory.PROVIDER_ID, durationSeconds,
                MIN_DURATION_SECONDS, MAX_DURATION_SECONDS);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "AssumeRoleWithWebIdentity");
        form.put("Version", "2011-06-15");
        form.put("RoleArn", roleArn);
        form.put("RoleSessionName", sessionName.render(facts(call)));
        form.put("WebIdentityToken", assertion.jwt());
        form.put("DurationSeconds", String.valueOf(duration.seconds()));
        UpstreamResponse response = call.http().postForm(call.settings().tokenEndpoint(), form, Map.of());
        return AssumeRoleAnswer.parse(response, UpstreamClock.KEYCLOAK).withLifetimeRequest(duration);
    }

    private static Map<String, String> facts(UpstreamCall call) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("username", call.grant().user().getUsername());
        facts.put("email", call.grant().user().getEmail());
        facts.put("actor", call.grant().actorChain().isEmpty() ? "" : call.grant().actorChain().current().subject());
        facts.put("client", call.grant().client().getClientId());
        return facts;
    }
}
