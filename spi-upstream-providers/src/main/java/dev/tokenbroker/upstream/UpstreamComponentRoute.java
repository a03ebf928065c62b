package dev.tokenbroker.upstream;

import java.util.List;

import org.keycloak.component.ComponentModel;

import dev.tokenbroker.exchange.flow.ExchangeRoute;
import dev.tokenbroker.policy.PolicySettingsSource;

/**
 * What every route to a configured upstream shares: the component names the target (its alias) and
 * its type, and holds the upstream's own policy settings ({@code policy.*}), else the realm's decide.
 */
public abstract class UpstreamComponentRoute implements ExchangeRoute {

    protected final ComponentModel component;

    protected UpstreamComponentRoute(ComponentModel component) {
        this.component = component;
    }

    @Override
    public final String target() {
        return component.getName();
    }

    @Override
    public final String targetType() {
        return component.getProviderId();
    }

    @Override
    public final List<PolicySettingsSource> policySettings() {
        return List.of(PolicySettingsSource.component(component.getName(), component::get));
    }
}
