"""CPU samples of both servers of a simultaneous pair, taken during the same runs, per 1,000 requests.

A profile of one server after the other compares moments on a VM whose speed moves by up to 30 %
within a minute, so the same Keycloak code came out 3-30 % dearer on whichever server ran at the
slower moment. Sampling both servers while they serve their loads side by side (bench/tokenbench/
simultaneous.py) compares what each request costs on the same machine at the same time.

async-profiler (the Maven Central artifact tools.profiler:async-profiler) is attached through jcmd,
itimer at 1 ms, and writes collapsed stacks: one line per distinct stack, frames root first, then the
sample count.
"""

import collections
import os
import re

from .processes import jcmd

# Lambda and hidden classes get a new name in every JVM (EventBuilder$$Lambda$2097/0x00007f65...,
# LambdaForm$MH/0x00007f65...): one name for all (frames have '/' turned into '.' first).
_GENERATED = re.compile(r"\$\$Lambda.*|\.0x[0-9a-f]+")

# What a sample's thread was doing. The JIT compiler and GC run in VM threads whose stacks hold no Java
# frame (async-profiler writes Java classes with '/', VM functions with '::'); a Java request thread can
# end in a G1 barrier and is told by its Java frames.
THREAD_AREAS = (
    ("JIT compiler", ("CompileBroker::",)),
    ("GC", ("GangWorker::", "G1", "ConcurrentGCThread::", "VM_G1")),
)
STACK_AREAS = (
    ("token endpoint", ("TokenEndpoint",)),
    ("HTTP and transaction end (Vert.x, Netty, commit)", ("io/vertx", "io.vertx", "io/netty", "io.netty")),
)
AREAS = THREAD_AREAS + STACK_AREAS
OTHER_AREA = "other"


def frame_name(frame):
    return _GENERATED.sub("", frame.replace("/", "."))


def area_of(stack):
    for name, markers in (STACK_AREAS if "/" in stack else THREAD_AREAS):
        if any(marker in stack for marker in markers):
            return name
    return OTHER_AREA

class Samples:
    """Inclusive samples per frame (a frame counted once per stack) and per area, over one scenario's runs."""

    def __init__(self):
        self.total = 0
        self.requests = 0
        self.frames = collections.Counter()
        self.areas = collections.Counter()

    def add_collapsed(self, lines):
        for line in lines:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if stack and count.isdigit():
                self.add_stack(stack.split(";"), int(count), area_of(stack))

    def add_stack(self, frames, n, area=OTHER_AREA):
        """n samples of one stack (its frames in any order)."""
        self.total += n
        self.areas[area] += n
        for frame in {frame_name(f) for f in frames}:
            self.frames[frame] += n

    def per_thousand(self, counts):
        return {key: n * 1000 / self.requests for key, n in counts.items()} if self.requests else {}


class PairProfiler:
    """Starts and stops async-profiler in both servers of a pair and collects what each run cost."""

    def __init__(self, lib, out_dir):
        self.lib, self.out_dir = lib, out_dir
        self.samples = collections.defaultdict(Samples)

    def start(self, pids):
        for pid in set(pids):
            # quoted: jcmd splits at =
            jcmd(pid, "JVMTI.agent_load", self.lib, '"start,event=itimer,interval=1ms"')

    def stop(self, runs_by_pid, tag):
        """runs_by_pid: {pid: run} for a run of each server; reads each server's stacks into its scenario."""
        for pid, run in runs_by_pid.items():
            path = os.path.join(self.out_dir, f"pair-{tag}-{run['scenario']}.collapsed")
            jcmd(pid, "JVMTI.agent_load", self.lib, f'"stop,file={path},collapsed"')
            samples = self.samples[run["scenario"]]
            samples.requests += run["requests"]
            with open(path) as f:
                samples.add_collapsed(f)


def area_rows(samples, keys):
    """Markdown rows: samples per 1,000 requests by area, one column per scenario."""
    rows = [f"| area | {' | '.join(keys)} |", "|---|" + "---:|" * len(keys)]
    areas = [name for name, _ in AREAS] + [OTHER_AREA]
    for area in areas + ["all"]:
        cells = []
        for key in keys:
            s = samples[key]
            n = s.total if area == "all" else s.areas.get(area, 0)
            cells.append(f"{n * 1000 / s.requests:.0f}" if s.requests else "")
        rows.append(f"| {area} | {' | '.join(cells)} |")
    return rows


def difference_rows(samples, key, reference, prefixes=("org.keycloak.", "dev.tokenbroker.", "org.h2.", "org.hibernate."),
                    count=25):
    """Markdown rows: the frames (of these packages; ("",) for all) whose inclusive samples per 1,000
    requests differ most between the two, either way."""
    mine, theirs = samples[key].per_thousand(samples[key].frames), samples[reference].per_thousand(samples[reference].frames)
    frames = [f for f in set(mine) | set(theirs) if f.startswith(prefixes)]
    frames.sort(key=lambda f: -abs(mine.get(f, 0) - theirs.get(f, 0)))
    rows = [f"| frame (inclusive) | {reference} | {key} | {key} − {reference} |", "|---|---:|---:|---:|"]
    for f in frames[:count]:
        rows.append(f"| `{f}` | {theirs.get(f, 0):.1f} | {mine.get(f, 0):.1f} | {mine.get(f, 0) - theirs.get(f, 0):+.1f} |")
    return rows
