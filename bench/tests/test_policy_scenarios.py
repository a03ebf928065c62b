import json
import os
import tempfile
import unittest

import fixtures  # noqa: F401  (bench/ on the import path)
from tokenbench import admin
from tokenbench.run import last_audit_record
from tokenbench.scenarios import BUILTIN_AUDIENCE, GATEWAY, OPA_AUDIENCE, OPA_PATH
from tokenbench.servers import bench_emulator_command, server_environment

OPA_URL = "http://127.0.0.1:8091/opa"


class RecordingAdmin:
    """admin.Admin without a server: records the calls, knows mcp-gateway."""

    def __init__(self):
        self.calls = []

    def call(self, method, path, body=None, expect=None):
        self.calls.append((method, path, body))

    def client(self, client_id):
        return {"id": "id-" + client_id, "clientId": client_id}

    add_audience_mapper = admin.Admin.add_audience_mapper


class PolicyAudiencesTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.admin = RecordingAdmin()
        admin.add_policy_audiences(cls.admin, OPA_URL)
        cls.created = {body["clientId"]: body for method, path, body in cls.admin.calls if path == "/clients"}

    def test_two_audience_clients_are_created(self):
        self.assertEqual(list(self.created), [BUILTIN_AUDIENCE, OPA_AUDIENCE])
        for client in self.created.values():
            self.assertFalse(client["publicClient"])
            self.assertFalse(client["standardFlowEnabled"] or client["directAccessGrantsEnabled"])

    def test_the_built_in_audience_allows_alice_through_claude_desktop(self):
        attributes = self.created[BUILTIN_AUDIENCE]["attributes"]
        self.assertEqual(attributes["tokenbroker.policy.engine"], "builtin")
        self.assertIn("claude-desktop", attributes["tokenbroker.policy.agents"].split())
        self.assertEqual(attributes["tokenbroker.policy.roles"], "analyst")  # alice's role in the demo realm
        self.assertEqual(attributes["tokenbroker.policy.time-windows"], "Mon-Sun 00:00-24:00")
        self.assertTrue(all(key.startswith("tokenbroker.policy.") for key in attributes))

    def test_the_opa_audience_points_at_the_stand_in(self):
        attributes = self.created[OPA_AUDIENCE]["attributes"]
        self.assertEqual(attributes, {"tokenbroker.policy.engine": "opa", "tokenbroker.policy.opa.url": OPA_URL,
                                      "tokenbroker.policy.opa.path": OPA_PATH})

    def test_mcp_gateway_may_address_both(self):
        mappers = [(path, body["config"]["included.client.audience"]) for method, path, body in self.admin.calls
                   if path.endswith("/protocol-mappers/models")]
        self.assertEqual(mappers, [(f"/clients/id-{GATEWAY}/protocol-mappers/models", BUILTIN_AUDIENCE),
                                   (f"/clients/id-{GATEWAY}/protocol-mappers/models", OPA_AUDIENCE)])


class BenchEmulatorTest(unittest.TestCase):

    def test_the_stand_in_starts_with_an_allow_decision_at_the_default_path(self):
        command = bench_emulator_command("emulators.jar", 8091, "config.json")
        option = command[command.index("--opa-document") + 1]
        path, value = option.split("=", 1)
        self.assertEqual(path, "tokenbroker/exchange/decision")
        self.assertEqual(json.loads(value), {"allow": True})

    def test_servers_start_without_the_demo_policy_environment(self):
        os.environ["TOKENBROKER_POLICY_ENGINE"] = "opa"
        try:
            self.assertNotIn("TOKENBROKER_POLICY_ENGINE", server_environment())
        finally:
            del os.environ["TOKENBROKER_POLICY_ENGINE"]


class AuditLineTest(unittest.TestCase):

    def test_the_last_audit_line_about_a_target_is_found_among_other_log_lines(self):
        def line(target, engine):
            return ("2026-12-01 17:00:00,000 INFO  [dev.tokenbroker.audit] (executor-thread-1) "
                    + json.dumps({"schema": "tokenbroker.audit/1", "outcome": "allowed",
                                  "target": {"name": target, "type": "client"}, "decision": {"engine": engine}},
                                 separators=(",", ":")) + "\n")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "keycloak.log")
            with open(path, "w") as f:
                f.write("2026-12-01 16:59:59,000 INFO  [org.keycloak] started\n")
                f.write(line(BUILTIN_AUDIENCE, "none"))
                f.write(line(OPA_AUDIENCE, "opa"))
                f.write(line(BUILTIN_AUDIENCE, "builtin"))
            self.assertEqual(last_audit_record(path, BUILTIN_AUDIENCE)["decision"]["engine"], "builtin")
            self.assertEqual(last_audit_record(path, OPA_AUDIENCE)["decision"]["engine"], "opa")
            self.assertIsNone(last_audit_record(path, "analytics-mcp"))
            self.assertIsNone(last_audit_record(os.path.join(tmp, "missing.log"), "analytics-mcp"))


if __name__ == "__main__":
    unittest.main()
