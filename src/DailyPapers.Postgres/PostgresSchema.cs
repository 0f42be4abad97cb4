using DailyPapers.Storage;
using Npgsql;

namespace DailyPapers.Postgres;

/// <summary>The PostgreSQL store's schema as ordered migrations; table <c>dailypapers_schema</c> records how many ran.</summary>
internal static class PostgresSchema
{
    /// <summary>Key of the advisory lock that serializes migrations of concurrent processes.</summary>
    private const long MigrationLock = 0x4461696C7950_01; // "DailyP" + 1

    /// <summary>The statement that rebuilds one paper's search document (parameter <c>id</c>); both versions of the function run it.</summary>
    private const string RebuildSearchDocument = """
            INSERT INTO paper_search (arxiv_id, summaries, document)
            SELECT p.arxiv_id, t.text,
                   setweight(to_tsvector('simple', p.title), 'A') || setweight(to_tsvector('simple', p.abstract), 'B')
                   || setweight(to_tsvector('simple', t.text), 'C')
            FROM papers p,
                 LATERAL (SELECT COALESCE(string_agg(sec->>'text', ' '), '') AS text
                          FROM summaries s, jsonb_array_elements(s.summary_json::jsonb->'sections') sec
                          WHERE s.arxiv_id = p.arxiv_id) t
            WHERE p.arxiv_id = id
            ON CONFLICT (arxiv_id) DO UPDATE SET summaries = excluded.summaries, document = excluded.document;
        """;

    /// <summary>
    /// The statement that rebuilds one paper's search document (parameter <c>id</c>) in the search table partitioned by
    /// era (migration 14): the same document, in the partition of the paper's arXiv year.
    /// </summary>
    private const string RebuildSearchDocumentByEra = """
            INSERT INTO paper_search (arxiv_id, summaries, document, era)
            SELECT p.arxiv_id, t.text,
                   setweight(to_tsvector('simple', p.title), 'A') || setweight(to_tsvector('simple', p.abstract), 'B')
                   || setweight(to_tsvector('simple', t.text), 'C'),
                   dailypapers_search_era(p.arxiv_id)
            FROM papers p,
                 LATERAL (SELECT COALESCE(string_agg(sec->>'text', ' '), '') AS text
                          FROM summaries s, jsonb_array_elements(s.summary_json::jsonb->'sections') sec
                          WHERE s.arxiv_id = p.arxiv_id) t
            WHERE p.arxiv_id = id
            ON CONFLICT (arxiv_id, era) DO UPDATE SET summaries = excluded.summaries, document = excluded.document;
        """;

    /// <summary>Each entry runs once, in order, inside a transaction. Append; never edit a shipped one.</summary>
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE papers (
            arxiv_id     text PRIMARY KEY,
            version      integer,
            title        text NOT NULL,
            authors_json text NOT NULL,
            abstract     text NOT NULL,
            published_at timestamptz,
            links_json   text NOT NULL,
            arxiv_json   text,
            updated_at   timestamptz NOT NULL
        );
        CREATE TABLE daily_entries (
            date       date NOT NULL,
            arxiv_id   text NOT NULL REFERENCES papers(arxiv_id),
            feed_order integer NOT NULL,
            upvotes    integer NOT NULL,
            media_url  text,
            comments   integer NOT NULL DEFAULT 0,
            posted_at  timestamptz,
            snapshot   boolean NOT NULL DEFAULT false,
            PRIMARY KEY (date, arxiv_id)
        );
        CREATE INDEX daily_entries_by_paper ON daily_entries(arxiv_id);
        CREATE TABLE summaries (
            arxiv_id       text NOT NULL,
            version        integer NOT NULL,
            summarizer     text NOT NULL,
            model          text NOT NULL,
            prompt_version text NOT NULL,
            language       text NOT NULL,
            summary_json   text NOT NULL,
            created_at     timestamptz NOT NULL,
            PRIMARY KEY (arxiv_id, version, summarizer, model, prompt_version, language)
        );
        CREATE TABLE runs (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            date        date NOT NULL,
            started_at  timestamptz NOT NULL,
            finished_at timestamptz NOT NULL,
            succeeded   boolean NOT NULL,
            report_json text NOT NULL
        );
        CREATE INDEX runs_by_date ON runs(date);
        CREATE TABLE full_texts (
            arxiv_id   text PRIMARY KEY,
            source     text NOT NULL,
            url        text NOT NULL,
            text_json  text NOT NULL,
            size       integer NOT NULL,
            truncated  boolean NOT NULL,
            fetched_at timestamptz NOT NULL
        );
        CREATE TABLE fetches (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            date        date NOT NULL,
            status      text NOT NULL,
            fetched_at  timestamptz NOT NULL,
            report_json text NOT NULL
        );
        CREATE INDEX fetches_by_date ON fetches(date);
        """,
        // Full-text search: one weighted document per paper (title A, abstract B, summary text C) in the 'simple'
        // configuration (no stemming, so Korean and every other language index alike), kept in step by triggers.
        """
        CREATE TABLE paper_search (
            arxiv_id  text PRIMARY KEY REFERENCES papers(arxiv_id) ON DELETE CASCADE,
            summaries text NOT NULL,
            document  tsvector NOT NULL
        );
        CREATE INDEX paper_search_document ON paper_search USING gin(document);
        CREATE FUNCTION dailypapers_refresh_search(id text) RETURNS void LANGUAGE sql AS $$
        """ + "\n" + RebuildSearchDocument + "\n" + """
        $$;
        CREATE FUNCTION dailypapers_paper_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM dailypapers_refresh_search(NEW.arxiv_id);
            RETURN NULL;
        END $$;
        CREATE FUNCTION dailypapers_summary_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN PERFORM dailypapers_refresh_search(OLD.arxiv_id); END IF;
            IF TG_OP <> 'DELETE' THEN PERFORM dailypapers_refresh_search(NEW.arxiv_id); END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER papers_search AFTER INSERT OR UPDATE ON papers FOR EACH ROW EXECUTE FUNCTION dailypapers_paper_changed();
        CREATE TRIGGER summaries_search AFTER INSERT OR UPDATE OR DELETE ON summaries FOR EACH ROW EXECUTE FUNCTION dailypapers_summary_changed();
        """,
        // The change stamp: a counter bumped once per writing transaction, at commit (a deferred trigger), so a reader
        // never sees the new value before the data it stands for.
        """
        CREATE TABLE dailypapers_changes (n bigint NOT NULL);
        INSERT INTO dailypapers_changes (n) VALUES (0);
        CREATE FUNCTION dailypapers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('dailypapers.changed', true) IS DISTINCT FROM txid_current()::text THEN
                UPDATE dailypapers_changes SET n = n + 1;
                PERFORM set_config('dailypapers.changed', txid_current()::text, true);
            END IF;
            RETURN NULL;
        END $$;
        """ + string.Concat(new[] { "papers", "daily_entries", "summaries", "runs", "full_texts", "fetches" }.Select(t =>
            $"\nCREATE CONSTRAINT TRIGGER {t}_changed AFTER INSERT OR UPDATE OR DELETE ON {t} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dailypapers_changed();")),
        // Two writers summarizing one paper at once each rebuilt its search document from their own snapshot, and
        // the later one dropped the other's text. The rebuild now first locks the paper's row, then reads afresh
        // (each PL/pgSQL statement takes a new snapshot under READ COMMITTED), so it sees every committed summary.
        """
        CREATE OR REPLACE FUNCTION dailypapers_refresh_search(id text) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM 1 FROM papers WHERE arxiv_id = id FOR UPDATE;
        """ + "\n" + RebuildSearchDocument + "\n" + """
        END $$;
        """,
        // 5: delivery bookkeeping (one row per message of a channel, day and language) and e-mail subscribers; neither
        // changes a page, so they have no change-stamp trigger.
        """
        CREATE TABLE deliveries (
            channel      text NOT NULL,
            date         date NOT NULL,
            language     text NOT NULL,
            part         text NOT NULL,
            content_hash text NOT NULL,
            state        text NOT NULL,
            message_ref  text,
            error        text,
            updated_at   timestamptz NOT NULL,
            PRIMARY KEY (channel, date, language, part)
        );
        CREATE TABLE subscribers (
            list     text NOT NULL,
            email    text NOT NULL,
            added_at timestamptz NOT NULL,
            PRIMARY KEY (list, email)
        );
        """,
        // Who holds a date's run lock (the lock itself is a session advisory lock, see PostgresPaperStore.DayLock).
        """
        CREATE TABLE IF NOT EXISTS day_run_holders (
            date   date PRIMARY KEY,
            holder text NOT NULL,
            since  timestamptz NOT NULL
        );
        """,
        // Where a day's entry was listed (e.g. "arXiv cs.CL") and arXiv's announce type (new, cross, replace).
        """
        ALTER TABLE daily_entries ADD COLUMN origin text;
        ALTER TABLE daily_entries ADD COLUMN announce_type text;
        """,
        // Title + abstract vectors per paper and encoder model. pgvector is not packaged for this Debian
        // release, so vectors are float32 bytes (bytea) searched exactly in memory, as on SQLite.
        """
        CREATE TABLE paper_vectors (
            arxiv_id   text NOT NULL REFERENCES papers(arxiv_id),
            model      text NOT NULL,
            text_hash  text NOT NULL,
            dimensions integer NOT NULL,
            vector     bytea NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (arxiv_id, model)
        );
        CREATE INDEX paper_vectors_by_model ON paper_vectors(model);
        """,
        // A stored or re-encoded vector moves the change stamp, so an in-memory vector index notices it (Rank/VectorIndex).
        """
        CREATE CONSTRAINT TRIGGER paper_vectors_changed AFTER INSERT OR UPDATE OR DELETE ON paper_vectors DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dailypapers_changed();
        """,
        // What Hugging Face says about a paper beyond arXiv (machine summary, keywords, repository, organization), as JSON.
        """
        ALTER TABLE papers ADD COLUMN hf_json text;
        """,
        // Workers (Hangfire): a run of a date spread over job processes, one item per paper and stage (enrich, or summarize
        // in a language), and the shared next-allowed time of each model provider's request rate.
        """
        CREATE TABLE work_runs (
            id            bigserial PRIMARY KEY,
            date          date NOT NULL,
            request_json  text NOT NULL,
            total         integer NOT NULL,
            finished      integer NOT NULL DEFAULT 0,
            enqueued      boolean NOT NULL DEFAULT false,
            created_at    timestamptz NOT NULL,
            published_at  timestamptz,
            publications  integer NOT NULL DEFAULT 0
        );
        CREATE INDEX work_runs_by_date ON work_runs(date, id);
        CREATE TABLE work_items (
            run_id      bigint NOT NULL REFERENCES work_runs(id),
            arxiv_id    text NOT NULL,
            stage       text NOT NULL,
            language    text NOT NULL,
            summarizer  text NOT NULL,
            outcome_json text,
            finished_at timestamptz,
            PRIMARY KEY (run_id, arxiv_id, stage, language)
        );
        CREATE TABLE llm_call_rate (
            provider text PRIMARY KEY,
            next_at  timestamptz NOT NULL
        );
        """,
        // 12: search at millions of papers. The title's words alone (the weight-A part of the stored search document)
        // get their own GIN index, so a search finds papers whose title matches without reading every match
        // (PostgresPaperStore.Search); building it indexes every stored paper, so an existing store needs nothing else.
        """
        CREATE INDEX paper_search_title ON paper_search USING gin (ts_filter(document, '{a}'));
        ANALYZE paper_search;
        """,
        // 13: bulk import builds the search documents of a batch in one statement (PostgresPaperStore.Import) rather
        // than one trigger call per paper: inside a transaction that set dailypapers.import to 'on', the papers
        // trigger leaves the search document to it. Every other writer (and a plain COPY into papers) is unchanged.
        """
        CREATE OR REPLACE FUNCTION dailypapers_paper_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('dailypapers.import', true) = 'on' THEN RETURN NULL; END IF;
            PERFORM dailypapers_refresh_search(NEW.arxiv_id);
            RETURN NULL;
        END $$;
        """,
        // 14: search at millions of papers without reading every match of a common word. The search table is
        // partitioned by the paper's arXiv year (its era: minus the year, so the partitions' own order, the one a
        // scan of the whole table follows, is newest first): the GIN indexes are per year, a word's matches in the
        // newest year are a small list, and a search that needs only its first few hundred matches stops in the
        // newest partitions (PostgresPaperStore.Search). A year of arXiv is about 300,000 papers today. Ids without
        // a year (not arXiv's) go to a partition of their own, searched last; years before 2008 share one (arXiv's
        // first 16 years hold fewer papers than its last two); years after 2035 share the first. Existing search
        // documents are moved over, not rebuilt (minutes at millions of papers: the indexes are built once, after).
        """
        CREATE FUNCTION dailypapers_search_era(id text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE
                WHEN id ~ '^[0-9]{4}\.[0-9]{4,5}' THEN -(2000 + substr(id, 1, 2)::integer)
                WHEN id ~* '^[a-z-]+(\.[a-z-]+)?/[0-9]{7}' THEN
                    -(substring(id FROM '/([0-9]{2})')::integer + CASE WHEN substring(id FROM '/([0-9]{2})')::integer >= 91 THEN 1900 ELSE 2000 END)
                ELSE 0 END
        $$;
        ALTER TABLE paper_search RENAME TO paper_search_unpartitioned;
        ALTER INDEX paper_search_pkey RENAME TO paper_search_unpartitioned_pkey;
        ALTER INDEX paper_search_document RENAME TO paper_search_unpartitioned_document;
        ALTER INDEX paper_search_title RENAME TO paper_search_unpartitioned_title;
        CREATE TABLE paper_search (
            arxiv_id  text NOT NULL REFERENCES papers(arxiv_id) ON DELETE CASCADE,
            summaries text NOT NULL,
            document  tsvector NOT NULL,
            era       integer NOT NULL,
            PRIMARY KEY (arxiv_id, era)
        ) PARTITION BY RANGE (era);
        CREATE TABLE paper_search_after_2035 PARTITION OF paper_search FOR VALUES FROM (MINVALUE) TO (-2035);
        DO $$
        BEGIN
            FOR y IN REVERSE 2035..2008 LOOP
                EXECUTE format('CREATE TABLE paper_search_%s PARTITION OF paper_search FOR VALUES FROM (%s) TO (%s)', y, -y, -y + 1);
            END LOOP;
        END $$;
        CREATE TABLE paper_search_before_2008 PARTITION OF paper_search FOR VALUES FROM (-2007) TO (0);
        CREATE TABLE paper_search_undated PARTITION OF paper_search FOR VALUES FROM (0) TO (MAXVALUE);
        INSERT INTO paper_search (arxiv_id, summaries, document, era)
        SELECT arxiv_id, summaries, document, dailypapers_search_era(arxiv_id) FROM paper_search_unpartitioned ORDER BY arxiv_id;
        DROP TABLE paper_search_unpartitioned;
        CREATE INDEX paper_search_document ON paper_search USING gin(document);
        CREATE INDEX paper_search_title ON paper_search USING gin (ts_filter(document, '{a}'));
        CREATE OR REPLACE FUNCTION dailypapers_refresh_search(id text) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM 1 FROM papers WHERE arxiv_id = id FOR UPDATE;
        """ + "\n" + RebuildSearchDocumentByEra + "\n" + """
        END $$;
        ANALYZE paper_search;
        """,
    ];

    /// <summary>Brings the database up to date; concurrent callers wait on an advisory lock, so each migration runs once.</summary>
    public static async Task MigrateAsync(NpgsqlConnection connection, string store, CancellationToken cancellationToken)
    {
        await ExecAsync(connection, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecAsync(connection, "CREATE TABLE IF NOT EXISTS dailypapers_schema (version integer NOT NULL)", cancellationToken).ConfigureAwait(false);
            int current;
            await using (var read = new NpgsqlCommand("SELECT COALESCE(max(version), 0) FROM dailypapers_schema", connection))
                current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            if (current > Migrations.Count)
                throw new StoreException($"the store '{store}' has schema version {current}, newer than this program knows ({Migrations.Count}); upgrade DailyPapers");
            for (var i = current; i < Migrations.Count; i++)
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                // No time limit: a migration that indexes or rewrites every paper of a large store takes minutes.
                await using (var cmd = new NpgsqlCommand(Migrations[i], connection, tx) { CommandTimeout = 0 })
                    await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await using (var record = new NpgsqlCommand($"DELETE FROM dailypapers_schema; INSERT INTO dailypapers_schema (version) VALUES ({i + 1})", connection, tx))
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await ExecAsync(connection, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // No time limit either: waiting for the lock means waiting for another process's migration to finish.
        await using var cmd = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
