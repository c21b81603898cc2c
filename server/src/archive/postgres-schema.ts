// The PostgreSQL schema and its migrations, versioned in the `carnet_schema` table. Every relay
// process runs them at start-up, all in one transaction under an advisory lock — several processes
// may start at once, and only the first does the work — and a database written by a newer Carnet
// is refused rather than misread.
//
// Search: each page's text is indexed twice in one stored `tsvector`: with the French stemmer
// ("décisions" and "décision" share the stem `decis`) and without it (every word as written, so a
// typed word still finds the words it starts, as with SQLite). Both see the text through
// `unaccent`, wrapped in an IMMUTABLE function because a generated column needs one. A typed word
// becomes "starts a word as written OR starts a French stem" (`carnet_search_query`).
import type { PoolClient } from 'pg'

/** Advisory lock keys (two int4): the migration, and one page's compaction. */
export const MIGRATION_LOCK: readonly [number, number] = [0x6361726e, 0] // 'carn'
export const COMPACTION_LOCK_CLASS = 0x63617263 // 'carc', with hashtext(page id)

/**
 * The page body searched: a `tsvector` holds at most 1 MB, and a meeting page is far below this
 * many characters (about 150 printed pages).
 */
export const SEARCHED_BODY_CHARS = 300_000

type Migration = (client: PoolClient) => Promise<void>

const MIGRATIONS: readonly Migration[] = [
  // 1: the whole archive as SQLite has it at its version 3.
  async (client) => {
    // A trusted extension since PostgreSQL 13: the database's owner may create it.
    await client.query('CREATE EXTENSION IF NOT EXISTS unaccent')
    const { rows } = await client.query<{ schema: string }>(
      "SELECT quote_ident(n.nspname) AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'",
    )
    const schema = rows[0]!.schema
    await client.query(`
      -- unaccent() is only STABLE (its dictionary could change); pinned to one dictionary, it is a
      -- pure function, which an index and a generated column need.
      CREATE FUNCTION carnet_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT ${schema}.unaccent('${schema}.unaccent'::regdictionary, $1) $$;

      CREATE FUNCTION carnet_search_vector(title text, body text, place text, tags text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$
          SELECT strip(to_tsvector('pg_catalog.french', d) || to_tsvector('pg_catalog.simple', d))
          FROM (SELECT carnet_unaccent(concat_ws(' ', title, left(body, ${SEARCHED_BODY_CHARS}), place, tags)) AS d) AS text
        $$;

      -- Every word of a typed term as a prefix, ANDed, in one text search configuration; NULL when
      -- the term holds no word. Lexemes are quoted, so nothing typed is tsquery syntax.
      CREATE FUNCTION carnet_prefix_query(config regconfig, term text) RETURNS tsquery
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
          SELECT string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''':*', ' & ')::tsquery
          FROM unnest(to_tsvector(config, carnet_unaccent(term)))
        $$;

      -- Every typed term must start a word as written or a French stem; NULL when no term holds a word.
      CREATE FUNCTION carnet_search_query(terms text[]) RETURNS tsquery
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
        DECLARE
          term text;
          either tsquery;
          stemmed tsquery;
          result tsquery;
        BEGIN
          FOREACH term IN ARRAY terms LOOP
            either := carnet_prefix_query('pg_catalog.simple', term);
            CONTINUE WHEN either IS NULL;
            stemmed := carnet_prefix_query('pg_catalog.french', term);
            IF stemmed IS NOT NULL THEN either := either || stemmed; END IF;
            result := CASE WHEN result IS NULL THEN either ELSE result && either END;
          END LOOP;
          RETURN result;
        END
        $$;

      -- Page ids compare as bytes ("C"), as in SQLite: the same order everywhere.
      CREATE TABLE pages (
        id text COLLATE "C" PRIMARY KEY,
        title text NOT NULL DEFAULT '',
        meta text NOT NULL DEFAULT '{}',
        -- Meeting date, else the browser's creation day; '' falls back to created_at in queries.
        day text NOT NULL DEFAULT '',
        -- Distinct writer names, as last indexed.
        writers integer NOT NULL DEFAULT 0,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE INDEX pages_by_update ON pages (updated_at DESC, id);

      -- The log. A bigserial is handed out at insert but seen at commit: rows of two processes may
      -- appear out of number order, so a page is its snapshot plus every row left, and compaction
      -- deletes the rows it merged by id, never "every row up to N".
      CREATE TABLE updates (
        id bigserial PRIMARY KEY,
        page_id text COLLATE "C" NOT NULL,
        data bytea NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX updates_by_page ON updates (page_id, id);
      CREATE TABLE snapshots (
        page_id text COLLATE "C" PRIMARY KEY,
        -- Largest row id merged so far: for people reading the table, nothing relies on it.
        seq bigint NOT NULL,
        data bytea NOT NULL
      );

      -- Who may write a page. Kept apart from pages: a page is claimed before it is written.
      CREATE TABLE page_access (
        page_id text COLLATE "C" PRIMARY KEY,
        key_hash text,
        open_to_all boolean NOT NULL DEFAULT false,
        closed boolean NOT NULL DEFAULT false
      );

      CREATE TABLE page_tags (
        page_id text COLLATE "C" NOT NULL,
        key text NOT NULL,
        PRIMARY KEY (page_id, key)
      );
      CREATE INDEX page_tags_by_key ON page_tags (key);

      CREATE TABLE page_text (
        page_id text COLLATE "C" PRIMARY KEY,
        title text NOT NULL,
        body text NOT NULL,
        place text NOT NULL,
        tags text NOT NULL,
        search tsvector GENERATED ALWAYS AS (carnet_search_vector(title, body, place, tags)) STORED
      );
      CREATE INDEX page_text_search ON page_text USING gin (search);

      -- History: versions are only ever added.
      CREATE TABLE page_versions (
        id bigserial PRIMARY KEY,
        page_id text COLLATE "C" NOT NULL,
        created_at bigint NOT NULL,
        -- JSON array of the names of those who wrote since the previous version.
        writers text NOT NULL DEFAULT '[]',
        bytes integer NOT NULL,
        data bytea NOT NULL
      );
      CREATE INDEX page_versions_by_page ON page_versions (page_id, id);
    `)
  },
  // 2: a room relay's link to the city (see federation/): pages whose changes the city may lack.
  async (client) => {
    await client.query(`
      CREATE TABLE link_pending (
        page_id text COLLATE "C" PRIMARY KEY,
        since bigint NOT NULL,
        access_change text
      );
    `)
  },
  // 3: join codes, kept for a meeting's time (see the SQLite schema).
  async (client) => {
    await client.query(`
      CREATE TABLE join_codes (
        code text COLLATE "C" PRIMARY KEY,
        page_id text COLLATE "C" NOT NULL,
        edit_key text,
        expires_at bigint NOT NULL
      );
      CREATE INDEX join_codes_by_page ON join_codes (page_id);
    `)
  },
  // 4: photos, content-addressed, and which page each was added to (see the SQLite schema).
  async (client) => {
    await client.query(`
      CREATE TABLE files (
        sha256 text COLLATE "C" PRIMARY KEY,
        type text NOT NULL,
        bytes integer NOT NULL,
        data bytea NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE TABLE page_files (
        page_id text COLLATE "C" NOT NULL,
        sha256 text COLLATE "C" NOT NULL,
        added_at bigint NOT NULL,
        PRIMARY KEY (page_id, sha256)
      );
      CREATE INDEX page_files_by_file ON page_files (sha256);
    `)
  },
  // 5: a project's lists: decisions and actions, and the links between meetings (see the SQLite schema).
  async (client) => {
    await client.query(`
      CREATE TABLE page_items (
        page_id text COLLATE "C" NOT NULL,
        kind text NOT NULL CHECK (kind IN ('decision', 'action')),
        position integer NOT NULL,
        text text NOT NULL,
        who text NOT NULL DEFAULT '',
        what text NOT NULL DEFAULT '',
        when_text text NOT NULL DEFAULT '',
        due text NOT NULL DEFAULT '',
        done boolean NOT NULL DEFAULT false,
        PRIMARY KEY (page_id, kind, position)
      );
      CREATE INDEX page_items_by_kind ON page_items (kind, page_id);
      CREATE TABLE page_links (
        page_id text COLLATE "C" PRIMARY KEY,
        previous text COLLATE "C",
        next text COLLATE "C"
      );
      CREATE INDEX page_links_by_next ON page_links (next);
    `)
  },
]

export const PG_SCHEMA_VERSION = MIGRATIONS.length

export class PgSchemaTooNewError extends Error {
  constructor(found: number) {
    super(`The PostgreSQL archive's schema is version ${found}, newer than this Carnet's (${PG_SCHEMA_VERSION}): upgrade Carnet`)
    this.name = 'PgSchemaTooNewError'
  }
}

/** Brings the database up to `target` (this Carnet's version; tests stop earlier). Returns the version found. */
export async function migratePostgres(client: PoolClient, target = PG_SCHEMA_VERSION): Promise<number> {
  await client.query('BEGIN')
  try {
    // Held until COMMIT: a second process starting now waits here, then finds nothing to do.
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...MIGRATION_LOCK])
    await client.query(
      'CREATE TABLE IF NOT EXISTS carnet_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    )
    const { rows } = await client.query<{ version: number }>('SELECT COALESCE(max(version), 0)::int AS version FROM carnet_schema')
    const found = rows[0]!.version
    if (found > PG_SCHEMA_VERSION) throw new PgSchemaTooNewError(found)
    for (let version = found; version < target; version++) {
      await MIGRATIONS[version]!(client)
      await client.query('INSERT INTO carnet_schema (version) VALUES ($1)', [version + 1])
    }
    await client.query('COMMIT')
    return found
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
}
