"""Keycloak Token Broker benchmark (run it through bench/run-benchmark.sh).

Two Keycloaks from the same 26.7.3 distribution in one run: the installed one (./run.sh --fresh, our
provider jars, the acme demo realm, the loopback upstream emulators) and a stock one (no jars, the
same realm without our parts). One load generator (wrk, bench/exchange.lua) drives one of them at a
time at fixed concurrency levels; then a memory scenario over many users on the installed server.
Writes BENCHMARKS.md and keeps the raw material under bench/results/<timestamp>/.

Modules, one job each:
  project     where things are: repository root, Keycloak version, distribution, realm export
  scenarios   what is measured: the scenarios, their clients and audiences, the run modes
  processes   /proc: pids, CPU and RSS sampling, jcmd, waiting for a quiet machine, stopping
  stock       the stock server's home and its realm without our parts
  servers     starting and stopping the installed and stock Keycloaks and the emulators
  oauth       HTTP calls: subject tokens, one token exchange, direct grants
  admin       admin REST set-up of the benchmark clients and upstreams
  load        wrk runs, warm-up, measurement rounds and their order
  statistics  aggregation of rounds, paired ratios, 95 % intervals, yes / no / not decided
  targets     the targets and their verdicts
  memory      the many-users memory scenario
  profiling   the JFR recording and its summary
  facts       machine and version facts for the report
  report      BENCHMARKS.md
  run         one benchmark run from start to stop
  experiments the server fixture of bench/experiments/
  cli         command-line options (python3 -m tokenbench, through bench/run-benchmark.sh)
  log         time-stamped progress lines
"""
