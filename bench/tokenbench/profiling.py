"""One JFR recording on the installed server, one wall-clock window per scenario, and its summary."""

import datetime
import json
import os
import subprocess
import time

from .log import log
from .processes import jcmd
from .project import ROOT

JFC = os.path.join(ROOT, "bench", "cpu-sampling.jfc")
RECOMPILE_SECONDS = 8

# The innermost frame of a sample that falls in one of these decides what the CPU was doing.
CATEGORIES = [
    ("RSA arithmetic (java.math, sun.security.rsa: signing, verifying)", ("java.math.", "sun.security.rsa.")),
    ("other crypto & hashing", ("sun.security.", "com.sun.crypto.", "org.bouncycastle.", "java.security.",
                                "javax.crypto.")),
    ("H2 database (dev-file)", ("org.h2.",)),
    ("Hibernate/JPA/Agroal/Narayana", ("org.hibernate.", "io.agroal.", "com.arjuna.", "org.jboss.jandex")),
    ("Infinispan", ("org.infinispan.", "org.jgroups.")),
    ("JSON (Jackson)", ("com.fasterxml.",)),
    ("outbound HTTP (Apache HttpClient)", ("org.apache.http.",)),
    ("logging", ("org.jboss.logmanager.", "org.jboss.logging.", "org.slf4j.")),
    ("Token Broker (dev.tokenbroker)", ("dev.tokenbroker.",)),
    ("Keycloak", ("org.keycloak.",)),
    ("HTTP server (Vert.x/Netty/RESTEasy/Quarkus)", ("io.vertx.", "io.netty.", "org.jboss.resteasy.", "io.quarkus.",
                                                      "io.smallrye.", "jakarta.")),
    ("OpenTelemetry/Micrometer", ("io.opentelemetry.", "io.micrometer.")),
    ("JDK regex", ("java.util.regex.",)),
    ("JDK other", ("java.", "jdk.", "sun.")),
]
# JDK plumbing every library calls into: a sample there is charged to the library that called it.
JDK_PLUMBING = ("java.util.", "java.lang.", "jdk.internal.", "java.io.", "java.nio.", "java.time.")
INCLUSIVE_PREFIXES = ("org.keycloak.", "dev.tokenbroker.", "org.h2.", "sun.security.rsa.", "org.apache.http.impl.",
                      "org.hibernate.internal.SessionImpl", "org.infinispan.")


def category_of(cls):
    return next((name for name, prefixes in CATEGORIES if cls.startswith(prefixes)), None)


def categorize(frames):
    """frames: (class, method) leaf first."""
    for cls, _ in frames:
        if cls.startswith(JDK_PLUMBING) and not cls.startswith("java.util.regex."):
            continue
        name = category_of(cls)
        if name:
            return name
    return (category_of(frames[0][0]) if frames else None) or "other"


def summarize_samples(samples):
    total = len(samples)
    leaf, inclusive, cats = {}, {}, {}
    for frames in samples:
        if not frames:
            continue
        key = f"{frames[0][0]}.{frames[0][1]}"
        leaf[key] = leaf.get(key, 0) + 1
        seen = set()
        for cls, meth in frames:
            if "$$Lambda" in cls or not cls.startswith(INCLUSIVE_PREFIXES):
                continue
            k = f"{cls}.{meth}"
            if k not in seen:
                seen.add(k)
                inclusive[k] = inclusive.get(k, 0) + 1
        c = categorize(frames)
        cats[c] = cats.get(c, 0) + 1

    def top(counts, n):
        return [(k, v, 100.0 * v / max(1, total)) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:n]]

    ours = {k: v for k, v in inclusive.items() if k.startswith("dev.tokenbroker.")}
    theirs = {k: v for k, v in inclusive.items() if not k.startswith("dev.tokenbroker.")}
    return dict(samples=total, leaf=top(leaf, 12), inclusive=top(theirs, 40), ours=top(ours, 25),
                categories=top(cats, 20))


def summarize_jfr(path, windows):
    """Summaries of the execution samples that fall in each named (start, end) wall-clock window."""
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "512", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, timeout=600)
    per_window = {key: [] for key in windows}
    for ev in json.loads(out.stdout)["recording"]["events"]:
        stamp = ev["values"]["startTime"]  # e.g. 2026-11-26T08:05:36.587718237Z
        when = datetime.datetime.fromisoformat(stamp[:26] + "+00:00").timestamp()
        key = next((k for k, (a, b) in windows.items() if a <= when <= b), None)
        if key is not None:
            per_window[key].append([(fr["method"]["type"]["name"].replace("/", "."), fr["method"]["name"])
                                    for fr in ev["values"]["stackTrace"]["frames"]])
    return {key: summarize_samples(samples) for key, samples in per_window.items()}


def record(load, server, keys, seconds, results_dir):
    """Profiles each scenario for seconds at 8 connections; returns (summaries, windows)."""
    log(f"profiling: one JFR recording (bench/cpu-sampling.jfc) on the {server.name} server, {seconds} s per "
        "scenario at 8 connections")
    path = os.path.join(results_dir, "profile.jfr")
    # Subject tokens first: the logins are not the exchange.
    tokens = {key: server.subject_token() for key in keys}
    jcmd(server.pid, "JFR.start", "name=bench-profile", "settings=" + JFC)
    # Starting JFR de-optimises compiled code; let every path recompile under the recording first.
    for key in keys:
        load.run(f"profile warm-up {key}", key, 8, RECOMPILE_SECONDS, token=tokens[key], phase="profile-warmup")
    windows = {}
    for key in keys:
        begin = time.time()
        load.run(f"profile {key}", key, 8, seconds, token=tokens[key], phase="profile")
        windows[key] = (begin + 0.5, time.time() - 0.3)
    jcmd(server.pid, "JFR.stop", "name=bench-profile", f"filename={path}")
    return summarize_jfr(path, windows), windows
