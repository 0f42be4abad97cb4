#!/usr/bin/env bash
# Runs every DailyPapers test on a fresh machine: installs what the tests need, builds, tests, and prints
# "N passed, N failed" (skipped tests count as failed) alone on the last line.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- Browser tests (tests/DailyPapers.Web.Tests/Browser) drive Debian's Chromium and need Korean glyphs. ---
# Installed here so a fresh machine (CI runs as root with CI=true) has them; Playwright downloads no browser.
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/nanum ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing chromium and fonts-nanum for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum >/dev/null
  else
    echo "the browser tests need Debian packages: sudo apt-get install -y chromium fonts-nanum"
  fi
fi
# --- end of browser test prerequisites ---

# --- Store tests (tests/DailyPapers.Tests/Storage/Postgres) start a throwaway PostgreSQL server with initdb/pg_ctl. ---
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing postgresql for the store tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "the PostgreSQL store tests need a Debian package: sudo apt-get install -y postgresql"
  fi
fi
# --- end of store test prerequisites ---

# --- Validators (tests/DailyPapers.Web.Tests/Validators): @redocly/cli, html-validate and axe-core, pinned in
# tools/validators/package-lock.json and run with Node. A missing validator fails its tests, never skips them. ---
if ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing nodejs and npm for the validator tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "the validator tests need Debian packages: sudo apt-get install -y nodejs npm"
  fi
fi
if command -v npm >/dev/null; then
  npm ci --prefix tools/validators --no-audit --no-fund --loglevel=error || echo "npm ci --prefix tools/validators failed: the validator tests will fail"
fi
# --- end of validator prerequisites ---

log=$(mktemp)
status=0
if ! dotnet build DailyPapers.slnx -c Release 2>&1 | tee "$log" | grep -E "error|Build succeeded|Warn" ; then :; fi
if ! grep -q "Build succeeded" "$log"; then
  echo "build failed"; tail -40 "$log"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test DailyPapers.slnx -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=0; failed=0; skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(grep -oE "Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" | sed -E 's/[^0-9]+/ /g')
rm -f "$log"

if [ $((passed + failed + skipped)) -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then echo "$skipped skipped tests count as failed"; fi
echo "$passed passed, $((failed + skipped)) failed"
if [ "$status" -ne 0 ] || [ "$failed" -gt 0 ] || [ "$skipped" -gt 0 ]; then exit 1; fi
exit 0
