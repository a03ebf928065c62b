package dev.tokenbroker.upstream.aws;

import java.util.List;
import java.util.Set;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.tokenbroker.upstream.AbstractUpstreamProviderFactory;
import dev.tokenbroker.upstream.InvalidSetting;
import dev.tokenbroker.upstream.UpstreamProvider;
import dev.tokenbroker.upstream.UpstreamSettings;

/**
 * AWS STS AssumeRoleWithWebIdentity: the realm is an IAM OIDC identity provider, the role's trust
 * policy names its audience; the answer is temporary credentials for the role, as alice.
 */
public class AwsStsUpstreamFactory extends AbstractUpstreamProviderFactory {

    public static final String PROVIDER_ID = "aws-sts";
    static final String ROLE_ARN = "aws.role-arn";
    static final String SESSION_NAME = "aws.session-name";
    static final String DURATION = "aws.duration-seconds";
    static final String SESSION_TAGS = "aws.session-tags";
    static final String TRANSITIVE_TAGS = "aws.transitive-tag-keys";

    @Override
    public UpstreamProvider create(KeycloakSession session, ComponentModel model) {
        return new AwsStsUpstream(model.get(ROLE_ARN), SessionName.template(model.get(SESSION_NAME)),
                duration(model),
                SessionTags.parse(model.get(SESSION_TAGS), model.get(TRANSITIVE_TAGS)));
    }

    /** Temporary AWS credentials, not an OAuth token. */
    @Override
    public Set<String> issuableTokenTypes(ComponentModel upstream) {
        return Set.of(AssumeRoleAnswer.ISSUED_TOKEN_TYPE);
    }

    @Override
    protected List<ProviderConfigProperty> platformProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(ROLE_ARN).label("Role ARN").helpText("arn:aws:iam::<account>:role/<name>")
                .type(ProviderConfigProperty.STRING_TYPE).required(true).add()
                .property().name(SESSION_NAME).label("Role session name")
                .helpText("Template; ${username}, ${email}, ${actor} (current agent), ${client} (requesting client). Shows in CloudTrail.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(SessionName.DEFAULT_TEMPLATE).add()
                .property().name(DURATION).label("Duration (s)").helpText("Longest DurationSeconds to ask for, 900 up to the role's maximum. Shortened to what the delegated grant has "
                        + "left, but never below 900, STS's minimum.")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("900").add()
                .property().name(SESSION_TAGS).label("Session tags")
                .helpText("Space-separated Key=source, source one of username, email, actor, client or attribute:<user attribute>. "
                        + "The role's trust policy must allow sts:TagSession.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(TRANSITIVE_TAGS).label("Transitive tag keys").helpText("Space-separated tag keys kept on role chaining.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .build();
    }

    @Override
    protected void validatePlatform(ComponentModel model, UpstreamSettings settings) {
        String arn = model.get(ROLE_ARN);
        if (arn == null || !arn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}")) {
            throw new InvalidSetting(ROLE_ARN, ROLE_ARN + " must be an IAM role ARN, arn:aws:iam::<12-digit account>:role/<name>");
        }
        if (!settings.algorithm().equals("RS256")) {
            throw new InvalidSetting(UpstreamSettings.ASSERTION_ALGORITHM, "AWS STS accepts RSA signatures only; use RS256");
        }
        duration(model);
        try {
            SessionName.template(model.get(SESSION_NAME));
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(SESSION_NAME, e.getMessage());
        }
        try {
            SessionTags.parse(model.get(SESSION_TAGS), model.get(TRANSITIVE_TAGS));
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(e.getMessage().startsWith("transitive") ? TRANSITIVE_TAGS : SESSION_TAGS, e.getMessage());
        }
    }

    /** The configured DurationSeconds ceiling, within STS's own range. */
    private static int duration(ComponentModel model) {
        return UpstreamSettings.intSetting(model, DURATION, AwsStsUpstream.MIN_DURATION_SECONDS,
                AwsStsUpstream.MIN_DURATION_SECONDS, AwsStsUpstream.MAX_DURATION_SECONDS);
    }

    @Override
    public String getHelpText() {
        return "AWS STS AssumeRoleWithWebIdentity: temporary role credentials for the user.";
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
