#!/usr/bin/env bash
# Soak benchmark (not a test): `dailypapers serve` under wrk for a bounded time while a digest run writes the store
# every minute. Samples the server's resident memory every 10 s and counts responses that were not 2xx/3xx.
# Usage: [THREADS=2 WARMUP=120 WRITE_EVERY=60 PORT=5191 SERVE_ENV="VAR=value ..."] bash bench/soak/run.sh [seconds, default 1200] [connections, default 16]
# SERVE_ENV: environment for the server alone (e.g. runtime GC settings to compare; two soaks on two ports side by side).
# Loopback only; offline (the runs read saved Hugging Face day files from ../shared/data, no enrichment, the
# embedded extractive summarizer). Bounded: everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-1200}
connections=${2:-16}
threads=${THREADS:-2}
warmup=${WARMUP:-120}   # seconds after which memory is taken as settled
interval=${WRITE_EVERY:-60}
work=$(mktemp -d /tmp/dailypapers-bench-soak.XXXXXX)
port=${PORT:-5191}
days_dir=$(cd ../shared/data/hf_daily_papers/raw_2024 && pwd)

if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
dotnet build src/DailyPapers.Cli -c Release -v q -nologo >/dev/null
# Run from a copy, so a build in the checkout during the soak cannot replace the running server's files.
cp -r src/DailyPapers.Cli/bin/Release/net10.0 "$work/app"
cli="dotnet $work/app/DailyPapers.Cli.dll"
export DAILYPAPERS__STORE__PATH="$work/store.db"
export DAILYPAPERS__HUGGINGFACE__ENABLED=false DAILYPAPERS__ARXIV__METADATA=false DAILYPAPERS__ARXIV__FULLTEXT=false
$cli digest --date 2024-08-15 >/dev/null 2>"$work/digest-0.log"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
env ${SERVE_ENV:-} $cli serve --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
# `dotnet app.dll` runs the app in that very process, so its VmRSS is the server's resident memory.

# Requests rotate over the pages and APIs a reader and a feed client use.
cat >"$work/paths.lua" <<'LUA'
local paths = { "/2024-08-15", "/", "/archive", "/api/days/2024-08-15", "/feed.atom", "/feed.json", "/search?q=diffusion", "/api/search?q=language+model" }
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
for p in /2024-08-15 / /archive /api/days/2024-08-15 /feed.atom /feed.json "/search?q=diffusion" "/api/search?q=language+model"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$p")
  [ "$code" = 200 ] || { echo "soak: $p answers $code before the soak; fix the path list" >&2; exit 2; }
done

echo "soak: ${SERVE_ENV:+server environment $SERVE_ENV; }${duration}s, wrk -t$threads -c$connections over 8 paths, a digest run every ${interval}s, memory settled after ${warmup}s; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/paths.lua" "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
pids+=("$wrk_pid")

# Writers: every $interval s one offline digest of the next saved day (new papers, summaries, runs in the store).
mapfile -t days < <(ls "$days_dir" | sed -n 's/\.json$//p' | sort)
start=$(date +%s); next_write=$((start + 10)); next_sample=$start; n=0; runs_ok=0; runs_failed=0; writer=
echo "t_s rss_kib" >"$work/rss.txt"
while kill -0 "$wrk_pid" 2>/dev/null; do
  now=$(date +%s)
  if [ "$now" -ge "$next_sample" ]; then
    echo "$((now - start)) $(awk '/VmRSS/ {print $2}' /proc/$serve_pid/status)" >>"$work/rss.txt"
    next_sample=$((next_sample + 10))
  fi
  if [ -n "$writer" ] && ! kill -0 "$writer" 2>/dev/null; then
    if wait "$writer"; then runs_ok=$((runs_ok + 1)); else runs_failed=$((runs_failed + 1)); fi
    writer=
  fi
  if [ "$now" -ge "$next_write" ] && [ -z "$writer" ] && [ "$((now - start))" -lt "$((duration - 30))" ]; then
    day=${days[$((n % ${#days[@]}))]}; n=$((n + 1))
    $cli digest --date "$day" --source "$days_dir" >/dev/null 2>"$work/digest-$n.log" &
    writer=$!
    pids+=("$writer")
    next_write=$((next_write + interval))
  fi
  sleep 1
done
wait "$wrk_pid" || true
if [ -n "$writer" ]; then if wait "$writer"; then runs_ok=$((runs_ok + 1)); else runs_failed=$((runs_failed + 1)); fi; fi

requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
bad=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$work/wrk.txt"); bad=${bad:-0}
errors=$(awk '/Socket errors/ {print}' "$work/wrk.txt")
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
awk -v w="$warmup" 'NR > 1 && $1 >= w { if (!base) base = $2; if ($2 > max) max = $2; last = $2 }
  NR > 1 && $1 < w { early = $2 }
  END { printf "resident memory: %d MiB at warm-up end (%d s), max after %d MiB, last %d MiB: growth %.1f%% (goal <= 10%%: %s)\n",
        base / 1024, w, max / 1024, last / 1024, 100 * (max - base) / base, (max - base) / base <= 0.10 ? "met" : "NOT met" }' "$work/rss.txt"
echo "requests: $requests ($rps/s, p99 $p99); not 2xx/3xx: $bad (goal 0: $([ "$bad" = 0 ] && echo met || echo NOT met)); ${errors:-no socket errors}"
echo "digest runs during the soak: $runs_ok succeeded, $runs_failed failed; store $(du -h "$work/store.db" | cut -f1)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); samples: $work/rss.txt, wrk: $work/wrk.txt, logs: $work/*.log"
