#!/usr/bin/env python3
"""Fills a SQLite store up to N papers quickly for the search benchmark, as fill.sql does on PostgreSQL: from the real
sample papers already imported into it, row i is sample paper i % (number imported) with a new id (YYMM.NNNNN, as
generate.py makes them) and the words of its title and abstract rotated by (i * 7919) % (number of words). The
store's own triggers keep FTS5 in step. Usage: fill-sqlite.py STORE.db N
"""
import datetime
import sqlite3
import sys


def rotate(text: str, r: int) -> str:
    words = text.split()
    if not words:
        return text
    k = r % len(words)
    return " ".join(words[k:] + words[:k])


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    db, n = sys.argv[1], int(sys.argv[2])
    c = sqlite3.connect(db)
    c.execute("PRAGMA synchronous = OFF")
    base = c.execute("SELECT title, abstract, authors_json, arxiv_json, version, published_at FROM papers ORDER BY arxiv_id").fetchall()
    now = datetime.datetime.now(datetime.timezone.utc).isoformat()

    def rows():
        for i in range(n):
            title, abstract, authors, arxiv, version, published = base[i % len(base)]
            month, serial = divmod(i, 99_999)
            r = i * 7919
            yield (f"{10 + month // 12:02d}{1 + month % 12:02d}.{serial + 1:05d}", version, rotate(title, r), authors,
                   rotate(abstract, r), published, "[]", arxiv, now)

    c.executemany("""INSERT OR IGNORE INTO papers (arxiv_id, version, title, authors_json, abstract, published_at, links_json, arxiv_json, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows())
    c.commit()
    print(c.execute("SELECT count(*) FROM papers").fetchone()[0], "papers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
