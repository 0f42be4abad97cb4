#!/usr/bin/env bash
# Workers benchmark (issue 17): 200 papers at 200 ms per model reply, 4 model calls per worker, 1, 2 and 4
# `dailypapers worker` processes on this machine, each against a fresh database of one throwaway PostgreSQL server;
# prints wall time (enqueue -> published) beside the ideal for each, side by side.
# Usage: bash bench/workers/run.sh [papers, default 200] [latency ms, default 200]
# Needs Debian's postgresql. The server listens on 127.0.0.1 only and is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
papers=${1:-200}
latency=${2:-200}
work=$(mktemp -d /tmp/dailypapers-bench-workers.XXXXXX)
chmod 755 "$work"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
trap 'as_pg "$bin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

dotnet build src/DailyPapers.Cli -c Release -v q -nologo >/dev/null
dotnet build bench/DailyPapers.Benchmarks -c Release -v q -nologo >/dev/null
mkdir "$work/pg"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$work/pg"
as_pg "$bin/initdb" -D "$work/pg" -U postgres --auth trust -E UTF8 --locale C.UTF-8 >/dev/null
as_pg "$bin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w \
  -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg -c max_connections=300 -c fsync=off" start >/dev/null
dotnet bench/DailyPapers.Benchmarks/bin/Release/net10.0/DailyPapers.Benchmarks.dll workers \
  "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" --papers "$papers" --latency-ms "$latency" --calls-per-worker 4 --workers 1,2,4
