using Microsoft.Data.Sqlite;

namespace DailyPapers.Storage;

/// <summary>The store's schema as ordered migrations; <c>PRAGMA user_version</c> records how many ran.</summary>
internal static class SqliteSchema
{
    /// <summary>Each entry runs once, in order, inside a transaction. Append; never edit a shipped one.</summary>
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE papers (
            arxiv_id     TEXT PRIMARY KEY,
            version      INTEGER,
            title        TEXT NOT NULL,
            authors_json TEXT NOT NULL,
            abstract     TEXT NOT NULL,
            published_at TEXT,
            links_json   TEXT NOT NULL,
            arxiv_json   TEXT,
            updated_at   TEXT NOT NULL
        );
        CREATE TABLE daily_entries (
            date       TEXT NOT NULL,
            arxiv_id   TEXT NOT NULL REFERENCES papers(arxiv_id),
            feed_order INTEGER NOT NULL,
            upvotes    INTEGER NOT NULL,
            media_url  TEXT,
            comments   INTEGER NOT NULL DEFAULT 0,
            posted_at  TEXT,
            PRIMARY KEY (date, arxiv_id)
        );
        CREATE INDEX daily_entries_by_paper ON daily_entries(arxiv_id);
        CREATE TABLE summaries (
            arxiv_id       TEXT NOT NULL,
            version        INTEGER NOT NULL,
            summarizer     TEXT NOT NULL,
            model          TEXT NOT NULL,
            prompt_version TEXT NOT NULL,
            language       TEXT NOT NULL,
            summary_json   TEXT NOT NULL,
            created_at     TEXT NOT NULL,
            PRIMARY KEY (arxiv_id, version, summarizer, model, prompt_version, language)
        );
        CREATE TABLE runs (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            date        TEXT NOT NULL,
            started_at  TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            succeeded   INTEGER NOT NULL,
            report_json TEXT NOT NULL
        );
        CREATE INDEX runs_by_date ON runs(date);
        """,
        """
        CREATE TABLE full_texts (
            arxiv_id   TEXT PRIMARY KEY,
            source     TEXT NOT NULL,
            url        TEXT NOT NULL,
            text_json  TEXT NOT NULL,
            size       INTEGER NOT NULL,
            truncated  INTEGER NOT NULL,
            fetched_at TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE fetches (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            date        TEXT NOT NULL,
            status      TEXT NOT NULL,
            fetched_at  TEXT NOT NULL,
            report_json TEXT NOT NULL
        );
        CREATE INDEX fetches_by_date ON fetches(date);
        """,
        // Full-text search over titles, abstracts and summary text; triggers keep it in step with every save.
        """
        CREATE VIRTUAL TABLE papers_fts USING fts5(arxiv_id UNINDEXED, title, abstract, summaries, tokenize = 'unicode61 remove_diacritics 2');
        CREATE VIEW papers_fts_source AS
            SELECT p.rowid AS rowid, p.arxiv_id, p.title, p.abstract,
                   COALESCE((SELECT group_concat(json_extract(j.value, '$.text'), ' ')
                             FROM summaries s, json_each(s.summary_json, '$.sections') j
                             WHERE s.arxiv_id = p.arxiv_id), '') AS summaries
            FROM papers p;
        INSERT INTO papers_fts (rowid, arxiv_id, title, abstract, summaries) SELECT * FROM papers_fts_source;
        CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
            INSERT INTO papers_fts (rowid, arxiv_id, title, abstract, summaries) SELECT * FROM papers_fts_source WHERE rowid = NEW.rowid;
        END;
        CREATE TRIGGER papers_fts_update AFTER UPDATE ON papers BEGIN
            DELETE FROM papers_fts WHERE rowid = OLD.rowid;
            INSERT INTO papers_fts (rowid, arxiv_id, title, abstract, summaries) SELECT * FROM papers_fts_source WHERE rowid = NEW.rowid;
        END;
        CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
            DELETE FROM papers_fts WHERE rowid = OLD.rowid;
        END;
        CREATE TRIGGER summaries_fts_insert AFTER INSERT ON summaries BEGIN
            UPDATE papers_fts SET summaries = (SELECT summaries FROM papers_fts_source WHERE arxiv_id = NEW.arxiv_id)
            WHERE rowid = (SELECT rowid FROM papers WHERE arxiv_id = NEW.arxiv_id);
        END;
        CREATE TRIGGER summaries_fts_update AFTER UPDATE ON summaries BEGIN
            UPDATE papers_fts SET summaries = (SELECT summaries FROM papers_fts_source WHERE arxiv_id = NEW.arxiv_id)
            WHERE rowid = (SELECT rowid FROM papers WHERE arxiv_id = NEW.arxiv_id);
        END;
        CREATE TRIGGER summaries_fts_delete AFTER DELETE ON summaries BEGIN
            UPDATE papers_fts SET summaries = (SELECT summaries FROM papers_fts_source WHERE arxiv_id = OLD.arxiv_id)
            WHERE rowid = (SELECT rowid FROM papers WHERE arxiv_id = OLD.arxiv_id);
        END;
        """,
        // 5: a day stored from a frozen offline snapshot (the bundled sample) says so, so re-runs do not enrich it.
        """
        ALTER TABLE daily_entries ADD COLUMN snapshot INTEGER NOT NULL DEFAULT 0;
        """,
        // 6: search indexes at most the first 20,000 characters of an abstract or of a paper's summaries (the feed
        // caps abstracts there too): snippet() grows with the square of a column's length (a 1 MB abstract cost 2 s
        // per query, 5 MB over 200 s), so a text stored by another path cannot make one search take minutes.
        """
        DROP VIEW papers_fts_source;
        CREATE VIEW papers_fts_source AS
            SELECT p.rowid AS rowid, p.arxiv_id, substr(p.title, 1, 1000) AS title, substr(p.abstract, 1, 20000) AS abstract,
                   substr(COALESCE((SELECT group_concat(json_extract(j.value, '$.text'), ' ')
                                    FROM summaries s, json_each(s.summary_json, '$.sections') j
                                    WHERE s.arxiv_id = p.arxiv_id), ''), 1, 20000) AS summaries
            FROM papers p;
        DELETE FROM papers_fts;
        INSERT INTO papers_fts (rowid, arxiv_id, title, abstract, summaries) SELECT * FROM papers_fts_source;
        """,
        // 7: delivery bookkeeping (one row per message of a channel, day and language) and e-mail subscribers.
        """
        CREATE TABLE deliveries (
            channel      TEXT NOT NULL,
            date         TEXT NOT NULL,
            language     TEXT NOT NULL,
            part         TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            state        TEXT NOT NULL,
            message_ref  TEXT,
            error        TEXT,
            updated_at   TEXT NOT NULL,
            PRIMARY KEY (channel, date, language, part)
        );
        CREATE TABLE subscribers (
            list     TEXT NOT NULL,
            email    TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (list, email)
        );
        """,
        // Where a day's entry was listed (e.g. "arXiv cs.CL") and arXiv's announce type (new, cross, replace).
        """
        ALTER TABLE daily_entries ADD COLUMN origin TEXT;
        ALTER TABLE daily_entries ADD COLUMN announce_type TEXT;
        """,
        // Title + abstract vectors per paper and encoder model (little-endian float32 bytes).
        """
        CREATE TABLE paper_vectors (
            arxiv_id   TEXT NOT NULL REFERENCES papers(arxiv_id),
            model      TEXT NOT NULL,
            text_hash  TEXT NOT NULL,
            dimensions INTEGER NOT NULL,
            vector     BLOB NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (arxiv_id, model)
        );
        CREATE INDEX paper_vectors_by_model ON paper_vectors(model);
        """,
        // What Hugging Face says about a paper beyond arXiv (machine summary, keywords, repository, organization), as JSON.
        """
        ALTER TABLE papers ADD COLUMN hf_json TEXT;
        """,
    ];

    public static void Migrate(SqliteConnection connection)
    {
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
            pragma.ExecuteNonQuery();
        }
        long current;
        using (var version = connection.CreateCommand())
        {
            version.CommandText = "PRAGMA user_version;";
            current = (long)version.ExecuteScalar()!;
        }
        if (current > Migrations.Count)
            throw new StoreException($"the store '{connection.DataSource}' has schema version {current}, newer than this program knows ({Migrations.Count}); upgrade DailyPapers");
        for (var i = (int)current; i < Migrations.Count; i++)
        {
            using var tx = connection.BeginTransaction();
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = Migrations[i] + $"\nPRAGMA user_version = {i + 1};";
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }
}
