package dev.tokenbroker.emulators.aws;

import java.util.List;
import java.util.Objects;

/**
 * An IAM role whose trust policy allows {@code sts:AssumeRoleWithWebIdentity} from the account's OIDC
 * provider.
 *
 * @param arn                       {@code arn:aws:iam::<account>:role[/path]/<name>}
 * @param audience                  trust condition {@code StringEquals <provider>:aud}; null for none
 * @param subjectPatterns           trust condition {@code StringLike <provider>:sub} ({@code *} and
 *                                  {@code ?} wildcards); empty for none
 * @param tagSessionAllowed         whether the trust policy also allows {@code sts:TagSession}
 * @param maxSessionDurationSeconds the role's MaxSessionDuration, 3600..43200 (default 3600)
 */
public record AwsRole(String arn, String audience, List<String> subjectPatterns, boolean tagSessionAllowed,
                      Integer maxSessionDurationSeconds) {

    public static final int DEFAULT_MAX_SESSION_DURATION = 3600;

    public AwsRole {
        Objects.requireNonNull(arn, "arn");
        if (!arn.matches("arn:aws:iam::\\d{12}:role/.+")) {
            throw new IllegalArgumentException("not a role ARN: " + arn);
        }
        subjectPatterns = subjectPatterns == null ? List.of() : List.copyOf(subjectPatterns);
        maxSessionDurationSeconds = maxSessionDurationSeconds == null ? DEFAULT_MAX_SESSION_DURATION
                : maxSessionDurationSeconds;
        if (maxSessionDurationSeconds < 3600 || maxSessionDurationSeconds > 43200) {
            throw new IllegalArgumentException("MaxSessionDuration must be 3600..43200");
        }
    }

    /** The role name: the last path segment of the ARN. */
    public String name() {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    public String accountId() {
        return arn.split(":")[4];
    }

    public AwsRole withTagSessionAllowed(boolean allowed) {
        return new AwsRole(arn, audience, subjectPatterns, allowed, maxSessionDurationSeconds);
    }

    public AwsRole withSubjectPatterns(List<String> patterns) {
        return new AwsRole(arn, audience, patterns, tagSessionAllowed, maxSessionDurationSeconds);
    }
}
