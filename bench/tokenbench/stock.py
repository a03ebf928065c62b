"""The stock server: the same Keycloak distribution with none of our jars and the demo realm without
the parts that only our providers understand.

Stock Keycloak refuses to start on the acme export as it is ("Invalid provider type
'dev.tokenbroker.upstream.UpstreamProvider'", tried on 26.7.3): the realm holds our upstream
components. Its protocol mappers of our types would be left pointing at a provider that does not
exist. Both are removed from a copy made for the stock server. Our client and realm attributes
(tokenbroker.*) stay: plain strings stock Keycloak stores and never reads, so both servers hold the
same realm data otherwise.
"""

import copy
import json
import os
import shutil

OUR_COMPONENT_TYPES = ("dev.tokenbroker.",)
OUR_MAPPER_TYPES = ("tokenbroker-",)
OUR_EXECUTOR_TYPES = ("tokenbroker-",)
OUR_ADMIN_THEME = "tokenbroker"


def stock_realm(realm):
    """A copy of a realm representation without our components, protocol mappers, client-policy
    executors and admin console theme."""
    stripped = copy.deepcopy(realm)
    components = stripped.get("components")
    if components:
        stripped["components"] = {kind: entries for kind, entries in components.items()
                                  if not kind.startswith(OUR_COMPONENT_TYPES)}
    for holder in stripped.get("clients", []) + stripped.get("clientScopes", []):
        if "protocolMappers" in holder:
            holder["protocolMappers"] = [m for m in holder["protocolMappers"]
                                         if not m.get("protocolMapper", "").startswith(OUR_MAPPER_TYPES)]
    for profile in (stripped.get("clientProfiles") or {}).get("profiles", []):
        profile["executors"] = [e for e in profile.get("executors", [])
                                if not e.get("executor", "").startswith(OUR_EXECUTOR_TYPES)]
    if stripped.get("adminTheme") == OUR_ADMIN_THEME:
        del stripped["adminTheme"]
    return stripped


def prepare_home(distribution, home, realm_export):
    """A fresh server home, as ./run.sh and the integration tests' DistributionServer build theirs:
    bin, conf, themes and the Quarkus build output copied (start-dev's build step rewrites them), the
    library jars linked from the distribution, an empty providers/ and the stock realm to import.
    Everything under home is replaced, so each run starts on an empty database."""
    if not os.access(os.path.join(distribution, "bin", "kc.sh"), os.X_OK):
        raise SystemExit(f"no Keycloak distribution at {distribution}; run without --skip-build")
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(os.path.join(home, "lib"))
    for part in ("bin", "conf", "themes"):
        shutil.copytree(os.path.join(distribution, part), os.path.join(home, part), symlinks=True)
    for part in ("app", "quarkus"):
        shutil.copytree(os.path.join(distribution, "lib", part), os.path.join(home, "lib", part), symlinks=True)
    shutil.copy2(os.path.join(distribution, "lib", "quarkus-run.jar"), os.path.join(home, "lib"))
    os.symlink(os.path.abspath(os.path.join(distribution, "lib", "lib")), os.path.join(home, "lib", "lib"))
    os.makedirs(os.path.join(home, "providers"))
    imports = os.path.join(home, "data", "import")
    os.makedirs(imports)
    with open(realm_export) as f:
        realm = json.load(f)
    with open(os.path.join(imports, os.path.basename(realm_export)), "w") as f:
        json.dump(stock_realm(realm), f)
