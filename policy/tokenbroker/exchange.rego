# The demo realm's policy (realm-exports/acme-realm.json), as Rego for OPA.
#
# Keycloak asks:  POST /v1/data/tokenbroker/exchange/decision  {"input": <policy input>}
# (input: policy/input.schema.json; answer: policy/output.schema.json)
#
# Equivalent to the built-in rules the demo realm stores on its `aws` upstream: only the AI agents
# may reach AWS for a user, only for analysts, for at most five minutes. Every other exchange is
# allowed, as the realm's default engine (none) allows it. The deny reasons are the built-in
# engine's, so a caller sees the same answer whichever engine decides.
package tokenbroker.exchange

# The agents that may act for a user towards AWS (client ids).
aws_agents := {"claude-desktop", "chatgpt", "cursor", "mcp-inspector", "research-agent"}

default decision := {"allow": true}

decision := aws_decision if aws_target

aws_target if {
	input.target.type == "upstream"
	input.target.alias == "aws"
}

# RFC 8693 section 4.1: only the current actor (first in the chain) counts for access control.
default current_actor := "(none)"

current_actor := input.actor_chain[0].sub

# The rules in the built-in engine's order; the first that fails is the reason. All hold: allowed
# for at most five minutes.
default aws_decision := {"allow": true, "max_lifetime": 300}

aws_decision := {"allow": false, "reason": sprintf("agent '%s' may not act for users here", [current_actor])} if {
	not current_actor in aws_agents
} else := {"allow": false, "reason": "the user lacks a required role or group"} if {
	not "analyst" in input.user.realm_roles
}
