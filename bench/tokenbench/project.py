"""Where things are in the repository."""

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REALM = "acme"
REALM_EXPORT = os.path.join(ROOT, "realm-exports", "acme-realm.json")
RESULTS = os.path.join(ROOT, "bench", "results")


def pom_value(tag):
    with open(os.path.join(ROOT, "pom.xml")) as f:
        return re.search(rf"<{tag}>(.*?)</{tag}>", f.read()).group(1)


def keycloak_version():
    return pom_value("keycloak.version")


def distribution():
    """The Keycloak distribution the build unpacks (integration-tests, pre-integration-test)."""
    version = keycloak_version()
    return os.path.join(ROOT, ".cache", f"keycloak-{version}", f"keycloak-{version}")


def relative(path):
    """A path for log lines: relative inside the repository, absolute outside it."""
    inside = os.path.relpath(path, ROOT)
    return os.path.abspath(path) if inside.startswith("..") else inside
