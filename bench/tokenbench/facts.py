"""Facts about the machine and the versions under test, for the report."""

import os
import platform
import subprocess

from .processes import jvm_options
from .project import ROOT, keycloak_version, pom_value


def source_commit():
    """The commit measured, marked when the providers' sources differ from it."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "spi-token-exchange", "spi-upstream-providers"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return commit.stdout.strip() + (" (providers modified)" if dirty else "")


def first_line(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    lines = (out.stdout + out.stderr).splitlines()
    return lines[0] if lines else "?"


def os_name():
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.platform()


def machine_facts(installed_pid=None, stock_pid=None):
    facts = {"cpus": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            models = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        facts["cpu"] = f"{models[0] if models else platform.processor()} ({os.cpu_count()} logical CPUs)"
    except OSError:
        facts["cpu"] = f"{os.cpu_count()} CPUs"
    with open("/proc/meminfo") as f:
        facts["memory"] = f"{int(f.readline().split()[1]) / 1024 / 1024:.1f} GiB RAM"
    facts["os"] = f"{os_name()}, Linux {platform.release()}"
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    facts["java"] = java[1].strip() if len(java) > 1 else (java[0] if java else "?")
    facts["wrk"] = first_line(["wrk", "--version"]).split(" Copyright")[0].strip()
    facts["keycloak"] = keycloak_version()
    facts["project"] = pom_value("version")
    facts["commit"] = source_commit()
    facts["jvm"] = jvm_options(installed_pid)
    facts["jvm_stock"] = jvm_options(stock_pid)
    return facts
