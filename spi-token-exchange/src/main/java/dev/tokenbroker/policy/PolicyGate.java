package dev.tokenbroker.policy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * Decides every exchange before anything is minted or forwarded. The pipeline calls it for every
 * route, so no flow can skip it. The engine is chosen per target (an audience client's attributes,
 * an upstream component's configuration) with the realm's attributes as the default: a target that
 * names an engine is decided by its own settings alone, any other by the realm's. A token for
 * several audiences is decided by each one's policy and allowed only if all allow.
 *
 * <p>Fails closed and never throws: settings that do not parse, or an engine that breaks, give an
 * {@link PolicyDecision.Outcome#UNAVAILABLE} decision. The input is only built when some engine
 * will read it, so realms without policies pay two attribute reads per exchange.
 */
public final class PolicyGate {

    private static final Logger LOG = Logger.getLogger(PolicyGate.class);

    private final PolicyEngines engines;
    private final PolicyResources resources;
    private final PolicySettingsSource realmDefault;

    public PolicyGate(PolicyEngines engines, PolicyResources resources, PolicySettingsSource realmDefault) {
        this.engines = engines;
        this.resources = resources;
        this.realmDefault = realmDefault;
    }

    /**
     * @param targets where each target's settings are stored (none: the realm's decide)
     * @param input   builds the input, given the user attributes the chosen settings ask for
     */
    public PolicyDecision decide(List<PolicySettingsSource> targets, Function<Set<String>, PolicyInput> input) {
        Map<PolicySettings, String> chosen = new LinkedHashMap<>();
        PolicyConfig realmConfig = null;
        boolean realmRead = false;
        for (PolicySettingsSource target : targets.isEmpty() ? List.of(realmDefault) : targets) {
            PolicySettingsSource from = target;
            PolicyConfig config = PolicyConfig.read(target);
            if (config == null) {
                if (!realmRead) {
                    realmConfig = PolicyConfig.read(realmDefault);
                    realmRead = true;
                }
                from = realmDefault;
                config = realmConfig;
            }
            if (config == null || config == PolicyConfig.NONE) {
                chosen.putIfAbsent(PolicySettings.NONE, from.description());
                continue;
            }
            try {
                chosen.putIfAbsent(engines.of(config), from.description());
            } catch (IllegalArgumentException invalid) {
                LOG.warnf("policy settings of %s are invalid (%s%s); exchanges are refused", from.description(), from.prefix(),
                        invalid.getMessage());
                return PolicyDecision.unavailable(engineName(config), "the policy settings of " + from.description() + " are invalid");
            }
        }
        if (chosen.keySet().stream().allMatch(PolicySettings::decidesNothing)) {
            return PolicyDecision.allow(NoPolicy.NAME);
        }
        Set<String> userAttributes = new LinkedHashSet<>();
        chosen.keySet().forEach(settings -> userAttributes.addAll(settings.userAttributes()));
        PolicyInput built = input.apply(userAttributes);
        PolicyDecision decision = null;
        for (PolicySettings settings : chosen.keySet()) {
            PolicyDecision one = decideSafely(settings.engine(), built);
            decision = decision == null ? one : decision.and(one);
        }
        return decision;
    }

    private PolicyDecision decideSafely(PolicyEngine engine, PolicyInput input) {
        try {
            return engine.decide(input, resources);
        } catch (RuntimeException broken) {
            LOG.warnf(broken, "policy engine %s failed; the exchange is refused", engine.name());
            return PolicyDecision.unavailable(engine.name(), "the " + engine.name() + " engine failed");
        }
    }

    private static String engineName(PolicyConfig config) {
        String engine = config.engine().toLowerCase(java.util.Locale.ROOT);
        return List.of(PolicyEngines.NONE, PolicyEngines.BUILTIN, PolicyEngines.OPA).contains(engine) ? engine : "invalid";
    }
}
