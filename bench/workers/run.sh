#!/usr/bin/env bash
# Workers benchmark (issue 17): 200 papers at 200 ms per model reply, 4 model calls per worker, 1, 2 and 4
# `dailypapers worker` processes on this machine, each against a fresh database of one throwaway PostgreSQL server;
# prints wall time (enqueue -> published) beside the ideal for each, side by side.
# Usage: bash bench/workers/run.sh [papers, default 200] [latency ms, default 200]
set -euo pipefail
cd "$(dirname "$0")/../.."
papers=${1:-200}
latency=${2:-200}
dotnet build src/DailyPapers.Cli -c Release -v q -nologo >/dev/null
dotnet build bench/DailyPapers.Benchmarks -c Release -v q -nologo >/dev/null
. bench/throwaway-postgres.sh
throwaway_postgres workers -c max_connections=300 -c fsync=off
dotnet bench/DailyPapers.Benchmarks/bin/Release/net10.0/DailyPapers.Benchmarks.dll workers \
  "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" --papers "$papers" --latency-ms "$latency" --calls-per-worker 4 --workers 1,2,4
