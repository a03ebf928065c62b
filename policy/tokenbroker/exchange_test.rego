# Unit tests for exchange.rego: `opa test -v policy/tokenbroker` (./mvnw verify runs them when opa is on PATH).
package tokenbroker.exchange_test

import data.tokenbroker.exchange

# Alice, an analyst, through Claude Desktop and the MCP gateway, to the AWS upstream.
alice_to_aws := {
	"version": 1,
	"correlation_id": "c-1",
	"time": "2026-12-02T10:00:00Z",
	"realm": "acme",
	"flow": "federated",
	"requesting_client": "mcp-gateway",
	"user": {"id": "u-alice", "username": "alice", "realm_roles": ["analyst", "default-roles-acme"], "groups": [], "attributes": {}},
	"actor_chain": [{"sub": "claude-desktop", "type": "client"}],
	"tool": {"type": "tool_invocation", "tool": "aws_mcp.query"},
	"target": {"type": "upstream", "alias": "aws", "provider": "aws-sts"},
	"scope": [],
	"lifetime_seconds": 300,
}

bob_to_aws := object.union(alice_to_aws, {"user": {"id": "u-bob", "username": "bob", "realm_roles": ["default-roles-acme"], "groups": [], "attributes": {}}})

alice_via(agent) := object.union(alice_to_aws, {"actor_chain": [{"sub": agent, "type": "client"}]})

test_an_analyst_through_an_ai_client_reaches_aws_for_five_minutes if {
	exchange.decision == {"allow": true, "max_lifetime": 300} with input as alice_to_aws
}

test_every_listed_agent_is_allowed if {
	every agent in ["claude-desktop", "chatgpt", "cursor", "mcp-inspector", "research-agent"] {
		exchange.decision.allow with input as alice_via(agent)
	}
}

test_bob_is_no_analyst_so_aws_is_refused if {
	exchange.decision == {"allow": false, "reason": "the user lacks a required role or group"} with input as bob_to_aws
}

test_an_unlisted_agent_is_refused_by_name if {
	exchange.decision == {"allow": false, "reason": "agent 'rogue-agent' may not act for users here"} with input as alice_via("rogue-agent")
}

test_an_exchange_without_actor_is_refused if {
	exchange.decision.reason == "agent '(none)' may not act for users here" with input as object.union(alice_to_aws, {"actor_chain": []})
}

test_the_agent_rule_comes_first if {
	d := exchange.decision with input as object.union(bob_to_aws, {"actor_chain": [{"sub": "rogue-agent"}]})
	d.reason == "agent 'rogue-agent' may not act for users here"
}

test_other_upstreams_are_allowed_even_for_bob if {
	exchange.decision == {"allow": true} with input as object.union(bob_to_aws, {"target": {"type": "upstream", "alias": "databricks", "provider": "databricks"}})
}

test_local_audiences_are_allowed if {
	local := object.union(alice_to_aws, {"flow": "delegation", "target": {"type": "client", "audience": ["analytics-mcp"]}})
	exchange.decision == {"allow": true} with input as local
}

test_a_client_named_aws_is_not_the_aws_upstream if {
	exchange.decision == {"allow": true} with input as object.union(bob_to_aws, {"target": {"type": "client", "audience": ["aws"]}})
}
