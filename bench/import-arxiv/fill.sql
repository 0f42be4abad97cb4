-- Fills a store's papers up to :n rows quickly for the search benchmark (bench/import-arxiv/search.sh), from the
-- real sample lines already imported into it: row i is sample paper i % (number imported) with a new id
-- (YYMM.NNNNN, as generate.py makes them) and the words of its title and abstract rotated by an offset derived from
-- i, so the text keeps the sample's real words and frequencies while phrases and positions vary. The per-row search
-- trigger is bypassed (triggers off, search documents built in one statement, the GIN index rebuilt after), which is
-- only sound for a throwaway benchmark database. Rows are written in id order, as an import of arXiv's snapshot (sorted
-- by id) and daily appends lay them out: without ORDER BY the hash join wrote each sample paper's 13,500 copies
-- side by side, so every word's matches sat in a few clumps of the table. Usage: psql -v n=2700000 -f fill.sql
\set ON_ERROR_STOP on
CREATE TEMP TABLE base AS
SELECT row_number() OVER (ORDER BY arxiv_id) - 1 AS k, title, abstract, authors_json, arxiv_json, version, published_at,
       regexp_split_to_array(title, '\s+') AS tw, regexp_split_to_array(abstract, '\s+') AS aw
FROM papers;
ALTER TABLE papers DISABLE TRIGGER USER;
DROP INDEX IF EXISTS paper_search_document;
INSERT INTO papers (arxiv_id, version, title, authors_json, abstract, published_at, links_json, arxiv_json, updated_at)
SELECT id, b.version,
       array_to_string(b.tw[1 + r % cardinality(b.tw):] || b.tw[:r % cardinality(b.tw)], ' '),
       b.authors_json,
       array_to_string(b.aw[1 + r % cardinality(b.aw):] || b.aw[:r % cardinality(b.aw)], ' '),
       b.published_at, '[]', b.arxiv_json, now()
FROM generate_series(0, :n - 1) i
     CROSS JOIN LATERAL (SELECT lpad((10 + (i / 99999) / 12)::text, 2, '0') || lpad((1 + (i / 99999) % 12)::text, 2, '0')
                                || '.' || lpad((i % 99999 + 1)::text, 5, '0') AS id,
                                (i::bigint * 7919) AS r) x
     JOIN base b ON b.k = i % (SELECT count(*) FROM base)
ORDER BY id
ON CONFLICT (arxiv_id) DO NOTHING;
-- The search table is partitioned by arXiv year since migration 14 (a column era); a store made by an earlier version
-- (search.sh's BEFORE) has no such column.
SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'paper_search' AND column_name = 'era') AS by_era \gset
\if :by_era
INSERT INTO paper_search (arxiv_id, summaries, document, era)
SELECT p.arxiv_id, '', setweight(to_tsvector('simple', p.title), 'A') || setweight(to_tsvector('simple', p.abstract), 'B'),
       dailypapers_search_era(p.arxiv_id)
FROM papers p
ORDER BY p.arxiv_id
ON CONFLICT (arxiv_id, era) DO NOTHING;
\else
INSERT INTO paper_search (arxiv_id, summaries, document)
SELECT p.arxiv_id, '', setweight(to_tsvector('simple', p.title), 'A') || setweight(to_tsvector('simple', p.abstract), 'B')
FROM papers p
ORDER BY p.arxiv_id
ON CONFLICT (arxiv_id) DO NOTHING;
\endif
ALTER TABLE papers ENABLE TRIGGER USER;
CREATE INDEX paper_search_document ON paper_search USING gin(document);
VACUUM ANALYZE papers;
VACUUM ANALYZE paper_search;
SELECT count(*) AS papers FROM papers;
