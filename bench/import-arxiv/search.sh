#!/usr/bin/env bash
# Search at scale (issue 17): a store of N papers on PostgreSQL and on SQLite, filled quickly from the real sample
# lines (fill.sql / fill-sqlite.py: new ids, rotated words; the import itself is measured by run.sh), then
# DailyPapers.Benchmarks search (the stores' own SearchAsync, first page of 20) on both.
# Usage: bash bench/import-arxiv/search.sh [N, default 2700000] [BEFORE]
#   BEFORE: optionally a checkout of an earlier version (e.g. `git worktree add /tmp/before main`); its CLI makes the
#   stores and its benchmark runs first on the very same databases, then this version's (which migrates the
#   PostgreSQL store first, timed): before and after side by side in one run.
# Needs Debian's postgresql. Everything lives in a temp folder, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-2700000}
before=${2:-}
. bench/throwaway-postgres.sh
throwaway_postgres search -c shared_buffers=2GB -c max_wal_size=8GB -c maintenance_work_mem=1GB
sample=../shared/data/arxiv_kaggle_snapshot_sample/arxiv-metadata-oai-snapshot.first200.jsonl
build() { dotnet build "$1/src/DailyPapers.Cli" -c Release -v q -nologo >/dev/null; dotnet build "$1/bench/DailyPapers.Benchmarks" -c Release -v q -nologo >/dev/null; }
maker=${before:-.}
build .
[ -n "$before" ] && build "$before"
cli="dotnet $maker/src/DailyPapers.Cli/bin/Release/net10.0/DailyPapers.Cli.dll"
bench() { dotnet "$1/bench/DailyPapers.Benchmarks/bin/Release/net10.0/DailyPapers.Benchmarks.dll" search "${@:2}"; }
psql() { command psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
cs="Host=127.0.0.1;Port=$port;Username=postgres;Database=dp"
psql -d postgres -c "CREATE DATABASE dp"
DAILYPAPERS__STORE__PROVIDER=postgres DAILYPAPERS__STORE__CONNECTIONSTRING="$cs" $cli import-arxiv "$sample" 2>/dev/null
$cli import-arxiv "$sample" --store "$work/store.db" 2>/dev/null
echo "filling $n papers"
psql -d dp -v n="$n" -f bench/import-arxiv/fill.sql >/dev/null
python3 bench/import-arxiv/fill-sqlite.py "$work/store.db" "$n"
uptime
# main's search took 12-21 s a query at 2.7 M papers, past Npgsql's 30 s default for the commonest words: no time-out here.
if [ -n "$before" ]; then echo "before ($before):"; bench "$before" --postgres "$cs;Command Timeout=0" --rounds 1; bench "$before" --sqlite "$work/store.db" --rounds 1; fi
echo "after (this checkout; the first open migrates the PostgreSQL store):"
bench . --postgres "$cs"
bench . --sqlite "$work/store.db"
uptime
