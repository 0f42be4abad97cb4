#!/usr/bin/env bash
# Import and search benchmark (issue 17), side by side in one run:
#   1. generate N Kaggle-snapshot lines deterministically (generate.py: real sample lines, new ids, shuffled words);
#   2. `dailypapers import-arxiv` into PostgreSQL (binary COPY + upsert) and, the limit, `psql \copy` of the very
#      same rows (exported from the first database) into the same table of a second database with the same schema
#      (same triggers, same GIN index): rows/s each and the ratio;
#   3. the same file into SQLite (rows/s);
#   4. search p50/p99 on both stores (bench/DailyPapers.Benchmarks search).
# Usage: bash bench/import-arxiv/run.sh [N, default 100000; the issue's full size is 2700000] [batch, default 10000]
# Needs Debian's postgresql (apt-get install -y postgresql). Everything lives in a temp folder, removed at the end;
# the throwaway server listens on 127.0.0.1 only and is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
batch=${2:-10000}
. bench/throwaway-postgres.sh
throwaway_postgres import -c shared_buffers=256MB -c max_wal_size=4GB
now() { date +%s.%N; }
rate() { python3 -c "import sys; print(f'{int(sys.argv[1])/(float(sys.argv[3])-float(sys.argv[2])):,.0f}')" "$@"; }

echo "generating $n rows into $work/snapshot.jsonl"
python3 bench/import-arxiv/generate.py "$n" "$work/snapshot.jsonl"
dotnet build src/DailyPapers.Cli -c Release -v q -nologo >/dev/null
dotnet build bench/DailyPapers.Benchmarks -c Release -v q -nologo >/dev/null
cli="dotnet src/DailyPapers.Cli/bin/Release/net10.0/DailyPapers.Cli.dll"

psql() { command psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
psql -d postgres -c "CREATE DATABASE dp" -c "CREATE DATABASE raw"
cs() { echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$1"; }

# --- dailypapers import-arxiv into PostgreSQL ---
t0=$(now)
DAILYPAPERS__STORE__PROVIDER=postgres DAILYPAPERS__STORE__CONNECTIONSTRING="$(cs dp)" \
  $cli import-arxiv "$work/snapshot.jsonl" --batch "$batch" 2>"$work/import-pg.log"
t1=$(now)
tail -1 "$work/import-pg.log"

# --- psql \copy of the same rows into the same table of a database with the same schema ---
psql -d dp -c "\\copy papers TO '$work/papers.tsv'"
head -1 "$work/snapshot.jsonl" >"$work/one.jsonl"   # creates the schema in 'raw' (same migrations), then emptied
DAILYPAPERS__STORE__PROVIDER=postgres DAILYPAPERS__STORE__CONNECTIONSTRING="$(cs raw)" $cli import-arxiv "$work/one.jsonl" 2>/dev/null
psql -d raw -c "SET client_min_messages = warning; TRUNCATE papers CASCADE"
t2=$(now)
psql -d raw -c "\\copy papers FROM '$work/papers.tsv'"
t3=$(now)
rows=$(psql -d raw -At -c "SELECT count(*) FROM papers")
searchable=$(psql -d raw -At -c "SELECT count(*) FROM paper_search")

# --- the same file into SQLite ---
t4=$(now)
$cli import-arxiv "$work/snapshot.jsonl" --batch "$batch" --store "$work/store.db" 2>"$work/import-sqlite.log"
t5=$(now)

echo
echo "import of $n rows (batch $batch; wall time of the whole command, start-up and JSON parsing included)"
echo "  dailypapers import-arxiv -> postgres : $(rate "$n" "$t0" "$t1") rows/s"
echo "  psql \\copy same rows    -> postgres : $(rate "$rows" "$t2" "$t3") rows/s ($rows rows, $searchable search documents)"
python3 -c "import sys; a=int(sys.argv[1])/(float(sys.argv[3])-float(sys.argv[2])); b=int(sys.argv[4])/(float(sys.argv[6])-float(sys.argv[5])); print(f'  ratio dailypapers / psql \\\\copy      : {a/b:.2f} (goal >= 0.7)')" "$n" "$t0" "$t1" "$rows" "$t2" "$t3"
echo "  dailypapers import-arxiv -> sqlite   : $(rate "$n" "$t4" "$t5") rows/s"
echo
dotnet bench/DailyPapers.Benchmarks/bin/Release/net10.0/DailyPapers.Benchmarks.dll search --postgres "$(cs dp)"
dotnet bench/DailyPapers.Benchmarks/bin/Release/net10.0/DailyPapers.Benchmarks.dll search --sqlite "$work/store.db"
