package dev.tokenbroker.it.mcp;

import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;

import dev.tokenbroker.emulators.recording.ReceivedRequest;

/** What an emulated platform was shown by a tool call: the realm's token it was handed last. */
final class PlatformCalls {

    private PlatformCalls() {
    }

    /** The claims of the last JWT the platform received (its token service's subject or assertion). */
    static JWTClaimsSet lastToken(List<ReceivedRequest> received) {
        return received.stream().filter(r -> r.token().isPresent() && r.token().get().claims() != null)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("the platform received no JWT"))
                .token().orElseThrow().claims();
    }
}
