package dev.tokenbroker.emulators.aws;

import dev.tokenbroker.emulators.http.FormParams;
import dev.tokenbroker.emulators.http.Refusal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The syntax of an {@code AssumeRoleWithWebIdentity} call. Constraint violations are collected and
 * reported together, the way the AWS Query API does ("2 validation errors detected: …").
 */
record AssumeRoleWithWebIdentityRequest(String roleArn, String roleSessionName, String webIdentityToken,
                                        Optional<Integer> durationSeconds, Optional<String> policy) {

    static final String ACTION = "AssumeRoleWithWebIdentity";
    static final String VERSION = "2011-06-15";
    static final int MIN_DURATION = 900;
    static final int MAX_DURATION = 43200;
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");

    static AssumeRoleWithWebIdentityRequest parse(FormParams form) throws Refusal {
        String action = form.get("Action").orElseThrow(() -> StsError.MISSING_ACTION.refusal("Missing Action"));
        String version = form.get("Version").orElse("NO_VERSION_SPECIFIED");
        if (!action.equals(ACTION) || !version.equals(VERSION)) {
            throw StsError.INVALID_ACTION.refusal("Could not find operation " + action + " for version " + version);
        }
        Optional<Integer> duration = durationSeconds(form);
        List<String> violations = new ArrayList<>();
        Optional<String> roleArn = form.get("RoleArn");
        Optional<String> sessionName = form.get("RoleSessionName");
        Optional<String> token = form.get("WebIdentityToken");
        Optional<String> policy = form.get("Policy");
        if (roleArn.isEmpty()) {
            violations.add(notNull("roleArn"));
        } else {
            length(violations, roleArn.get(), "roleArn", 20, 2048, true);
        }
        if (sessionName.isEmpty()) {
            violations.add(notNull("roleSessionName"));
        } else {
            length(violations, sessionName.get(), "roleSessionName", 2, 64, true);
            if (!SESSION_NAME.matcher(sessionName.get()).matches()) {
                violations.add("Value '" + sessionName.get() + "' at 'roleSessionName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
            }
        }
        if (token.isEmpty()) {
            violations.add(notNull("webIdentityToken"));
        } else {
            // Never echo a token, even a broken one.
            length(violations, token.get(), "webIdentityToken", 4, 20000, false);
        }
        duration.ifPresent(d -> {
            if (d < MIN_DURATION) {
                violations.add("Value '" + d + "' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to " + MIN_DURATION);
            } else if (d > MAX_DURATION) {
                violations.add("Value '" + d + "' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value less than or equal to " + MAX_DURATION);
            }
        });
        policy.ifPresent(p -> length(violations, p, "policy", 1, 2048, false));
        if (!violations.isEmpty()) {
            throw StsError.VALIDATION_ERROR.refusal(violations.size() + " validation error"
                    + (violations.size() == 1 ? "" : "s") + " detected: " + String.join("; ", violations));
        }
        return new AssumeRoleWithWebIdentityRequest(roleArn.get(), sessionName.get(), token.get(), duration, policy);
    }

    private static Optional<Integer> durationSeconds(FormParams form) throws Refusal {
        Optional<String> raw = form.get("DurationSeconds");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(raw.get()));
        } catch (NumberFormatException e) {
            throw StsError.INVALID_PARAMETER_VALUE.refusal("Value (" + raw.get()
                    + ") for parameter DurationSeconds is invalid. Expected an integer.");
        }
    }

    private static String notNull(String member) {
        return "Value null at '" + member + "' failed to satisfy constraint: Member must not be null";
    }

    private static void length(List<String> violations, String value, String member, int min, int max, boolean echo) {
        String shown = echo ? "'" + value + "'" : "'***'";
        if (value.length() < min) {
            violations.add("Value " + shown + " at '" + member + "' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to " + min);
        } else if (value.length() > max) {
            violations.add("Value " + shown + " at '" + member + "' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + max);
        }
    }
}
