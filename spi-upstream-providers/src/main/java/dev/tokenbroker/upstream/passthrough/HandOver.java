package dev.tokenbroker.upstream.passthrough;

import java.util.List;

import dev.tokenbroker.delegation.Scopes;
import dev.tokenbroker.exchange.Echo;
import dev.tokenbroker.exchange.ExchangeRefusal;
import dev.tokenbroker.upstream.subject.StoredIdpToken;

/**
 * Whether a stored token may be handed to the caller: never the token the caller presented (MCP
 * forbids passing the client's token through), never a JWT for another audience than the upstream's
 * {@code token.audience}, and never for a scope the provider did not grant (a stored token cannot be
 * narrowed, so a request for more is refused rather than answered with what there is).
 */
final class HandOver {

    private HandOver() {
    }

    static void require(StoredIdpToken token, PassthroughSettings settings, String presentedToken, Scopes requested) {
        if (token.accessToken().equals(presentedToken)) {
            throw ExchangeRefusal.invalidRequest("upstream " + settings.alias() + ": the stored token is the subject_token presented");
        }
        List<String> audiences = token.jwtAudiences();
        if (settings.tokenAudience() != null && audiences != null && !audiences.contains(settings.tokenAudience())) {
            throw ExchangeRefusal.invalidTarget("upstream " + settings.alias() + ": the stored token is not for audience "
                    + settings.tokenAudience());
        }
        if (requested != null && !requested.isEmpty()) {
            String notGranted = requested.firstNotIn(Scopes.parse(token.scope()));
            if (notGranted != null) {
                throw ExchangeRefusal.invalidScope("scope " + Echo.of(notGranted) + " was not granted by identity provider '"
                        + settings.identityProvider() + "'");
            }
        }
    }
}
