"""Processes seen through /proc: finding pids, sampling CPU and RSS, jcmd, a quiet machine, stopping."""

import os
import re
import signal
import socket
import subprocess
import threading
import time

from .log import log

CLK_TCK = os.sysconf("SC_CLK_TCK")


def port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_port_from(start, also_free_at=None):
    """The first free port from start on; with also_free_at, one whose port + that offset is free too
    (Keycloak's management port)."""
    port = start
    while not (port_free(port) and (also_free_at is None or port_free(port + also_free_at))):
        port += 1
    return port


def _stat_fields(pid):
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    # the command name may hold spaces and parentheses: the fields start after the last ")"
    return stat[stat.rindex(")") + 2:].split()


def children(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            ppid = int(_stat_fields(entry)[1])
        except (OSError, ValueError):
            continue
        if ppid == pid:
            kids.append(int(entry))
    return kids


def descendants(pid):
    found, todo = [], [pid]
    while todo:
        kids = children(todo.pop())
        found += kids
        todo += kids
    return found


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def java_descendant(pid, *markers):
    """The java process below pid whose command line holds every marker: kc.sh runs java as its child,
    or execs it after a re-augmentation, so the whole tree is searched."""
    for candidate in descendants(pid) + [pid]:
        line = cmdline(candidate)
        if comm(candidate) == "java" and all(m in line for m in markers):
            return candidate
    return None


def jvm_options(pid):
    return " ".join(a for a in cmdline(pid).split() if a.startswith(("-X", "-XX"))) if pid else ""


def cpu_seconds(pid):
    """utime + stime of the whole process (all threads)."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def thread_kind(name):
    """What a JVM thread does, by the name the JVM gives it: the JIT compiler, the garbage collector, or
    anything else (request workers, I/O...)."""
    if "CompilerThre" in name:
        return "jit"
    if name.startswith(("G1 ", "GC Thread", "VM Thread")):
        return "gc"
    return "other"


def jvm_thread_cpu(pid):
    """Seconds of CPU by thread kind (thread_kind) over the threads alive now. The JIT starts and ends
    compiler threads as needed, so differences over a run are approximate (a thread that ended takes
    its seconds with it)."""
    seconds = {"jit": 0.0, "gc": 0.0}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                kind = thread_kind(f.read().strip())
            if kind in seconds:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                seconds[kind] += (int(fields[11]) + int(fields[12])) / CLK_TCK
        except (OSError, IndexError, ValueError):
            continue  # the thread ended meanwhile
    return seconds


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def machine_ticks():
    """(all ticks, idle ticks) of the machine since boot."""
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    return sum(parts), parts[3] + parts[4]


def busy_fraction(before, after):
    (total0, idle0), (total1, idle1) = before, after
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


class Sampler:
    """CPU and RSS of the server under load while a run goes on, and the CPU of named groups of other
    processes we started (emulators, the idle server), so that what is left is other people's load."""

    def __init__(self, pid, groups):
        self.pid = pid
        self.groups = {name: [p for p in pids if p] for name, pids in groups.items()}
        self.rss = []
        self._stop = threading.Event()

    def __enter__(self):
        self.t0 = time.time()
        self.cpu0 = cpu_seconds(self.pid)
        self.threads0 = jvm_thread_cpu(self.pid)
        self.group0 = {p: cpu_seconds(p) for pids in self.groups.values() for p in pids if alive(p)}
        self.machine0 = machine_ticks()
        self.rss_start = rss_mb(self.pid)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self):
        while not self._stop.wait(0.5):
            try:
                self.rss.append(rss_mb(self.pid))
            except OSError:
                return

    def _group_pct(self, pids, wall):
        return sum(100.0 * (cpu_seconds(p) - self.group0[p]) / wall for p in pids if p in self.group0 and alive(p))

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()
        wall = time.time() - self.t0
        threads = jvm_thread_cpu(self.pid)
        self.result = dict(
            wall_s=wall,
            cpu_pct=100.0 * (cpu_seconds(self.pid) - self.cpu0) / wall,
            # approximate (see jvm_thread_cpu): how much of the server's CPU went to the JIT and the GC
            jit_cpu_pct=max(0.0, 100.0 * (threads["jit"] - self.threads0["jit"]) / wall),
            gc_cpu_pct=max(0.0, 100.0 * (threads["gc"] - self.threads0["gc"]) / wall),
            group_cpu_pct={name: self._group_pct(pids, wall) for name, pids in self.groups.items()},
            machine_busy_pct=100.0 * busy_fraction(self.machine0, machine_ticks()),
            rss_start_mb=self.rss_start,
            rss_end_mb=rss_mb(self.pid),
            rss_max_mb=max(self.rss + [self.rss_start]),
        )
        return False


def jcmd(pid, *args, timeout=120):
    out = subprocess.run(["jcmd", str(pid), *args], capture_output=True, text=True, timeout=timeout)
    return out.stdout + out.stderr


def heap_mb(pid):
    """(used, committed) MB of the G1 heap, or (None, None)."""
    m = re.search(r"garbage-first heap\s+total (\d+)K, used (\d+)K", jcmd(pid, "GC.heap_info"))
    return (int(m.group(2)) / 1024.0, int(m.group(1)) / 1024.0) if m else (None, None)


def busy_cores_pct(seconds=5):
    """How much of one core (100 % = one core) the whole machine used over the next seconds."""
    before = machine_ticks()
    time.sleep(seconds)
    return 100.0 * os.cpu_count() * busy_fraction(before, machine_ticks())


def wait_for_quiet(limit, threshold_pct=15):
    """Other CPU load (another Keycloak, a build) distorts every number: wait up to limit seconds for
    it to end. Returns (busy % of a core when it stopped waiting, seconds waited, quiet?)."""
    t0 = time.time()
    while True:
        busy = busy_cores_pct()
        if busy < threshold_pct:
            log(f"machine quiet ({busy:.0f} % of a core busy)")
            return busy, time.time() - t0, True
        if time.time() - t0 > limit:
            log(f"machine still busy ({busy:.0f} % of a core) after {limit} s; measuring anyway")
            return busy, time.time() - t0, False
        log(f"other processes use {busy:.0f} % of a core; waiting for the machine to be quiet (up to {limit} s, "
            "--wait-idle)")
        time.sleep(10)


def stop_session(process, grace_s, java_pids=()):
    """TERM to every process of the session a Popen(start_new_session=True) began (run.sh and kc.sh run
    java as children), KILL to what is left after grace_s. java_pids: processes of that session to wait
    for as well, since the shell may exit before its java child has."""
    if process is None:
        return
    pids = [p for p in java_pids if p]

    def running():
        return process.poll() is None or any(alive(p) and comm(p) == "java" for p in pids)

    def signal_session(sig):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass

    if not running():
        return
    signal_session(signal.SIGTERM)
    deadline = time.time() + grace_s
    while running() and time.time() < deadline:
        time.sleep(0.5)
    if running():
        signal_session(signal.SIGKILL)
        process.wait()
