#!/usr/bin/env python3
"""Deterministic arXiv snapshot generator for the import and search benchmarks.

Scales the real Kaggle sample lines (../shared/data/arxiv_kaggle_snapshot_sample) up to N lines: line i is sample
line i % 200 with a new id (new-style YYMM.NNNNN, unique for N up to 9,999,999) and the words of its title and
abstract shuffled by a generator seeded with i, so every run writes the same bytes and the text keeps real word
frequencies. Usage: generate.py N OUT.jsonl [SAMPLE.jsonl]
"""
import json
import random
import sys


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    n = int(sys.argv[1])
    out = sys.argv[2]
    sample = sys.argv[3] if len(sys.argv) > 3 else "../shared/data/arxiv_kaggle_snapshot_sample/arxiv-metadata-oai-snapshot.first200.jsonl"
    base = [json.loads(line) for line in open(sample, encoding="utf-8") if line.strip()]
    if n > 9_999_999:
        print("N must be at most 9,999,999 (ids are YYMM.NNNNN over 100 months)", file=sys.stderr)
        return 2
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for i in range(n):
            record = dict(base[i % len(base)])
            rng = random.Random(i)
            month, serial = divmod(i, 99_999)
            record["id"] = f"{10 + month // 12:02d}{1 + month % 12:02d}.{serial + 1:05d}"
            for field in ("title", "abstract"):
                words = record[field].split()
                rng.shuffle(words)
                record[field] = " ".join(words)
            f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
