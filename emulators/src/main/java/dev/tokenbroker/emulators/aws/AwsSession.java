package dev.tokenbroker.emulators.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A role session the emulator issued, looked up by its access key id, so tests can prove whom the
 * returned credentials belong to.
 */
public record AwsSession(String accessKeyId, String subject, String audience, String provider, String roleArn,
                         String assumedRoleArn, String sessionName, Map<String, String> tags,
                         List<String> transitiveTagKeys, String sourceIdentity, Instant expiration) {

    public AwsSession {
        tags = Map.copyOf(tags);
        transitiveTagKeys = List.copyOf(transitiveTagKeys);
    }
}
