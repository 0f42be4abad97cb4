#!/usr/bin/env bash
# Peak memory of `digest` on a large Hugging Face day file, against the goal "under 4x the file + 300 MB".
# Usage: bash bench/feed-memory/run.sh [MEGABYTES=100]
# The file is built from the real 2024-08-15 capture in ../shared/data (records repeated with new ids, abstracts
# lengthened to ~19,000 characters, under the 20,000-character cap), so every record is kept and summarized.
set -euo pipefail
cd "$(dirname "$0")/../.."
mb=${1:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$mb" "$work/feed" <<'PY'
import json, os, sys
mb, folder = int(sys.argv[1]), sys.argv[2]
src = json.load(open('../shared/data/hf_daily_papers/raw_2024/2024-08-15.json'))
os.makedirs(folder, exist_ok=True)
out, size, i = [], 0, 0
while size < mb * 1_000_000:
    for r in src:
        r2 = json.loads(json.dumps(r))
        p = r2['paper']
        p['id'] = f"24{8 + i // 90000:02d}.{10000 + i % 90000:05d}"
        p['summary'] = (p['summary'] + ' ') * (19000 // (len(p['summary']) + 1))
        out.append(r2); i += 1; size += len(json.dumps(r2))
json.dump(out, open(os.path.join(folder, '2024-08-15.json'), 'w'))
PY
bytes=$(stat -c %s "$work/feed/2024-08-15.json")
dotnet build src/DailyPapers.Cli -c Release -v q -nologo >/dev/null
DAILYPAPERS__STORE__PATH="$work/store.db" DAILYPAPERS__ARXIV__METADATA=false DAILYPAPERS__ARXIV__FULLTEXT=false \
  /usr/bin/time -v -o "$work/time" dotnet src/DailyPapers.Cli/bin/Release/net10.0/DailyPapers.Cli.dll \
  digest --source "$work/feed" --date 2024-08-15 --out "$work/digest.md" 2> "$work/stderr" || { tail -5 "$work/stderr"; exit 1; }
peak_kb=$(grep "Maximum resident" "$work/time" | awk '{print $NF}')
limit_kb=$(( bytes * 4 / 1024 + 300 * 1024 ))
grep -E "summarized" "$work/stderr" | tail -1
echo "file: $((bytes / 1000000)) MB; peak RSS: $((peak_kb / 1024)) MiB; goal: < $((limit_kb / 1024)) MiB (4x file + 300 MiB); peak/goal = $(awk "BEGIN{printf \"%.2f\", $peak_kb/$limit_kb}")"
echo "wall: $(grep "Elapsed" "$work/time" | awk '{print $NF}')"
