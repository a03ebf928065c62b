package dev.tokenbroker.emulators.trust;

/**
 * Why a presented JWT was refused. Each platform emulator maps these to its own error codes, so the
 * reason stays visible in recorded requests even where the vendor's wire error is deliberately vague.
 */
public enum Rejection {
    /** Not a compact JWS/JWT, or claims that are not JSON of the expected types. */
    MALFORMED,
    /** {@code alg: none} — an unsecured JWT. */
    UNSIGNED,
    /** A signed JWT whose {@code alg} the platform does not accept (e.g. HS256 key confusion). */
    ALGORITHM_NOT_ALLOWED,
    /** No {@code kid} header: every platform emulated here resolves keys by id only. */
    MISSING_KID,
    /** The {@code kid} is not in the issuer's JWKS, even after one refetch. */
    UNKNOWN_KID,
    /** The JWKS key with that {@code kid} cannot verify this {@code alg} (wrong type, curve, use or alg). */
    KEY_MISMATCH,
    BAD_SIGNATURE,
    /** Discovery or JWKS could not be fetched or parsed. */
    ISSUER_UNREACHABLE,
    WRONG_ISSUER,
    WRONG_AUDIENCE,
    EXPIRED,
    NOT_YET_VALID,
    ISSUED_IN_FUTURE,
    LIFETIME_TOO_LONG,
    MISSING_CLAIM
}
