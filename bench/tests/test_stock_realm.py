import copy
import json
import os
import tempfile
import unittest

from fixtures import REPOSITORY
from tokenbench.stock import prepare_home, stock_realm

REALM = {
    "realm": "acme",
    "attributes": {"tokenbroker.delegation.max-lifetime": "300"},
    "components": {
        "dev.tokenbroker.upstream.UpstreamProvider": [{"name": "databricks", "providerId": "databricks"}],
        "org.keycloak.keys.KeyProvider": [{"name": "rsa", "providerId": "rsa-generated"}],
    },
    "clients": [
        {"clientId": "mcp-gateway", "attributes": {"tokenbroker.delegation.enabled": "true"}, "protocolMappers": [
            {"name": "act", "protocolMapper": "tokenbroker-act-introspection-mapper"},
            {"name": "aud", "protocolMapper": "oidc-audience-mapper"}]},
        {"clientId": "warehouse-api"},
    ],
    "clientScopes": [{"name": "agents", "protocolMappers": [
        {"name": "act", "protocolMapper": "tokenbroker-act-introspection-mapper"}]}],
}


class StockRealmTest(unittest.TestCase):

    def test_our_upstream_components_are_removed_and_keycloak_ones_kept(self):
        self.assertEqual(list(stock_realm(REALM)["components"]), ["org.keycloak.keys.KeyProvider"])

    def test_our_protocol_mappers_are_removed_from_clients_and_client_scopes(self):
        stripped = stock_realm(REALM)
        self.assertEqual([m["name"] for m in stripped["clients"][0]["protocolMappers"]], ["aud"])
        self.assertEqual(stripped["clientScopes"][0]["protocolMappers"], [])

    def test_clients_without_mappers_and_our_attributes_stay_as_they_are(self):
        stripped = stock_realm(REALM)
        self.assertEqual(stripped["clients"][1], {"clientId": "warehouse-api"})
        self.assertEqual(stripped["attributes"], REALM["attributes"])
        self.assertEqual(stripped["clients"][0]["attributes"], REALM["clients"][0]["attributes"])

    def test_our_client_policy_executors_and_admin_theme_are_removed(self):
        realm = dict(REALM, adminTheme="tokenbroker", clientProfiles={"profiles": [{"name": "mcp", "executors": [
            {"executor": "tokenbroker-resource-indicators", "configuration": {}},
            {"executor": "pkce-enforcer", "configuration": {}}]}]})
        stripped = stock_realm(realm)
        self.assertEqual([e["executor"] for e in stripped["clientProfiles"]["profiles"][0]["executors"]], ["pkce-enforcer"])
        self.assertNotIn("adminTheme", stripped)

    def test_the_original_is_not_changed(self):
        before = copy.deepcopy(REALM)
        stock_realm(REALM)
        self.assertEqual(REALM, before)

    def test_the_demo_realm_export_keeps_its_clients_and_users_without_our_parts(self):
        with open(os.path.join(REPOSITORY, "realm-exports", "acme-realm.json")) as f:
            export = json.load(f)
        stripped = stock_realm(export)
        text = json.dumps({k: v for k, v in stripped.items() if k in ("components", "clients", "clientScopes")})
        self.assertNotIn("dev.tokenbroker.", json.dumps(stripped.get("components", {})))
        self.assertNotIn('"tokenbroker-', text)
        self.assertEqual([c["clientId"] for c in stripped["clients"]], [c["clientId"] for c in export["clients"]])
        self.assertEqual(stripped["users"], export["users"])

    def test_the_demo_realm_s_policy_settings_stay_as_plain_attributes_and_its_upstream_policies_go(self):
        with open(os.path.join(REPOSITORY, "realm-exports", "acme-realm.json")) as f:
            export = json.load(f)
        stripped = stock_realm(export)
        # realm attributes (tokenbroker.policy.*, with import placeholders) are strings stock Keycloak stores
        self.assertEqual(stripped["attributes"], export["attributes"])
        self.assertTrue(any(key.startswith("tokenbroker.policy.") for key in stripped["attributes"]))
        # the upstream components holding policy.* settings are ours, so they are removed
        self.assertNotIn('"policy.engine"', json.dumps(stripped.get("components", {})))


class StockHomeTest(unittest.TestCase):
    """A stand-in distribution in a temporary directory, shaped like Keycloak's."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.dist = os.path.join(self.tmp.name, "keycloak-26.7.3")
        for part in ("bin", "conf", "themes", "lib/app", "lib/quarkus", "lib/lib/main", "providers"):
            os.makedirs(os.path.join(self.dist, part))
        for name in ("lib/quarkus-run.jar", "lib/quarkus/generated.dat", "lib/lib/main/keycloak.jar",
                     "conf/keycloak.conf", "providers/README.md"):
            self.write(os.path.join(self.dist, name), name)
        self.write(os.path.join(self.dist, "bin", "kc.sh"), "#!/bin/sh\n")
        os.chmod(os.path.join(self.dist, "bin", "kc.sh"), 0o755)
        self.realm = os.path.join(self.tmp.name, "acme-realm.json")
        self.write(self.realm, json.dumps(REALM))
        self.home = os.path.join(self.tmp.name, "stock-home")

    @staticmethod
    def write(path, text):
        with open(path, "w") as f:
            f.write(text)

    def test_the_home_copies_what_the_build_step_rewrites_and_links_the_library(self):
        prepare_home(self.dist, self.home, self.realm)
        self.assertTrue(os.access(os.path.join(self.home, "bin", "kc.sh"), os.X_OK))
        self.assertTrue(os.path.isfile(os.path.join(self.home, "lib", "quarkus", "generated.dat")))
        self.assertTrue(os.path.isfile(os.path.join(self.home, "lib", "quarkus-run.jar")))
        self.assertFalse(os.path.islink(os.path.join(self.home, "lib", "quarkus")))
        self.assertEqual(os.readlink(os.path.join(self.home, "lib", "lib")), os.path.join(self.dist, "lib", "lib"))

    def test_providers_is_empty(self):
        prepare_home(self.dist, self.home, self.realm)
        self.assertEqual(os.listdir(os.path.join(self.home, "providers")), [])

    def test_the_realm_to_import_is_the_stock_realm(self):
        prepare_home(self.dist, self.home, self.realm)
        with open(os.path.join(self.home, "data", "import", "acme-realm.json")) as f:
            self.assertEqual(json.load(f), stock_realm(REALM))

    def test_a_home_left_by_an_earlier_run_is_replaced_with_its_database(self):
        prepare_home(self.dist, self.home, self.realm)
        old_database = os.path.join(self.home, "data", "h2", "keycloakdb.mv.db")
        os.makedirs(os.path.dirname(old_database))
        self.write(old_database, "old")
        prepare_home(self.dist, self.home, self.realm)
        self.assertFalse(os.path.exists(old_database))

    def test_a_missing_distribution_asks_for_the_build(self):
        with self.assertRaises(SystemExit) as refused:
            prepare_home(os.path.join(self.tmp.name, "nowhere"), self.home, self.realm)
        self.assertIn("run without --skip-build", str(refused.exception))


if __name__ == "__main__":
    unittest.main()
