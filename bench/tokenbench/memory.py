"""The memory scenario: many users' tokens exchanged on the installed server, RSS before and after."""

import os
import re
import time

from . import admin as admin_rest
from .log import log
from .oauth import direct_grant_tokens
from .processes import heap_mb, jcmd, rss_mb
from .scenarios import GATEWAY_CLIENT, MEMORY_UPSTREAM

WORKERS = 8


def bench_user(i):
    """(username, email, password) of benchmark user i; the emails are provisioned in the benchmark's
    emulator."""
    return f"bench{i:05d}", f"bench{i:05d}@acme.test", f"bench-{i}"


def bench_emails(users):
    return [bench_user(i)[1] for i in range(users)]


def parse_histogram(text):
    """{class: (instances, bytes)} and the total bytes (or None) of `jcmd GC.class_histogram`."""
    classes = {}
    for line in text.splitlines():
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            classes[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    total = re.search(r"^Total\s+(\d+)\s+(\d+)", text, re.M)
    return classes, (int(total.group(2)) if total else None)


def class_growth(before, after):
    """(bytes, instances, class) grown from before to after, largest first."""
    grown = []
    for cls, (count, size) in after.items():
        c0, s0 = before.get(cls, (0, 0))
        grown.append((size - s0, count - c0, cls))
    return sorted(grown, reverse=True)


def memory_point(pid, results_dir, name):
    """RSS as found; then a full GC, RSS and live heap after it, and a class histogram of live objects."""
    rss = rss_mb(pid)
    heap_used, heap_committed = heap_mb(pid)
    jcmd(pid, "GC.run")
    time.sleep(3)
    heap_used_gc, heap_committed_gc = heap_mb(pid)
    rss_gc = rss_mb(pid)
    histogram = jcmd(pid, "GC.class_histogram")
    with open(os.path.join(results_dir, f"histogram-{name}.txt"), "w") as f:
        f.write(histogram)
    classes, live_bytes = parse_histogram(histogram)
    return dict(rss_mb=rss, heap_used_mb=heap_used, heap_committed_mb=heap_committed, rss_gc_mb=rss_gc,
                heap_used_gc_mb=heap_used_gc, heap_committed_gc_mb=heap_committed_gc, classes=classes,
                live_mb=live_bytes / 1024 / 1024 if live_bytes is not None else None)


def many_users(load, server, admin, users, exchanges, warmup_seconds, results_dir):
    """users created by partial import, their tokens by direct grant, then exchanges spread over them."""
    log(f"memory scenario: {users} users, {exchanges} federated exchanges")
    people = [bench_user(i) for i in range(users)]
    import_s = admin_rest.prepare_many_users(admin, people)
    t0 = time.time()
    tokens = direct_grant_tokens(server.port, [(username, password) for username, _, password in people], WORKERS)
    tokens_s = time.time() - t0
    log(f"  obtained {len(tokens)} user tokens in {tokens_s:.0f} s")
    token_file = os.path.join(results_dir, "memory-tokens.txt")
    with open(token_file, "w") as f:
        f.write("\n".join(tokens) + "\n")
    os.chmod(token_file, 0o600)
    exchange = dict(client=GATEWAY_CLIENT, audience=MEMORY_UPSTREAM)
    # Warm the path up (alice, one cache entry) before measuring RSS.
    load.run("memory warm-up (alice)", "m", 8, max(5, warmup_seconds // 3), phase="memory-warmup", **exchange)
    time.sleep(3)
    before = memory_point(server.pid, results_dir, "before")
    run = load.run(f"m: {exchanges} exchanges / {users} users", "m", 8, token_file=token_file, quota=exchanges,
                   phase="memory", **exchange)
    after = memory_point(server.pid, results_dir, "after")
    os.remove(token_file)
    log(f"  RSS {before['rss_mb']:.0f} -> {after['rss_mb']:.0f} MB (no forced GC); after full GC "
        f"{before['rss_gc_mb']:.0f} -> {after['rss_gc_mb']:.0f} MB; live objects "
        f"{before['live_mb']:.0f} -> {after['live_mb']:.0f} MB")
    return dict(users=users, exchanges=exchanges, import_s=import_s, tokens_s=tokens_s, before=before, after=after,
                run=run)
