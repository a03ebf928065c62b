package dev.tokenbroker.upstream.admin;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

import dev.tokenbroker.audit.AuditEntry;
import dev.tokenbroker.policy.PolicyConfig;
import dev.tokenbroker.policy.PolicySettingsSource;
import dev.tokenbroker.upstream.UpstreamSettings;
import dev.tokenbroker.upstream.passthrough.PassthroughSettings;
import dev.tokenbroker.upstream.passthrough.PassthroughUpstreamFactory;
import dev.tokenbroker.upstream.subject.SubjectTokenSource;

/** The upstream list's rows: what each upstream is, and how its recent exchanges went (from the audit trail). */
final class UpstreamSummaries {

    /**
     * @param target       the platform endpoint and the audience it expects, in one line
     * @param flow         federated, brokered or passthrough
     * @param policyEngine the engine deciding its exchanges: its own {@code policy.engine}, else the realm's
     * @param policySource {@code upstream} or {@code realm}: where that engine is set
     */
    record Summary(String id, String alias, String type, String target, String flow, String policyEngine, String policySource,
                   Recent recent) {
    }

    /** Over the newest records of the audit trail; {@code p50Ms} is the platform call's median duration (cache hits make none). */
    record Recent(int exchanges, int allowed, int denied, int errors, Long p50Ms, String lastOutcome, String lastAt) {
    }

    private final RealmModel realm;
    private final List<AuditEntry> trail;

    UpstreamSummaries(RealmModel realm, List<AuditEntry> trail) {
        this.realm = realm;
        this.trail = trail;
    }

    List<Summary> of(List<ComponentModel> upstreams) {
        return upstreams.stream().map(this::summary).toList();
    }

    private Summary summary(ComponentModel upstream) {
        String ownEngine = PolicySettingsSource.component(upstream.getName(), upstream::get).get(PolicyConfig.ENGINE);
        String realmEngine = PolicySettingsSource.realm(realm::getAttribute).get(PolicyConfig.ENGINE);
        return new Summary(upstream.getId(), upstream.getName(), upstream.getProviderId(), target(upstream), flow(upstream),
                ownEngine != null ? ownEngine : realmEngine != null ? realmEngine : "none", ownEngine != null ? "upstream" : "realm",
                recent(upstream.getName()));
    }

    private static String target(ComponentModel upstream) {
        if (PassthroughUpstreamFactory.PROVIDER_ID.equals(upstream.getProviderId())) {
            return "stored tokens of identity provider " + upstream.get(PassthroughSettings.IDENTITY_PROVIDER);
        }
        List<String> parts = new ArrayList<>();
        if (upstream.get(UpstreamSettings.TOKEN_ENDPOINT) != null) {
            parts.add(upstream.get(UpstreamSettings.TOKEN_ENDPOINT));
        }
        if (upstream.get(UpstreamSettings.ASSERTION_AUDIENCE) != null) {
            parts.add("aud " + upstream.get(UpstreamSettings.ASSERTION_AUDIENCE));
        }
        return String.join(", ", parts);
    }

    private static String flow(ComponentModel upstream) {
        if (PassthroughUpstreamFactory.PROVIDER_ID.equals(upstream.getProviderId())) {
            return "passthrough";
        }
        String source = upstream.get(SubjectTokenSource.SOURCE);
        return source != null && source.trim().startsWith("idp:") ? "brokered" : "federated";
    }

    private Recent recent(String alias) {
        List<AuditEntry> mine = trail.stream().filter(entry -> alias.equals(entry.upstream()) || alias.equals(entry.target())).toList();
        int allowed = (int) mine.stream().filter(entry -> "allowed".equals(entry.outcome())).count();
        int denied = (int) mine.stream().filter(entry -> "denied".equals(entry.outcome())).count();
        List<Long> latencies = mine.stream().map(AuditEntry::latencyMs).filter(java.util.Objects::nonNull).sorted().toList();
        AuditEntry last = mine.isEmpty() ? null : mine.get(0);
        return new Recent(mine.size(), allowed, denied, mine.size() - allowed - denied,
                latencies.isEmpty() ? null : latencies.get((latencies.size() - 1) / 2),
                last == null ? null : last.outcome(), last == null ? null : last.time());
    }
}
