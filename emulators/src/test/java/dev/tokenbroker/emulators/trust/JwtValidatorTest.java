package dev.tokenbroker.emulators.trust;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.tokenbroker.emulators.support.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared validation piece, called directly: one test per guard, in code order. */
class JwtValidatorTest {

    private static final String AUD = "https://acme.example";
    private static TestIssuer issuer;

    private IssuerTrusts trusts;
    private JwtValidator validator;
    private TokenPolicy policy;

    @BeforeAll
    static void startIssuer() {
        issuer = TestIssuer.start();
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @BeforeEach
    void freshCaches() {
        issuer.available(true);
        trusts = new IssuerTrusts();
        validator = new JwtValidator(trusts, Clock.systemUTC());
        policy = TokenPolicy.of(issuer.issuer(), Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), List.of(AUD));
    }

    @Test
    void whenRs256TokenValidThenAccepted() throws Exception {
        ValidatedJwt jwt = validator.validate(issuer.token().audience(AUD).subject("alice").sign(), policy);

        assertThat(jwt.algorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.keyId()).isEqualTo(TestIssuer.RSA_KID);
        assertThat(jwt.claims().getSubject()).isEqualTo("alice");
    }

    @Test
    void whenEs256TokenValidThenAccepted() throws Exception {
        ValidatedJwt jwt = validator.validate(issuer.token().audience(AUD).es256().sign(), policy);

        assertThat(jwt.algorithm()).isEqualTo(JWSAlgorithm.ES256);
    }

    @Test
    void whenAudienceIsArrayContainingExpectedThenAccepted() throws Exception {
        ValidatedJwt jwt = validator.validate(issuer.token().audience("other", AUD).sign(), policy);

        assertThat(jwt.audiences()).containsExactly("other", AUD);
    }

    @Test
    void whenNotAJwtThenMalformed() {
        assertRejected("a.b", Rejection.MALFORMED);
    }

    @Test
    void whenAlgNoneThenUnsigned() {
        assertRejected(issuer.token().audience(AUD).unsigned(), Rejection.UNSIGNED);
    }

    @Test
    void whenHs256SignedWithPublicKeyThenAlgorithmNotAllowed() {
        assertRejected(issuer.token().audience(AUD).signHs256WithPublicKey(), Rejection.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void whenEs256ButOnlyRs256PinnedThenAlgorithmNotAllowed() {
        policy = TokenPolicy.of(issuer.issuer(), Set.of(JWSAlgorithm.RS256), List.of(AUD));

        assertRejected(issuer.token().audience(AUD).es256().sign(), Rejection.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void whenNoKidThenMissingKid() {
        assertRejected(issuer.token().audience(AUD).kid(null).sign(), Rejection.MISSING_KID);
    }

    @Test
    void whenKidUnknownThenRefetchedOnceAndUnknownKid() throws Exception {
        validator.validate(issuer.token().audience(AUD).sign(), policy);
        int before = issuer.jwksRequests();

        assertRejected(issuer.token().audience(AUD).kid("nope").sign(), Rejection.UNKNOWN_KID);
        assertThat(issuer.jwksRequests() - before).isEqualTo(1);
    }

    @Test
    void whenKeysCachedThenJwksFetchedOnce() throws Exception {
        int before = issuer.jwksRequests();

        validator.validate(issuer.token().audience(AUD).sign(), policy);
        validator.validate(issuer.token().audience(AUD).es256().sign(), policy);

        assertThat(issuer.jwksRequests() - before).isEqualTo(1);
        assertThat(trusts.forIssuer(issuer.issuer()).fetches()).isEqualTo(1);
    }

    @Test
    void whenIssuerRotatesKeyThenNewKidPickedUpByRefetch() throws Exception {
        validator.validate(issuer.token().audience(AUD).sign(), policy);
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-rotated").generate();
        issuer.publish(rotated);

        ValidatedJwt jwt = validator.validate(issuer.token().audience(AUD).kid("rsa-rotated").signWith(rotated), policy);

        assertThat(jwt.keyId()).isEqualTo("rsa-rotated");
    }

    @Test
    void whenTokenNamesJkuThenItIsNotFollowed() throws Exception {
        try (TestIssuer attacker = TestIssuer.start()) {
            String token = issuer.token().audience(AUD).kid("attacker-key")
                    .jku(URI.create(attacker.issuer() + "/protocol/openid-connect/certs"))
                    .signWith(attacker.rsaKey());

            assertRejected(token, Rejection.UNKNOWN_KID);
            assertThat(attacker.jwksRequests()).isZero();
        }
    }

    @Test
    void whenKidPointsToEcKeyButAlgIsRs256ThenKeyMismatch() {
        String token = issuer.token().audience(AUD).kid(TestIssuer.EC_KID).sign();

        assertRejected(token, Rejection.KEY_MISMATCH);
    }

    @Test
    void whenSignedByForeignKeyThenBadSignature() {
        assertRejected(issuer.token().audience(AUD).signWithForeignKey(), Rejection.BAD_SIGNATURE);
    }

    @Test
    void whenPayloadTamperedThenBadSignature() {
        assertRejected(issuer.token().audience(AUD).tampered(), Rejection.BAD_SIGNATURE);
    }

    @Test
    void whenIssuerDiffersThenWrongIssuer() {
        assertRejected(issuer.token().audience(AUD).issuer(issuer.issuer() + "/").sign(), Rejection.WRONG_ISSUER);
    }

    @Test
    void whenAudienceDiffersThenWrongAudience() {
        assertRejected(issuer.token().audience("https://other.example").sign(), Rejection.WRONG_AUDIENCE);
    }

    @Test
    void whenNoAudienceThenWrongAudience() {
        assertRejected(issuer.token().sign(), Rejection.WRONG_AUDIENCE);
    }

    @Test
    void whenExpiredBeyondSkewThenExpired() {
        assertRejected(issuer.token().audience(AUD).window(Duration.ofMinutes(-10), Duration.ofMinutes(8)).sign(),
                Rejection.EXPIRED);
    }

    @Test
    void whenExpiredWithinSkewThenAccepted() throws Exception {
        String token = issuer.token().audience(AUD).window(Duration.ofMinutes(-10), Duration.ofSeconds(570)).sign();

        assertThat(validator.validate(token, policy).expiresAt()).isBefore(Instant.now());
    }

    @Test
    void whenNoExpThenMissingClaim() {
        assertRejected(issuer.token().audience(AUD).expiresAt(null).sign(), Rejection.MISSING_CLAIM);
    }

    @Test
    void whenNotBeforeInFutureThenNotYetValid() {
        assertRejected(issuer.token().audience(AUD).notBefore(Instant.now().plus(Duration.ofMinutes(5))).sign(),
                Rejection.NOT_YET_VALID);
    }

    @Test
    void whenNoIatThenMissingClaim() {
        assertRejected(issuer.token().audience(AUD).issuedAt(null).sign(), Rejection.MISSING_CLAIM);
    }

    @Test
    void whenIatInFutureThenIssuedInFuture() {
        assertRejected(issuer.token().audience(AUD).window(Duration.ofMinutes(5), Duration.ofMinutes(5)).sign(),
                Rejection.ISSUED_IN_FUTURE);
    }

    @Test
    void whenLifetimeAtMaximumThenLifetimeTooLong() {
        policy = policy.withMaxLifetime(Duration.ofHours(48));

        assertRejected(issuer.token().audience(AUD).window(Duration.ofMinutes(-1), Duration.ofHours(48)).sign(),
                Rejection.LIFETIME_TOO_LONG);
    }

    @Test
    void whenRequiredClaimMissingThenMissingClaim() {
        policy = policy.requiring("email");

        assertRejected(issuer.token().audience(AUD).sign(), Rejection.MISSING_CLAIM);
    }

    @Test
    void whenIssuerDownThenUnreachableAndRetriedLaterWithoutCachingTheFailure() throws Exception {
        issuer.available(false);
        assertRejected(issuer.token().audience(AUD).sign(), Rejection.ISSUER_UNREACHABLE);

        issuer.available(true);

        assertThat(validator.validate(issuer.token().audience(AUD).sign(), policy).keyId()).isEqualTo(TestIssuer.RSA_KID);
    }

    @Test
    void whenClockInjectedThenExpiryJudgedByIt() {
        String token = issuer.token().audience(AUD).sign();
        JwtValidator later = new JwtValidator(trusts, Clock.fixed(Instant.now().plus(Duration.ofHours(1)),
                java.time.ZoneOffset.UTC));

        assertThatThrownBy(() -> later.validate(token, policy))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Rejection.EXPIRED));
    }

    private void assertRejected(String token, Rejection expected) {
        assertThatThrownBy(() -> validator.validate(token, policy))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(expected);
                    assertThat(e.getMessage()).doesNotContain(token);
                });
    }
}
