#!/usr/bin/env bash
# Workers benchmark (issue 17): 200 papers at 200 ms per model reply, 4 model calls per worker, 1, 2 and 4
# `dailypapers worker` processes on this machine, each against a fresh database of one throwaway PostgreSQL server;
# prints wall time (enqueue -> published) beside the ideal for each, side by side.
# Usage: bash bench/workers/run.sh [papers, default 200] [latency ms, default 200]
# BASELINE=DIR (another checkout, e.g. `git worktree add ../base COMMIT`): each round runs that checkout's CLI, then
# this one's, on the same server; ROUNDS (default 1) rounds; WORKERS (default 1,2,4) the worker counts.
set -euo pipefail
cd "$(dirname "$0")/../.."
papers=${1:-200}
latency=${2:-200}
dotnet build src/DailyPapers.Cli -c Release -v q -nologo >/dev/null
dotnet build bench/DailyPapers.Benchmarks -c Release -v q -nologo >/dev/null
. bench/throwaway-postgres.sh
throwaway_postgres workers -c max_connections=300 -c fsync=off
bench() {
  dotnet bench/DailyPapers.Benchmarks/bin/Release/net10.0/DailyPapers.Benchmarks.dll workers \
    "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" --papers "$papers" --latency-ms "$latency" --calls-per-worker 4 --workers "${WORKERS:-1,2,4}" "$@"
}
if [ -z "${BASELINE:-}" ]; then bench; exit 0; fi
(cd "$BASELINE" && dotnet build src/DailyPapers.Cli -c Release -v q -nologo >/dev/null)
for round in $(seq "${ROUNDS:-1}"); do
  echo "round $round: baseline $BASELINE ($(git -C "$BASELINE" rev-parse --short HEAD))"
  bench --cli "$BASELINE/src/DailyPapers.Cli/bin/Release/net10.0/DailyPapers.Cli.dll"
  echo "round $round: this checkout ($(git rev-parse --short HEAD), $(git status --porcelain | grep -c . || true) files changed)"
  bench
done
