package dev.tokenbroker.exchange;

/** Authenticates an {@code actor_token}; the seam between actor resolution and Keycloak's token checks. */
interface ActorVerifier {

    /** The verified actor, or a refusal ({@code invalid_request}) saying why the token is not acceptable. */
    ActorIdentity verify(String actorToken);

    /** This realm's issuer: the issuer of every actor this verifier accepts. */
    String realmIssuer();
}
