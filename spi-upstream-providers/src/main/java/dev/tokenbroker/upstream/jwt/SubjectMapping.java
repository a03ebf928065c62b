package dev.tokenbroker.upstream.jwt;

import org.keycloak.models.UserModel;

import dev.tokenbroker.upstream.UpstreamSettings;
import dev.tokenbroker.upstream.spi.UpstreamFailure;

/** The user as the platform knows her: user name, e-mail, or a user attribute (e.g. a Snowflake login name). */
public final class SubjectMapping {

    private SubjectMapping() {
    }

    public static String subjectFor(UserModel user, UpstreamSettings settings) {
        String subject = switch (settings.subjectSource()) {
            case USERNAME -> user.getUsername();
            case EMAIL -> user.isEmailVerified() ? user.getEmail() : null;
            case ATTRIBUTE -> user.getFirstAttribute(settings.subjectAttribute());
        };
        if (subject == null || subject.isBlank()) {
            // An unverified e-mail is refused too: the platform would treat it as proof of identity.
            throw UpstreamFailure.notMappable("the user has no " + describe(settings) + " to present to the platform");
        }
        return subject;
    }

    private static String describe(UpstreamSettings settings) {
        return switch (settings.subjectSource()) {
            case USERNAME -> "user name";
            case EMAIL -> "verified e-mail";
            case ATTRIBUTE -> "'" + settings.subjectAttribute() + "' attribute";
        };
    }
}
