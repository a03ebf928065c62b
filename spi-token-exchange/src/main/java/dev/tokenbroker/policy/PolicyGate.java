package dev.tokenbroker.policy;

/**
 * Decides every exchange before anything is minted or forwarded. The pipeline calls it for every
 * flow, so no flow can skip it; engines (OPA, built-in rules) plug in here.
 */
public interface PolicyGate {

    /** The gate of a realm without a policy engine: everything that passed validation is allowed, nothing narrowed. */
    PolicyGate NONE = input -> PolicyDecision.allow("none");

    PolicyDecision decide(PolicyInput input);
}
