#!/usr/bin/env bash
# Web benchmark: wrk against /2024-08-15 served by `dailypapers serve` (Kestrel) and, side by side in the same
# run, by nginx serving the same page saved as a static file. Loopback only; bounded in time.
# Usage: bash bench/web/run.sh [seconds per run, default 15] [connections, default 64]
# BASELINE=/path/to/another/checkout also serves that checkout's build (e.g. main before a change) on its own port
# over the same store, measured in the same alternating rounds: before and after side by side.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
connections=${2:-64}
work=$(mktemp -d /tmp/dailypapers-bench-web.XXXXXX)
chmod 755 "$work"  # nginx workers (www-data) read the page from here
app_port=5181
nginx_port=5182

# wrk and nginx come from Debian (root; run apt-get update first on a fresh machine).
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
fi

dotnet build src/DailyPapers.Cli -c Release -v q -nologo >/dev/null
cli="dotnet src/DailyPapers.Cli/bin/Release/net10.0/DailyPapers.Cli.dll"
export DAILYPAPERS__STORE__PATH="$work/store.db"
$cli digest --date 2024-08-15 >/dev/null 2>"$work/digest.log"

baseline_port=5183
if [ -n "${BASELINE:-}" ]; then
  dotnet build "$BASELINE/src/DailyPapers.Cli" -c Release -v q -nologo >/dev/null
  baseline_cli="dotnet $BASELINE/src/DailyPapers.Cli/bin/Release/net10.0/DailyPapers.Cli.dll"
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

$cli serve --urls "http://127.0.0.1:$app_port" >"$work/serve.log" 2>&1 &
pids+=($!)
app_pid=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$app_port/health" >/dev/null && break; sleep 0.5; done
if [ -n "${BASELINE:-}" ]; then
  # its own store, written by its own build (a store from a newer build is refused by an older one)
  DAILYPAPERS__STORE__PATH="$work/baseline-store.db" $baseline_cli digest --date 2024-08-15 >/dev/null 2>"$work/baseline-digest.log"
  DAILYPAPERS__STORE__PATH="$work/baseline-store.db" $baseline_cli serve --urls "http://127.0.0.1:$baseline_port" >"$work/baseline-serve.log" 2>&1 &
  pids+=($!)
  base_pid=$!
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$baseline_port/health" >/dev/null && break; sleep 0.5; done
  curl -fs "http://127.0.0.1:$baseline_port/2024-08-15" >/dev/null || { echo "the baseline does not serve /2024-08-15: see $work/baseline-serve.log"; exit 1; }
fi

mkdir -p "$work/www"
curl -fs "http://127.0.0.1:$app_port/2024-08-15" -o "$work/www/2024-08-15"
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx-tmp;
  proxy_temp_path $work/nginx-tmp;
  fastcgi_temp_path $work/nginx-tmp;
  uwsgi_temp_path $work/nginx-tmp;
  scgi_temp_path $work/nginx-tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location / { default_type "text/html; charset=utf-8"; }
  }
}
CONF
mkdir -p "$work/nginx-tmp"
nginx -c "$work/nginx.conf" &
pids+=($!)
ngx_pid=$!
sleep 1
cmp <(curl -fs "http://127.0.0.1:$nginx_port/2024-08-15") "$work/www/2024-08-15"
echo "page: $(wc -c <"$work/www/2024-08-15") bytes; warm-up ${WARMUP:-30} s; wrk -t2 -c$connections -d${duration}s --latency; $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# CPU time (clock ticks) of the given processes so far: the server's own cost per request is less at the mercy of
# other load on the machine than its throughput.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# One wrk run -> "requests/s p99_ms cpu_us_per_request"; the raw output is kept.
measure() { # name round url server-pids...
  local out rps p99 t0 t1 n
  t0=$(ticks "${@:4}")
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$3")
  t1=$(ticks "${@:4}")
  echo "$out" >"$work/wrk-$1-$2.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$rps $p99 $(awk -v t=$((t1 - t0)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

app_url="http://127.0.0.1:$app_port/2024-08-15"
ngx_url="http://127.0.0.1:$nginx_port/2024-08-15"
# Warm-up: the .NET servers reach their steady state only once tiered compilation has recompiled the hot path
# (throughput under wrk kept rising for about 30 s from a cold start here), so they get WARMUP seconds (default 30).
warmup=${WARMUP:-30}
wrk -t2 -c"$connections" -d"${warmup}s" "$app_url" >/dev/null
wrk -t2 -c"$connections" -d5s "$ngx_url" >/dev/null
base_url="http://127.0.0.1:$baseline_port/2024-08-15"
[ -z "${BASELINE:-}" ] || wrk -t2 -c"$connections" -d"${warmup}s" "$base_url" >/dev/null
# The machine may be shared: alternate the two servers over $rounds rounds and compare medians.
rounds=${ROUNDS:-3}
: >"$work/app.txt"; : >"$work/ngx.txt"; : >"$work/base.txt"
for r in $(seq 1 "$rounds"); do
  [ -z "${BASELINE:-}" ] || measure baseline "$r" "$base_url" "$base_pid" >>"$work/base.txt"
  measure dailypapers "$r" "$app_url" "$app_pid" >>"$work/app.txt"
  measure nginx "$r" "$ngx_url" $(pgrep -P "$ngx_pid" | tr '\n' ' ') >>"$work/ngx.txt"
done
echo "per round (requests/s p99_ms cpu_us_per_request): dailypapers: $(paste -sd'|' "$work/app.txt")  nginx: $(paste -sd'|' "$work/ngx.txt")"
app_rps=$(cut -d' ' -f1 "$work/app.txt" | median); app_p99=$(cut -d' ' -f2 "$work/app.txt" | median)
ngx_rps=$(cut -d' ' -f1 "$work/ngx.txt" | median); ngx_p99=$(cut -d' ' -f2 "$work/ngx.txt" | median)
app_cpu=$(cut -d' ' -f3 "$work/app.txt" | median); ngx_cpu=$(cut -d' ' -f3 "$work/ngx.txt" | median)
printf '%-12s %12s %10s %14s   (medians of %s rounds)\n' server "requests/s" "p99 ms" "CPU us/request" "$rounds"
printf '%-12s %12.0f %10.2f %14.1f\n' dailypapers "$app_rps" "$app_p99" "$app_cpu" nginx "$ngx_rps" "$ngx_p99" "$ngx_cpu"
if [ -n "${BASELINE:-}" ]; then
  echo "baseline ($BASELINE) per round: $(paste -sd'|' "$work/base.txt")"
  base_rps=$(cut -d' ' -f1 "$work/base.txt" | median); base_p99=$(cut -d' ' -f2 "$work/base.txt" | median)
  base_cpu=$(cut -d' ' -f3 "$work/base.txt" | median)
  printf '%-12s %12.0f %10.2f %14.1f\n' baseline "$base_rps" "$base_p99" "$base_cpu"
  awk -v a="$app_rps" -v b="$base_rps" -v n="$ngx_rps" 'BEGIN { printf "ratio dailypapers/baseline: %.2f; baseline/nginx: %.2f\n", a / b, b / n }'
fi
awk -v a="$app_rps" -v n="$ngx_rps" -v p="$app_p99" 'BEGIN {
  r = a / n; printf "ratio dailypapers/nginx: %.2f (goal >= 1.0: %s); dailypapers p99 %.2f ms (goal < 5: %s)\n", r, (r >= 1 ? "met" : "NOT met"), p, (p < 5 ? "met" : "NOT met") }'
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg); raw wrk output: $work/wrk-*.txt"
