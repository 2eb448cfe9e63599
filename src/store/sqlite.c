/*
 * The SQLite backend of the store (struct kz_store_ops).
 *
 * One handle per kz_store; WAL journal, foreign keys on, synchronous=NORMAL,
 * a busy timeout of KZ_DB_BUSY_TIMEOUT_MS.  Every statement is a constant
 * string prepared once per handle and cached; data is only ever bound.
 * The list filters pick one of a fixed set of WHERE clauses built from
 * constant fragments, so each combination still is one cached statement.
 *
 * Transactions nest: begin at depth 0 is BEGIN IMMEDIATE (writers take the
 * lock up front, so a read-then-write never fails on a stale snapshot),
 * deeper ones are SAVEPOINTs.  Reads that need several statements (get,
 * list) run inside a deferred read transaction when none is open, so they
 * see one snapshot.
 *
 * The schema is versioned by the schema_version table and upgraded by the
 * steps in kz_store_sqlite_steps, each in its own transaction.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kuzet/store.h"
#include "kuzet/analysis.h"
#include "kuzet/collect.h"
#include "kuzet/limits.h"
#include "store/store_int.h"

/* ---- schema ---- */

/* Version 1: the incident archive. */
static const char schema_v1[] =
    "CREATE TABLE incidents (\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n" /* ids are never reused:
                                                   audit rows outlive them */
    "  section TEXT NOT NULL CHECK (length(section) BETWEEN 1 AND 31),\n"
    "  status TEXT NOT NULL\n"
    "    CHECK (status IN ('draft', 'published', 'rejected')),\n"
    "  occurred_on TEXT CHECK (occurred_on GLOB "
    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  period_from TEXT CHECK (period_from GLOB "
    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  period_to TEXT CHECK (period_to GLOB "
    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  sort_date TEXT GENERATED ALWAYS AS\n"
    "    (coalesce(occurred_on, period_to, period_from)) STORED,\n"
    "  created INTEGER NOT NULL,\n"
    "  updated INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)\n"
    ");\n"
    "CREATE INDEX incidents_sort ON incidents (sort_date);\n"
    "CREATE INDEX incidents_status_sort ON incidents (status, sort_date);\n"
    "CREATE INDEX incidents_section_sort ON incidents (section, sort_date);\n"
    "CREATE TABLE incident_texts (\n"
    "  incident_id INTEGER NOT NULL\n"
    "    REFERENCES incidents (id) ON DELETE CASCADE,\n"
    "  lang TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 8),\n"
    "  title TEXT,\n"
    "  summary TEXT,\n"
    "  PRIMARY KEY (incident_id, lang)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX incident_texts_title ON incident_texts (title);\n"
    "CREATE TABLE sources (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  incident_id INTEGER NOT NULL\n"
    "    REFERENCES incidents (id) ON DELETE CASCADE,\n"
    "  position INTEGER NOT NULL,\n"
    "  url TEXT NOT NULL,\n"
    "  url_norm TEXT NOT NULL,\n"
    "  UNIQUE (incident_id, position)\n"
    ");\n"
    "CREATE INDEX sources_url_norm ON sources (url_norm);\n"
    /* No foreign key: the trail survives the incident's deletion. */
    "CREATE TABLE audit (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  incident_id INTEGER NOT NULL,\n"
    "  at INTEGER NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  field TEXT NOT NULL,\n"
    "  old_value TEXT,\n"
    "  new_value TEXT\n"
    ");\n"
    "CREATE INDEX audit_incident ON audit (incident_id);\n";

/* Version 2: what collection keeps (include/kuzet/collect.h). */
static const char schema_v2[] =
    "CREATE TABLE collect_sources (\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  url TEXT NOT NULL UNIQUE,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('auto', 'rss', 'atom', 'jsonfeed',"
    " 'html', 'telegram')),\n"
    "  name TEXT,\n"
    "  lang TEXT,\n"
    "  every_s INTEGER NOT NULL CHECK (every_s > 0),\n"
    "  enabled INTEGER NOT NULL DEFAULT 1,\n"
    "  etag TEXT,\n"
    "  last_modified TEXT,\n"
    "  last_fetch INTEGER NOT NULL DEFAULT 0,\n"
    "  last_status INTEGER NOT NULL DEFAULT 0,\n"
    "  last_error TEXT,\n"
    "  failures INTEGER NOT NULL DEFAULT 0,\n"
    "  items_seen INTEGER NOT NULL DEFAULT 0,\n"
    "  next_due INTEGER NOT NULL DEFAULT 0,\n"
    "  created INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE articles (\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  source_id INTEGER REFERENCES collect_sources (id) ON DELETE SET NULL,\n"
    "  url TEXT NOT NULL,\n"
    "  canonical_url TEXT NOT NULL,\n"
    "  title TEXT,\n"
    "  text TEXT,\n"
    "  lang TEXT,\n"
    "  published INTEGER NOT NULL DEFAULT 0,\n"
    "  fetched INTEGER NOT NULL,\n"
    "  hash TEXT NOT NULL CHECK (length(hash) = 64),\n"
    "  previous_id INTEGER REFERENCES articles (id),\n"
    "  latest INTEGER NOT NULL DEFAULT 1\n" /* 0 once a newer version
                                                exists */
    ");\n"
    "CREATE INDEX articles_canonical ON articles (canonical_url);\n"
    "CREATE INDEX articles_hash ON articles (hash);\n"
    "CREATE INDEX articles_latest ON articles (latest, fetched);\n"
    "CREATE TABLE evidence (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  article_id INTEGER NOT NULL\n"
    "    REFERENCES articles (id) ON DELETE CASCADE,\n"
    "  fetched INTEGER NOT NULL,\n"
    "  content_type TEXT,\n"
    "  encoding TEXT,\n"
    "  body BLOB NOT NULL\n"
    ");\n"
    "CREATE INDEX evidence_article ON evidence (article_id);\n"
    "CREATE INDEX evidence_fetched ON evidence (fetched);\n";

/* Version 3: what analysis keeps (include/kuzet/analysis.h). */
static const char schema_v3[] =
    "CREATE TABLE models (\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  created INTEGER NOT NULL,\n"
    "  algo TEXT NOT NULL,\n"
    "  items INTEGER NOT NULL DEFAULT 0,\n"
    "  metrics TEXT,\n"
    "  active INTEGER NOT NULL DEFAULT 0,\n"
    "  blob BLOB NOT NULL\n"
    ");\n"
    "CREATE TABLE candidates (\n"
    "  article_id INTEGER PRIMARY KEY\n"
    "    REFERENCES articles (id) ON DELETE CASCADE,\n"
    "  model_id INTEGER,\n"
    "  label TEXT NOT NULL,\n"
    "  relevance REAL NOT NULL CHECK (relevance BETWEEN 0 AND 1),\n"
    "  scores TEXT,\n"
    "  reasons TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'new'\n"
    "    CHECK (status IN ('new', 'accepted', 'dismissed')),\n"
    "  dismiss_reason TEXT,\n"
    "  incident_id INTEGER,\n"
    "  classified INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX candidates_queue ON candidates (status, relevance);\n";

/* v4: editorial users and their sessions (users.h). */
static const char schema_v4[] =
    "CREATE TABLE users (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL UNIQUE,\n"
    "  role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),\n"
    "  pw_hash TEXT NOT NULL,\n"
    "  lang TEXT NOT NULL DEFAULT 'ru' CHECK (lang IN ('ru', 'kk', 'en')),\n"
    "  created INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE sessions (\n"
    "  token_hash TEXT PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n"
    "  csrf TEXT NOT NULL,\n"
    "  created INTEGER NOT NULL,\n"
    "  expires INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX sessions_user ON sessions (user_id);\n"
    "CREATE INDEX sessions_expires ON sessions (expires);\n";

/*
 * Version 5: full-text search over the incidents' titles and summaries in
 * every language, one row per incident (rowid = incidents.id), with the
 * "kuzet" tokenizer (sqlite_fts.c: kuzet's tokens and stems).  The store
 * keeps it in step in insert, update and remove (triggers cannot: with
 * trusted_schema off a trigger may not write a virtual table).  Existing
 * incidents are indexed here.  The table keeps its own copy of the text,
 * which snippet() reads.
 */
static const char schema_v5[] =
    "CREATE VIRTUAL TABLE incident_fts USING fts5 (\n"
    "  title_ru, title_kk, title_en, summary_ru, summary_kk, summary_en,\n"
    "  tokenize = 'kuzet'\n"
    ");\n"
    "INSERT INTO incident_fts (rowid, title_ru, title_kk, title_en,\n"
    "  summary_ru, summary_kk, summary_en)\n"
    "SELECT incident_id,\n"
    "  max(CASE lang WHEN 'ru' THEN title END),\n"
    "  max(CASE lang WHEN 'kk' THEN title END),\n"
    "  max(CASE lang WHEN 'en' THEN title END),\n"
    "  max(CASE lang WHEN 'ru' THEN summary END),\n"
    "  max(CASE lang WHEN 'kk' THEN summary END),\n"
    "  max(CASE lang WHEN 'en' THEN summary END)\n"
    "FROM incident_texts GROUP BY incident_id;\n";

/* The columns of incident_fts follow enum kz_lang. */
_Static_assert(
    KZ_LANG_RU == 0 && KZ_LANG_KK == 1 && KZ_LANG_EN == 2 && KZ_LANG_COUNT == 3,
    "incident_fts has title and summary columns for ru, kk, en");

const char *const kz_store_sqlite_steps[] = {
    schema_v1, schema_v2, schema_v3, schema_v4, schema_v5};
const size_t kz_store_sqlite_nsteps =
    sizeof kz_store_sqlite_steps / sizeof kz_store_sqlite_steps[0];

_Static_assert(sizeof kz_store_sqlite_steps / sizeof kz_store_sqlite_steps[0] ==
        KZ_SCHEMA_VERSION,
    "KZ_SCHEMA_VERSION must match the migration steps");

static const char schema_version_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_version (\n"
    "  version INTEGER PRIMARY KEY,\n"
    "  applied INTEGER NOT NULL\n"
    ")";

/* ---- statements ---- */

enum stmt_id {
	ST_BEGIN,
	ST_BEGIN_READ,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_SAVEPOINT,
	ST_RELEASE,
	ST_ROLLBACK_TO,
	ST_INC_INSERT,
	ST_TEXT_INSERT,
	ST_SRC_INSERT,
	ST_INC_UPDATE,
	ST_INC_VERSION,
	ST_TEXT_DELETE,
	ST_SRC_DELETE,
	ST_INC_GET,
	ST_TEXT_GET,
	ST_SRC_GET,
	ST_INC_DELETE,
	ST_DUP_URL,
	ST_DUP_NOURL,
	ST_BY_URL,
	ST_AUDIT_INSERT,
	ST_AUDIT_LIST,
	ST_AUDIT_LIST_ALL,
	ST_COUNT,
	ST_FTS_INSERT,
	ST_FTS_DELETE,
	ST_FTS_RANK,
	ST_FTS_OPTIMIZE,
	ST_N
};

static const char *const stmt_sql[ST_N] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_BEGIN_READ] = "BEGIN",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_SAVEPOINT] = "SAVEPOINT kz",
    [ST_RELEASE] = "RELEASE kz",
    [ST_ROLLBACK_TO] = "ROLLBACK TO kz",
    [ST_INC_INSERT] = "INSERT INTO incidents (section, status, occurred_on,"
                      " period_from, period_to, created, updated, version)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 1)",
    [ST_TEXT_INSERT] = "INSERT INTO incident_texts (incident_id, lang, title,"
                       " summary) VALUES (?1, ?2, ?3, ?4)",
    [ST_SRC_INSERT] = "INSERT INTO sources (incident_id, position, url,"
                      " url_norm) VALUES (?1, ?2, ?3, ?4)",
    [ST_INC_UPDATE] = "UPDATE incidents SET section = ?2, status = ?3,"
                      " occurred_on = ?4, period_from = ?5, period_to = ?6,"
                      " updated = max(?7, created), version = version + 1"
                      " WHERE id = ?1 AND version = ?8",
    [ST_INC_VERSION] = "SELECT version FROM incidents WHERE id = ?1",
    [ST_TEXT_DELETE] = "DELETE FROM incident_texts WHERE incident_id = ?1",
    [ST_SRC_DELETE] = "DELETE FROM sources WHERE incident_id = ?1",
    [ST_INC_GET] = "SELECT id, section, status, occurred_on, period_from,"
                   " period_to, created, updated, version FROM incidents"
                   " WHERE id = ?1",
    [ST_TEXT_GET] = "SELECT incident_id, lang, title, summary"
                    " FROM incident_texts WHERE incident_id = ?1",
    [ST_SRC_GET] = "SELECT incident_id, id, url, url_norm FROM sources"
                   " WHERE incident_id = ?1 ORDER BY position",
    [ST_INC_DELETE] = "DELETE FROM incidents WHERE id = ?1",
    [ST_DUP_URL] = "SELECT s.incident_id FROM sources s"
                   " JOIN incident_texts t ON t.incident_id = s.incident_id"
                   " WHERE s.url_norm = ?1 AND t.title = ?2"
                   " ORDER BY s.incident_id LIMIT 1",
    [ST_DUP_NOURL] =
        "SELECT t.incident_id FROM incident_texts t"
        " WHERE t.title = ?1 AND NOT EXISTS (SELECT 1 FROM sources s"
        " WHERE s.incident_id = t.incident_id)"
        " ORDER BY t.incident_id LIMIT 1",
    [ST_BY_URL] = "SELECT DISTINCT incident_id FROM sources"
                  " WHERE url_norm = ?1 ORDER BY incident_id",
    [ST_AUDIT_INSERT] =
        "INSERT INTO audit (incident_id, at, actor, field,"
        " old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_AUDIT_LIST] =
        "SELECT id, incident_id, at, actor, field, old_value,"
        " new_value FROM audit WHERE incident_id = ?1 ORDER BY id",
    [ST_AUDIT_LIST_ALL] = "SELECT id, incident_id, at, actor, field,"
                          " old_value, new_value FROM audit ORDER BY id",
    [ST_COUNT] = "SELECT count(*) FROM incidents",
    [ST_FTS_INSERT] = "INSERT INTO incident_fts (rowid, title_ru, title_kk,"
                      " title_en, summary_ru, summary_kk, summary_en)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_FTS_DELETE] = "DELETE FROM incident_fts WHERE rowid = ?1",
    [ST_FTS_OPTIMIZE] = "INSERT INTO incident_fts (incident_fts)"
                        " VALUES ('optimize')",
    /* every match's score (see sq_search) */
    [ST_FTS_RANK] = "SELECT f.rowid, kuzet_bm25(f.incident_fts, d.sz,"
                    " 4.0, 4.0, 4.0, 1.0, 1.0, 1.0)"
                    " FROM incident_fts AS f"
                    " CROSS JOIN incident_fts_docsize AS d ON d.id = f.rowid"
                    " WHERE f.incident_fts MATCH ?1",
};

/* A transaction writing at least this many rows of the search index
 * merges the index into one segment when it commits (sq_commit). */
#define FTS_OPTIMIZE_ROWS 1000

/* The three queries of a list and the filters that shape their WHERE. */
enum { LQ_INC, LQ_TEXT, LQ_SRC, LQ_N };
enum {
	LF_SECTION = 1,
	LF_STATUS = 2,
	LF_FROM = 4,
	LF_TO = 8,
	LF_LANG = 16,
	LF_PAGE = 32,
	LF_DESC = 64, /* newest first */
	LF_N = 128
};

struct sq {
	sqlite3 *db;
	const char *path; /* borrowed from the kz_store */
	int depth; /* open transactions, nested ones included */
	int64_t fts_rows; /* search index rows written in this transaction */
	sqlite3_stmt *st[ST_N];
	sqlite3_stmt *list_st[LQ_N][LF_N];
	sqlite3_stmt *rank_st[LF_N]; /* a match's sort date, if it passes */
	sqlite3_stmt *page_st[2]; /* the page, without and with snippets */
};

/* A statement in use: the cached one, or a fresh one when the cached one
 * is busy (a callback re-entered the store during a walk). */
struct q {
	sqlite3_stmt *st;
	int owned;
};

static struct sq *
impl(struct kz_store *s)
{
	return s->impl;
}

/* Fill err from the handle's last error: "PATH: what: message". */
static kz_rc
db_fail(struct sq *h, struct kz_err *err, const char *what)
{
	int code = sqlite3_extended_errcode(h->db);
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return kz_fail(err, KZ_EDB,
		    "%s: %s: database is locked by another process (waited %d "
		    "ms)",
		    h->path, what, KZ_DB_BUSY_TIMEOUT_MS);
	if ((code & 0xff) == SQLITE_NOTADB)
		return kz_fail(err, KZ_EDB, "%s: not a SQLite database (%s)",
		    h->path, sqlite3_errmsg(h->db));
	return kz_fail(
	    err, KZ_EDB, "%s: %s: %s", h->path, what, sqlite3_errmsg(h->db));
}

static kz_rc
prepare(struct sq *h, const char *sql, sqlite3_stmt **out, int persistent,
    struct kz_err *err)
{
	int rc = sqlite3_prepare_v3(h->db, sql, -1,
	    persistent ? SQLITE_PREPARE_PERSISTENT : 0, out, NULL);
	if (rc != SQLITE_OK) {
		*out = NULL;
		return db_fail(h, err, "prepare");
	}
	return KZ_OK;
}

/* Get the statement cached in *slot (preparing sql the first time). */
static kz_rc
q_slot(struct sq *h, sqlite3_stmt **slot, const char *sql, struct q *q,
    struct kz_err *err)
{
	if (*slot == NULL) {
		kz_rc rc = prepare(h, sql, slot, 1, err);
		if (rc != KZ_OK)
			return rc;
	}
	if (sqlite3_stmt_busy(*slot)) {
		q->owned = 1;
		return prepare(h, sql, &q->st, 0, err);
	}
	q->st = *slot;
	q->owned = 0;
	return KZ_OK;
}

static kz_rc
q_get(struct sq *h, enum stmt_id id, struct q *q, struct kz_err *err)
{
	return q_slot(h, &h->st[id], stmt_sql[id], q, err);
}

static void
q_done(struct q *q)
{
	if (q->st == NULL)
		return;
	if (q->owned) {
		sqlite3_finalize(q->st);
	} else {
		sqlite3_reset(q->st);
		sqlite3_clear_bindings(q->st);
	}
	q->st = NULL;
}

/* Run a statement that returns no rows. */
static kz_rc
q_exec(struct sq *h, struct q *q, const char *what, struct kz_err *err)
{
	int rc = sqlite3_step(q->st);
	kz_rc out = KZ_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		out = db_fail(h, err, what);
	q_done(q);
	return out;
}

static kz_rc
exec_id(struct sq *h, enum stmt_id id, struct kz_err *err)
{
	struct q q;
	kz_rc rc = q_get(h, id, &q, err);
	if (rc != KZ_OK)
		return rc;
	return q_exec(h, &q, stmt_sql[id], err);
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL || s[0] == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void
bind_date(sqlite3_stmt *st, int i, struct kz_date d)
{
	if (kz_date_unknown(d)) {
		sqlite3_bind_null(st, i);
	} else {
		char buf[11];
		kz_date_format_iso(d, buf);
		sqlite3_bind_text(st, i, buf, 10, SQLITE_TRANSIENT);
	}
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static kz_rc
col_date(struct sq *h, sqlite3_stmt *st, int i, int64_t id, const char *what,
    struct kz_date *out, struct kz_err *err)
{
	const char *s = col_text(st, i);
	if (s == NULL) {
		struct kz_date unknown = {0, 0, 0};
		*out = unknown;
		return KZ_OK;
	}
	if (kz_date_parse_iso(s, out) != 0)
		return kz_fail(err, KZ_EDB, "%s: incident %lld: bad %s '%s'",
		    h->path, (long long)id, what, s);
	return KZ_OK;
}

/* ---- transactions ---- */

static kz_rc
sq_begin(struct kz_store *s, struct kz_err *err)
{
	struct sq *h = impl(s);
	kz_rc rc = exec_id(h, h->depth == 0 ? ST_BEGIN : ST_SAVEPOINT, err);
	if (rc == KZ_OK && h->depth++ == 0)
		h->fts_rows = 0;
	return rc;
}

static kz_rc
sq_rollback(struct kz_store *s)
{
	struct sq *h = impl(s);
	if (h->depth == 0)
		return KZ_OK;
	if (h->depth == 1 || sqlite3_get_autocommit(h->db)) {
		/* SQLite may already have rolled back the whole transaction
		 * (an I/O error, a full disk); then this is a no-op. */
		if (!sqlite3_get_autocommit(h->db))
			(void)exec_id(h, ST_ROLLBACK, NULL);
		h->depth = 0;
		return KZ_OK;
	}
	(void)exec_id(h, ST_ROLLBACK_TO, NULL);
	(void)exec_id(h, ST_RELEASE, NULL);
	h->depth--;
	return KZ_OK;
}

static kz_rc
sq_commit(struct kz_store *s, struct kz_err *err)
{
	struct sq *h = impl(s);
	/* depth 0: never begun, or an error made SQLite roll back the whole
	 * transaction while nested calls were open (see sq_rollback). */
	if (h->depth == 0)
		return kz_fail(err, KZ_EDB,
		    "%s: no transaction to commit (an earlier error rolled it "
		    "back)",
		    h->path);
	if (sqlite3_get_autocommit(h->db)) {
		h->depth = 0;
		return kz_fail(err, KZ_EDB,
		    "%s: the transaction was rolled back by an earlier error",
		    h->path);
	}
	/* A transaction that wrote many rows of the search index (an
	 * import) leaves it as one segment: FTS5 adds a segment per flush
	 * and merges only some, and every search, and each of its hits'
	 * snippets, seeks in every segment.  130 ms for 10,000 incidents. */
	kz_rc rc = KZ_OK;
	if (h->depth == 1 && h->fts_rows >= FTS_OPTIMIZE_ROWS)
		rc = exec_id(h, ST_FTS_OPTIMIZE, err);
	if (rc == KZ_OK)
		rc = exec_id(h, h->depth == 1 ? ST_COMMIT : ST_RELEASE, err);
	if (rc != KZ_OK) {
		(void)sq_rollback(s);
		return rc;
	}
	h->depth--;
	return KZ_OK;
}

/* Open a read transaction unless one is open; *own says whether to end it
 * with read_end. */
static kz_rc
read_begin(struct sq *h, int *own, struct kz_err *err)
{
	*own = 0;
	if (h->depth > 0)
		return KZ_OK;
	kz_rc rc = exec_id(h, ST_BEGIN_READ, err);
	if (rc == KZ_OK) {
		h->depth++;
		*own = 1;
	}
	return rc;
}

static kz_rc
read_end(struct kz_store *s, int own, kz_rc rc, struct kz_err *err)
{
	if (!own)
		return rc;
	/* Commit even after a failure: a callback may have written in
	 * savepoints that it released. */
	kz_rc crc = sq_commit(s, rc == KZ_OK ? err : NULL);
	return rc != KZ_OK ? rc : crc;
}

/* ---- opening and migrations ---- */

/* Whether a table of this name exists. */
static kz_rc
table_exists(struct sq *h, const char *name, int *out, struct kz_err *err)
{
	sqlite3_stmt *st = NULL;
	kz_rc rc = prepare(h,
	    "SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'table' AND name = ?1",
	    &st, 0, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0) > 0;
	else
		rc = db_fail(h, err, "reading the schema");
	sqlite3_finalize(st);
	return rc;
}

/* 1 if the database has tables besides SQLite's own. */
static kz_rc
has_tables(struct sq *h, int *out, struct kz_err *err)
{
	sqlite3_stmt *st = NULL;
	kz_rc rc = prepare(h,
	    "SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
	    &st, 0, err);
	if (rc != KZ_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0) > 0;
	else
		rc = db_fail(h, err, "reading the schema");
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_store_sqlite_version(
    sqlite3 *db, const char *path, int64_t *version, struct kz_err *err)
{
	struct sq h = {.db = db, .path = path};
	int has = 0;
	kz_rc rc = table_exists(&h, "schema_version", &has, err);
	if (rc != KZ_OK)
		return rc;
	if (!has) {
		*version = 0;
		return KZ_OK;
	}
	sqlite3_stmt *st = NULL;
	rc = prepare(&h, "SELECT coalesce(max(version), 0) FROM schema_version",
	    &st, 0, err);
	if (rc != KZ_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*version = sqlite3_column_int64(st, 0);
	else
		rc = db_fail(&h, err, "reading the schema version");
	sqlite3_finalize(st);
	return rc;
}

static kz_rc
exec_sql(struct sq *h, const char *sql, const char *what, struct kz_err *err)
{
	if (sqlite3_exec(h->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(h, err, what);
	return KZ_OK;
}

static kz_rc
too_new(const char *path, int64_t version, size_t nsteps, struct kz_err *err)
{
	return kz_fail(err, KZ_EDB,
	    "database %s has schema version %lld but this kuzet knows up to "
	    "%zu; upgrade kuzet",
	    path, (long long)version, nsteps);
}

/* Apply the next step if the database (locked) is behind; *done when it is
 * up to date. */
static kz_rc
migrate_step(struct sq *h, const char *const *steps, size_t nsteps, int *done,
    struct kz_err *err)
{
	int64_t v;
	kz_rc rc = kz_store_sqlite_version(h->db, h->path, &v, err);
	if (rc != KZ_OK)
		return rc;
	if (v == 0) {
		/* Version 0 is an empty database, or one with an empty
		 * schema_version table; tables without it are not ours. */
		int other = 0, has_sv = 0;
		rc = has_tables(h, &other, err);
		if (rc == KZ_OK)
			rc = table_exists(h, "schema_version", &has_sv, err);
		if (rc != KZ_OK)
			return rc;
		if (other && !has_sv)
			return kz_fail(err, KZ_EDB,
			    "%s is a SQLite database but not a kuzet archive "
			    "(it has no schema_version table)",
			    h->path);
	}
	if (v < 0 || (uint64_t)v > nsteps)
		return too_new(h->path, v, nsteps, err);
	if ((uint64_t)v == nsteps) {
		*done = 1;
		return KZ_OK;
	}
	rc = exec_sql(h, schema_version_sql, "creating schema_version", err);
	if (rc != KZ_OK)
		return rc;
	char what[64];
	snprintf(what, sizeof what, "migrating to schema version %lld",
	    (long long)v + 1);
	rc = exec_sql(h, steps[v], what, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = prepare(h,
	    "INSERT INTO schema_version (version, applied) VALUES (?1, ?2)",
	    &st, 0, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, v + 1);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(h, err, what);
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_store_sqlite_migrate(sqlite3 *db, const char *path, const char *const *steps,
    size_t nsteps, struct kz_err *err)
{
	struct sq h = {.db = db, .path = path};
	int64_t v;
	/* Up to date: no write lock taken. */
	kz_rc rc = kz_store_sqlite_version(db, path, &v, err);
	if (rc != KZ_OK)
		return rc;
	if (v > 0 && (uint64_t)v > nsteps)
		return too_new(path, v, nsteps, err);
	if (v > 0 && (uint64_t)v == nsteps)
		return KZ_OK;
	for (;;) {
		/* Each step in its own transaction; the version is read again
		 * under the lock, as another process may be migrating too. */
		rc = exec_sql(
		    &h, "BEGIN IMMEDIATE", "starting a migration", err);
		if (rc != KZ_OK)
			return rc;
		int done = 0;
		rc = migrate_step(&h, steps, nsteps, &done, err);
		if (rc == KZ_OK)
			rc = exec_sql(
			    &h, "COMMIT", "committing a migration", err);
		if (rc != KZ_OK) {
			if (!sqlite3_get_autocommit(db))
				sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		if (done)
			return KZ_OK;
	}
}

/* Read one text row of a PRAGMA. */
static kz_rc
pragma_text(
    struct sq *h, const char *sql, char *out, size_t outsz, struct kz_err *err)
{
	sqlite3_stmt *st = NULL;
	kz_rc rc = prepare(h, sql, &st, 0, err);
	if (rc != KZ_OK)
		return rc;
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = col_text(st, 0);
		snprintf(out, outsz, "%s", v != NULL ? v : "");
	} else {
		rc = db_fail(h, err, sql);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Memory: SQLite maps up to 256 MiB of the file instead of copying every
 * page through read(2) (an archive of 100,000 incidents is about 200 MB;
 * listing all of it ran 2-3x faster), keeps at most 32 MiB of its own page
 * cache per handle, and keeps savepoint and statement journals in memory
 * (they hold only the pages one call changes; on disk they made adding an
 * incident inside a transaction 1.7x slower).  The mapping is read-only, so
 * a stray pointer cannot corrupt the file.
 */
static const char tuning_sql[] = "PRAGMA mmap_size = 268435456;"
                                 "PRAGMA cache_size = -32768;"
                                 "PRAGMA temp_store = MEMORY;";

static kz_rc
configure(struct sq *h, int memory, struct kz_err *err)
{
	sqlite3_extended_result_codes(h->db, 1);
	sqlite3_busy_timeout(h->db, KZ_DB_BUSY_TIMEOUT_MS);
	sqlite3_db_config(h->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(h->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	char v[32];
	/* The first read: a file that is not a database fails here. */
	kz_rc rc = pragma_text(h, "PRAGMA schema_version", v, sizeof v, err);
	if (rc == KZ_OK)
		rc = exec_sql(
		    h, "PRAGMA foreign_keys = ON", "foreign_keys", err);
	if (rc == KZ_OK)
		rc = pragma_text(h, "PRAGMA foreign_keys", v, sizeof v, err);
	if (rc == KZ_OK && strcmp(v, "1") != 0)
		return kz_fail(err, KZ_EDB,
		    "%s: SQLite was built without foreign keys", h->path);
	if (rc == KZ_OK)
		rc = pragma_text(
		    h, "PRAGMA journal_mode = WAL", v, sizeof v, err);
	if (rc == KZ_OK && !memory && strcmp(v, "wal") != 0)
		return kz_fail(err, KZ_EDB,
		    "%s: cannot use write-ahead logging (journal mode stays "
		    "'%s'); is it on a network file system?",
		    h->path, v);
	if (rc == KZ_OK)
		rc = exec_sql(
		    h, "PRAGMA synchronous = NORMAL", "synchronous", err);
	if (rc == KZ_OK && !memory)
		rc = exec_sql(h, tuning_sql, "tuning", err);
	return rc;
}

static void
sq_free(struct sq *h)
{
	for (int i = 0; i < ST_N; i++)
		sqlite3_finalize(h->st[i]);
	for (int k = 0; k < LQ_N; k++)
		for (int m = 0; m < LF_N; m++)
			sqlite3_finalize(h->list_st[k][m]);
	for (int m = 0; m < LF_N; m++)
		sqlite3_finalize(h->rank_st[m]);
	for (int k = 0; k < 2; k++)
		sqlite3_finalize(h->page_st[k]);
	if (h->db != NULL && !sqlite3_get_autocommit(h->db))
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close_v2(h->db);
	free(h);
}

/*
 * Process-wide SQLite settings, made once before the first handle opens:
 * no memory statistics.  With them every allocation SQLite makes takes one
 * global mutex, for which kuzet serve's threads (a handle each) waited on
 * one another; kuzet never reads the statistics.  All of kuzet's SQLite use
 * goes through the store, so this runs before SQLite is first used (else
 * sqlite3_config changes nothing and says SQLITE_MISUSE, which is fine).
 */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void
sqlite_global(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static kz_rc
sq_open(struct kz_store *s, const char *target, int create, struct kz_err *err)
{
	pthread_once(&sqlite_once, sqlite_global);
	int memory = strcmp(target, ":memory:") == 0;
	if (create && !memory) {
		/* Create the file ourselves, private to its owner: SQLite
		 * gives the -wal and -shm files the same mode. */
		int fd =
		    open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST)
			return kz_fail(err, KZ_EIO, "cannot create %s: %s",
			    target, strerror(errno));
	}
	struct sq *h = kz_xcalloc(1, sizeof *h);
	h->path = s->target;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	int src = sqlite3_open_v2(target, &h->db, flags, NULL);
	kz_rc rc = KZ_OK;
	if (src != SQLITE_OK) {
		if (h->db != NULL)
			rc = kz_fail(err, KZ_EDB, "cannot open database %s: %s",
			    target, sqlite3_errmsg(h->db));
		else
			rc = kz_fail(err, KZ_EDB, "cannot open database %s: %s",
			    target, sqlite3_errstr(src));
	}
	if (rc == KZ_OK)
		rc = configure(h, memory, err);
	if (rc == KZ_OK)
		rc = kz_store_fts_register(h->db, h->path, err);
	if (rc == KZ_OK)
		rc = kz_store_sqlite_migrate(h->db, h->path,
		    kz_store_sqlite_steps, kz_store_sqlite_nsteps, err);
	if (rc != KZ_OK) {
		sq_free(h);
		return rc;
	}
	s->impl = h;
	return KZ_OK;
}

static void
sq_close(struct kz_store *s)
{
	struct sq *h = impl(s);
	if (h != NULL)
		sq_free(h);
	s->impl = NULL;
}

sqlite3 *
kz_store_sqlite_handle(struct kz_store *s)
{
	return s->ops == &kz_store_sqlite_ops ? impl(s)->db : NULL;
}

/* ---- writing incidents ---- */

static kz_rc
write_texts(
    struct sq *h, const struct kz_incident *inc, int64_t id, struct kz_err *err)
{
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		const char *t = inc->title[l], *sm = inc->summary[l];
		if ((t == NULL || t[0] == '\0') &&
		    (sm == NULL || sm[0] == '\0'))
			continue;
		struct q q;
		kz_rc rc = q_get(h, ST_TEXT_INSERT, &q, err);
		if (rc != KZ_OK)
			return rc;
		sqlite3_bind_int64(q.st, 1, id);
		sqlite3_bind_text(
		    q.st, 2, kz_lang_code((enum kz_lang)l), -1, SQLITE_STATIC);
		bind_text(q.st, 3, t);
		bind_text(q.st, 4, sm);
		rc = q_exec(h, &q, "storing a title", err);
		if (rc != KZ_OK)
			return rc;
	}
	return KZ_OK;
}

/* Index the incident's texts for search (its row must not exist). */
static kz_rc
write_fts(
    struct sq *h, const struct kz_incident *inc, int64_t id, struct kz_err *err)
{
	struct q q;
	kz_rc rc = q_get(h, ST_FTS_INSERT, &q, err);
	if (rc != KZ_OK)
		return rc;
	h->fts_rows++;
	sqlite3_bind_int64(q.st, 1, id);
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		bind_text(q.st, 2 + l, inc->title[l]);
		bind_text(q.st, 2 + KZ_LANG_COUNT + l, inc->summary[l]);
	}
	return q_exec(h, &q, "updating the search index", err);
}

/* Insert the sources; their new ids go into ids[]. */
static kz_rc
write_sources(struct sq *h, const struct kz_incident *inc, int64_t id,
    int64_t *ids, struct kz_err *err)
{
	for (size_t i = 0; i < inc->nsources; i++) {
		const struct kz_source *src = &inc->sources[i];
		struct q q;
		kz_rc rc = q_get(h, ST_SRC_INSERT, &q, err);
		if (rc != KZ_OK)
			return rc;
		sqlite3_bind_int64(q.st, 1, id);
		sqlite3_bind_int64(q.st, 2, (int64_t)i);
		sqlite3_bind_text(q.st, 3, src->url, -1, SQLITE_STATIC);
		sqlite3_bind_text(q.st, 4,
		    src->url_norm != NULL && src->url_norm[0] != '\0'
		        ? src->url_norm
		        : src->url,
		    -1, SQLITE_STATIC);
		rc = q_exec(h, &q, "storing a source", err);
		if (rc != KZ_OK)
			return rc;
		ids[i] = sqlite3_last_insert_rowid(h->db);
	}
	return KZ_OK;
}

static void
bind_fields(sqlite3_stmt *st, int first, const struct kz_incident *inc)
{
	sqlite3_bind_text(st, first, inc->section, -1, SQLITE_STATIC);
	sqlite3_bind_text(
	    st, first + 1, kz_status_name(inc->status), -1, SQLITE_STATIC);
	bind_date(st, first + 2, inc->occurred_on);
	bind_date(st, first + 3, inc->period_from);
	bind_date(st, first + 4, inc->period_to);
}

static kz_rc
sq_insert(struct kz_store *s, struct kz_incident *inc, struct kz_err *err)
{
	struct sq *h = impl(s);
	int64_t now = (int64_t)time(NULL);
	struct q q;
	kz_rc rc = q_get(h, ST_INC_INSERT, &q, err);
	if (rc != KZ_OK)
		return rc;
	bind_fields(q.st, 1, inc);
	sqlite3_bind_int64(q.st, 6, now);
	rc = q_exec(h, &q, "storing an incident", err);
	if (rc != KZ_OK)
		return rc;
	int64_t id = sqlite3_last_insert_rowid(h->db);
	int64_t *ids = kz_xreallocarray(NULL, inc->nsources, sizeof *ids);
	rc = write_texts(h, inc, id, err);
	if (rc == KZ_OK)
		rc = write_fts(h, inc, id, err);
	if (rc == KZ_OK)
		rc = write_sources(h, inc, id, ids, err);
	if (rc == KZ_OK) {
		inc->id = id;
		inc->created = inc->updated = now;
		inc->version = 1;
		for (size_t i = 0; i < inc->nsources; i++)
			inc->sources[i].id = ids[i];
	}
	free(ids);
	return rc;
}

/* Run a statement binding only the incident id as ?1. */
static kz_rc
exec_for_id(struct sq *h, enum stmt_id sid, int64_t id, const char *what,
    struct kz_err *err)
{
	struct q q;
	kz_rc rc = q_get(h, sid, &q, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(q.st, 1, id);
	return q_exec(h, &q, what, err);
}

/* Why an UPDATE ... WHERE version = ? matched nothing. */
static kz_rc
update_missed(struct sq *h, const struct kz_incident *inc, struct kz_err *err)
{
	struct q q;
	kz_rc rc = q_get(h, ST_INC_VERSION, &q, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(q.st, 1, inc->id);
	int src = sqlite3_step(q.st);
	if (src == SQLITE_ROW)
		rc = kz_fail(err, KZ_ECONFLICT,
		    "incident %lld was changed by someone else (version %lld, "
		    "yours %lld)",
		    (long long)inc->id,
		    (long long)sqlite3_column_int64(q.st, 0),
		    (long long)inc->version);
	else if (src == SQLITE_DONE)
		rc = kz_fail(err, KZ_ENOTFOUND, "incident %lld not found",
		    (long long)inc->id);
	else
		rc = db_fail(h, err, "reading a version");
	q_done(&q);
	return rc;
}

static kz_rc
sq_update(struct kz_store *s, struct kz_incident *inc, struct kz_err *err)
{
	struct sq *h = impl(s);
	int64_t now = (int64_t)time(NULL);
	struct q q;
	kz_rc rc = q_get(h, ST_INC_UPDATE, &q, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(q.st, 1, inc->id);
	bind_fields(q.st, 2, inc);
	sqlite3_bind_int64(q.st, 7, now);
	sqlite3_bind_int64(q.st, 8, inc->version);
	rc = q_exec(h, &q, "updating an incident", err);
	if (rc != KZ_OK)
		return rc;
	if (sqlite3_changes(h->db) == 0)
		return update_missed(h, inc, err);
	rc = exec_for_id(h, ST_TEXT_DELETE, inc->id, "replacing titles", err);
	if (rc == KZ_OK)
		rc = exec_for_id(
		    h, ST_SRC_DELETE, inc->id, "replacing sources", err);
	if (rc == KZ_OK)
		rc = write_texts(h, inc, inc->id, err);
	if (rc == KZ_OK)
		rc = exec_for_id(h, ST_FTS_DELETE, inc->id,
		    "updating the search index", err);
	if (rc == KZ_OK)
		rc = write_fts(h, inc, inc->id, err);
	int64_t *ids = kz_xreallocarray(NULL, inc->nsources, sizeof *ids);
	if (rc == KZ_OK)
		rc = write_sources(h, inc, inc->id, ids, err);
	if (rc == KZ_OK) {
		inc->version++;
		inc->updated = now;
		for (size_t i = 0; i < inc->nsources; i++)
			inc->sources[i].id = ids[i];
	}
	free(ids);
	return rc;
}

static kz_rc
sq_remove(struct kz_store *s, int64_t id, struct kz_err *err)
{
	struct sq *h = impl(s);
	kz_rc rc =
	    exec_for_id(h, ST_INC_DELETE, id, "deleting an incident", err);
	if (rc == KZ_OK && sqlite3_changes(h->db) == 0)
		rc = kz_fail(err, KZ_ENOTFOUND, "incident %lld not found",
		    (long long)id);
	if (rc == KZ_OK)
		rc = exec_for_id(h, ST_FTS_DELETE, id,
		    "removing from the search index", err);
	return rc;
}

/* ---- reading incidents ---- */

/* Fill inc's scalar fields from a row: id, section, status, occurred_on,
 * period_from, period_to, created, updated, version. */
static kz_rc
read_incident_row(
    struct sq *h, sqlite3_stmt *st, struct kz_incident *inc, struct kz_err *err)
{
	int64_t id = sqlite3_column_int64(st, 0);
	const char *section = col_text(st, 1);
	const char *status = col_text(st, 2);
	inc->id = id;
	snprintf(inc->section, sizeof inc->section, "%s",
	    section != NULL ? section : "");
	if (status == NULL || kz_status_parse(status, &inc->status) != 0)
		return kz_fail(err, KZ_EDB,
		    "%s: incident %lld: bad status '%s'", h->path,
		    (long long)id, status != NULL ? status : "");
	kz_rc rc =
	    col_date(h, st, 3, id, "occurred_on", &inc->occurred_on, err);
	if (rc == KZ_OK)
		rc = col_date(
		    h, st, 4, id, "period_from", &inc->period_from, err);
	if (rc == KZ_OK)
		rc = col_date(h, st, 5, id, "period_to", &inc->period_to, err);
	inc->created = sqlite3_column_int64(st, 6);
	inc->updated = sqlite3_column_int64(st, 7);
	inc->version = sqlite3_column_int64(st, 8);
	return rc;
}

/* Apply a text row (incident_id, lang, title, summary); languages this
 * build does not know are skipped. */
static void
read_text_row(sqlite3_stmt *st, struct kz_incident *inc)
{
	enum kz_lang l;
	const char *lang = col_text(st, 1);
	if (lang == NULL || kz_lang_parse(lang, &l) != 0)
		return;
	kz_incident_set_text(&inc->title[l], col_text(st, 2));
	kz_incident_set_text(&inc->summary[l], col_text(st, 3));
}

/* Apply a source row (incident_id, id, url, url_norm). */
static void
read_source_row(sqlite3_stmt *st, struct kz_incident *inc)
{
	const char *url = col_text(st, 2), *norm = col_text(st, 3);
	kz_incident_add_source(
	    inc, url != NULL ? url : "", norm != NULL ? norm : url);
	inc->sources[inc->nsources - 1].id = sqlite3_column_int64(st, 1);
}

static kz_rc
get_rows(struct sq *h, enum stmt_id sid, int64_t id, struct kz_incident *inc,
    void (*apply)(sqlite3_stmt *, struct kz_incident *), struct kz_err *err)
{
	struct q q;
	kz_rc rc = q_get(h, sid, &q, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(q.st, 1, id);
	int src;
	while ((src = sqlite3_step(q.st)) == SQLITE_ROW)
		apply(q.st, inc);
	if (src != SQLITE_DONE)
		rc = db_fail(h, err, "reading an incident");
	q_done(&q);
	return rc;
}

static kz_rc
sq_get(
    struct kz_store *s, int64_t id, struct kz_incident *out, struct kz_err *err)
{
	struct sq *h = impl(s);
	int own;
	kz_rc rc = read_begin(h, &own, err);
	if (rc != KZ_OK)
		return rc;
	struct q q;
	rc = q_get(h, ST_INC_GET, &q, err);
	if (rc == KZ_OK) {
		sqlite3_bind_int64(q.st, 1, id);
		int src = sqlite3_step(q.st);
		if (src == SQLITE_ROW)
			rc = read_incident_row(h, q.st, out, err);
		else if (src == SQLITE_DONE)
			rc = kz_fail(err, KZ_ENOTFOUND,
			    "incident %lld not found", (long long)id);
		else
			rc = db_fail(h, err, "reading an incident");
		q_done(&q);
	}
	if (rc == KZ_OK)
		rc = get_rows(h, ST_TEXT_GET, id, out, read_text_row, err);
	if (rc == KZ_OK)
		rc = get_rows(h, ST_SRC_GET, id, out, read_source_row, err);
	return read_end(s, own, rc, err);
}

/* Append the " AND ..." conditions of a filter mask; nonzero on failure. */
static int
filter_sql(struct kz_buf *where, int mask)
{
	int bad = 0;
	if (mask & LF_SECTION)
		bad |= kz_buf_puts(where, " AND i.section = :section");
	if (mask & LF_STATUS)
		bad |= kz_buf_puts(where, " AND i.status = :status");
	if (mask & LF_FROM)
		bad |= kz_buf_puts(where, " AND i.sort_date >= :from");
	if (mask & LF_TO)
		bad |= kz_buf_puts(where, " AND i.sort_date <= :to");
	if (mask & LF_LANG)
		bad |= kz_buf_puts(where,
		    " AND EXISTS (SELECT 1 FROM incident_texts x"
		    " WHERE x.incident_id = i.id AND x.lang = :lang"
		    " AND x.title IS NOT NULL)");
	return bad;
}

/*
 * The SQL of one list query for a filter mask, from constant fragments.
 * With LF_PAGE the page of incidents is chosen in a subquery first, so the
 * texts and sources queries cover exactly the incidents listed.
 */
static char *
list_sql(int kind, int mask)
{
	static const char *const cols[LQ_N] = {
	    [LQ_INC] = "SELECT i.id, i.section, i.status, i.occurred_on,"
	               " i.period_from, i.period_to, i.created, i.updated,"
	               " i.version",
	    [LQ_TEXT] = "SELECT t.incident_id, t.lang, t.title, t.summary",
	    [LQ_SRC] = "SELECT s.incident_id, s.id, s.url, s.url_norm",
	};
	static const char *const joins[LQ_N] = {
	    [LQ_INC] = "",
	    [LQ_TEXT] = " JOIN incident_texts t ON t.incident_id = i.id",
	    [LQ_SRC] = " JOIN sources s ON s.incident_id = i.id",
	};
	static const char *const tail[LQ_N] = {
	    [LQ_INC] = "", [LQ_TEXT] = "", [LQ_SRC] = ", s.position"};
	const char *ord = (mask & LF_DESC) ? "i.sort_date DESC, i.id DESC"
	                                   : "i.sort_date, i.id";
	struct kz_buf where, b;
	kz_buf_init(&where, 4096);
	kz_buf_init(&b, 8192);
	int bad = kz_buf_puts(&where, " WHERE 1") != KZ_OK;
	bad |= filter_sql(&where, mask);
	bad |= kz_buf_puts(&b, cols[kind]);
	if (kind == LQ_INC) {
		bad |= kz_buf_printf(&b, " FROM incidents i%s ORDER BY %s",
		    kz_buf_str(&where), ord);
		if (mask & LF_PAGE)
			bad |= kz_buf_puts(&b, " LIMIT :limit OFFSET :offset");
	} else if (mask & LF_PAGE) {
		bad |= kz_buf_printf(&b,
		    " FROM (SELECT i.id, i.sort_date FROM incidents i%s"
		    " ORDER BY %s LIMIT :limit OFFSET :offset)"
		    " AS i%s ORDER BY %s%s",
		    kz_buf_str(&where), ord, joins[kind], ord, tail[kind]);
	} else {
		bad |= kz_buf_printf(&b, " FROM incidents i%s%s ORDER BY %s%s",
		    joins[kind], kz_buf_str(&where), ord, tail[kind]);
	}
	/* Constant fragments far below the caps. */
	if (bad)
		abort();
	kz_buf_fini(&where);
	return kz_buf_take(&b);
}

static int
filter_mask(const struct kz_incident_filter *f)
{
	int mask = 0;
	if (f->section != NULL)
		mask |= LF_SECTION;
	if (f->status >= 0)
		mask |= LF_STATUS;
	if (!kz_date_unknown(f->from))
		mask |= LF_FROM;
	if (!kz_date_unknown(f->to))
		mask |= LF_TO;
	if (f->lang >= 0)
		mask |= LF_LANG;
	if (f->limit > 0 || f->offset > 0)
		mask |= LF_PAGE;
	if (f->newest_first)
		mask |= LF_DESC;
	return mask;
}

static void
bind_named_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void
bind_named_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

static void
bind_filter(sqlite3_stmt *st, const struct kz_incident_filter *f, int mask)
{
	char d[11];
	if (mask & LF_SECTION)
		bind_named_text(st, ":section", f->section);
	if (mask & LF_STATUS)
		bind_named_text(
		    st, ":status", kz_status_name((enum kz_status)f->status));
	if (mask & LF_FROM) {
		kz_date_format_iso(f->from, d);
		bind_named_text(st, ":from", d);
	}
	if (mask & LF_TO) {
		kz_date_format_iso(f->to, d);
		bind_named_text(st, ":to", d);
	}
	if (mask & LF_LANG)
		bind_named_text(
		    st, ":lang", kz_lang_code((enum kz_lang)f->lang));
	if (mask & LF_PAGE) {
		bind_named_int(st, ":limit", f->limit > 0 ? f->limit : -1);
		bind_named_int(st, ":offset", f->offset);
	}
}

/* One of the list's cursors: state of its current row. */
struct cursor {
	struct q q;
	int row; /* 1 if positioned on a row */
};

static kz_rc
cursor_step(struct sq *h, struct cursor *c, struct kz_err *err)
{
	int src = sqlite3_step(c->q.st);
	c->row = src == SQLITE_ROW;
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return db_fail(h, err, "listing incidents");
	return KZ_OK;
}

/*
 * Walk three cursors in the same order (sort date, id): incidents, their
 * texts and their sources, merging the rows of each incident as in a merge
 * join.  Three statements in all, however many incidents.
 */
static kz_rc
sq_list(struct kz_store *s, const struct kz_incident_filter *f,
    kz_incident_fn fn, void *ctx, struct kz_err *err)
{
	struct sq *h = impl(s);
	int mask = filter_mask(f);
	struct cursor c[LQ_N];
	memset(c, 0, sizeof c);
	int own;
	kz_rc rc = read_begin(h, &own, err);
	if (rc != KZ_OK)
		return rc;
	for (int k = 0; k < LQ_N && rc == KZ_OK; k++) {
		char *sql = list_sql(k, mask);
		rc = q_slot(h, &h->list_st[k][mask], sql, &c[k].q, err);
		free(sql);
		if (rc != KZ_OK)
			break;
		bind_filter(c[k].q.st, f, mask);
		rc = cursor_step(h, &c[k], err);
	}
	struct kz_incident inc;
	kz_incident_init(&inc);
	while (rc == KZ_OK && c[LQ_INC].row) {
		rc = read_incident_row(h, c[LQ_INC].q.st, &inc, err);
		while (rc == KZ_OK && c[LQ_TEXT].row &&
		    sqlite3_column_int64(c[LQ_TEXT].q.st, 0) == inc.id) {
			read_text_row(c[LQ_TEXT].q.st, &inc);
			rc = cursor_step(h, &c[LQ_TEXT], err);
		}
		while (rc == KZ_OK && c[LQ_SRC].row &&
		    sqlite3_column_int64(c[LQ_SRC].q.st, 0) == inc.id) {
			read_source_row(c[LQ_SRC].q.st, &inc);
			rc = cursor_step(h, &c[LQ_SRC], err);
		}
		if (rc == KZ_OK)
			rc = fn(ctx, &inc);
		kz_incident_fini(&inc);
		if (rc == KZ_OK)
			rc = cursor_step(h, &c[LQ_INC], err);
	}
	for (int k = 0; k < LQ_N; k++)
		q_done(&c[k].q);
	return read_end(s, own, rc, err);
}

/* ---- search ---- */

/*
 * Search ranks every match (bm25 with titles weighing 4x summaries), best
 * first, ties newest first (then highest id), and gives the page
 * [offset, offset + limit) of that order.  A common word matches most of
 * the archive, so ranking is what a search costs, and it is done in three
 * steps:
 *  1. ST_FTS_RANK walks the matches once, unsorted: each row's score from
 *     kuzet_bm25 (sqlite_fts.c: bm25's formula and doubles, the row's size
 *     read from a join on the %_docsize table instead of a nested lookup
 *     per row, which was most of the cost);
 *  2. a heap keeps the best offset + limit (struct ranked).  A match whose
 *     score is worse than the heap's worst when the heap is full cannot
 *     enter it; only the others are looked up in incidents (rank_sql: the
 *     filters, and the sort date that breaks equal scores), so most
 *     matches of a common word cost no lookup at all;
 *  3. one statement (page_sql) reads the page's incidents in that order,
 *     from the ids as a JSON array, with a second FTS5 cursor on each for
 *     snippet(): only the page's hits are re-tokenized.
 * The order is the one SQL gives for ORDER BY score, sort_date DESC,
 * id DESC (NULL dates last); test_search_ranks_pages_and_snippets_as_bm25
 * holds it to plain bm25().
 */

/* One ranked match. */
struct ranked {
	int64_t id;
	double score;
	int dlen; /* the sort date's length; -1: none (NULL) */
	char date[12];
};

/* 1 if a comes before b: lower score; then the later sort date (a date
 * before none; dates compare as SQLite's BINARY collation does); then the
 * higher id. */
static int
ranked_before(const struct ranked *a, const struct ranked *b)
{
	if (a->score != b->score)
		return a->score < b->score;
	if ((a->dlen < 0) != (b->dlen < 0))
		return a->dlen >= 0;
	if (a->dlen >= 0) {
		int n = a->dlen < b->dlen ? a->dlen : b->dlen;
		int c = memcmp(a->date, b->date, (size_t)n);
		if (c == 0)
			c = (a->dlen > b->dlen) - (a->dlen < b->dlen);
		if (c != 0)
			return c > 0;
	}
	return a->id > b->id;
}

static int
ranked_cmp(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;
	return ranked_before(a, b) ? -1 : ranked_before(b, a);
}

/* The heap of the best matches: v[0] is the one that comes last. */
struct rank_heap {
	struct ranked *v;
	size_t n, cap, want; /* want: how many to keep (SIZE_MAX: all) */
};

static void
heap_swap(struct ranked *v, size_t i, size_t j)
{
	struct ranked t = v[i];
	v[i] = v[j];
	v[j] = t;
}

/* Offer e to the heap. */
static void
heap_offer(struct rank_heap *hp, const struct ranked *e)
{
	struct ranked *v = hp->v;
	if (hp->n < hp->want) {
		if (hp->n == hp->cap) {
			hp->cap = hp->cap ? 2 * hp->cap : 64;
			hp->v = v = kz_xreallocarray(v, hp->cap, sizeof *v);
		}
		size_t i = hp->n++;
		v[i] = *e;
		while (i > 0 && ranked_before(&v[(i - 1) / 2], &v[i])) {
			heap_swap(v, i, (i - 1) / 2);
			i = (i - 1) / 2;
		}
		return;
	}
	if (!ranked_before(e, &v[0]))
		return;
	v[0] = *e;
	for (size_t i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		if (l < hp->n && ranked_before(&v[w], &v[l]))
			w = l;
		if (r < hp->n && ranked_before(&v[w], &v[r]))
			w = r;
		if (w == i)
			break;
		heap_swap(v, i, w);
		i = w;
	}
}

/* Step 2's lookup for a filter mask: the incident's sort date, when it
 * passes the filters. */
static char *
rank_sql(int mask)
{
	struct kz_buf b;
	kz_buf_init(&b, 4096);
	int bad = kz_buf_puts(&b,
	              "SELECT i.sort_date FROM incidents AS i"
	              " WHERE i.id = :id") != KZ_OK;
	bad |= filter_sql(&b, mask);
	if (bad) /* constant fragments far below the cap */
		abort();
	return kz_buf_take(&b);
}

/* Step 3: the incidents of the JSON array of ids :ids, in its order, with
 * their snippets for :q (or NULL). */
static const char *const page_sql[2] = {
    "SELECT i.id, i.section, i.status, i.occurred_on, i.period_from,"
    " i.period_to, i.created, i.updated, i.version, NULL"
    " FROM json_each(:ids) AS p CROSS JOIN incidents AS i ON i.id = p.value"
    " ORDER BY p.key",
    "SELECT i.id, i.section, i.status, i.occurred_on, i.period_from,"
    " i.period_to, i.created, i.updated, i.version,"
    " snippet(g.incident_fts, -1, :open, :close, '…', :tokens)"
    " FROM json_each(:ids) AS p CROSS JOIN incidents AS i ON i.id = p.value"
    " LEFT JOIN incident_fts AS g ON g.rowid = p.value"
    " AND g.incident_fts MATCH :q ORDER BY p.key",
};

/* Steps 1 and 2: the best hp->want matches of the MATCH expression m that
 * pass the filters f (mask), in hp. */
static kz_rc
rank_matches(struct sq *h, const struct kz_incident_filter *f, int mask,
    const char *m, struct rank_heap *hp, struct kz_err *err)
{
	struct q all = {0}, key = {0};
	kz_rc rc = q_get(h, ST_FTS_RANK, &all, err);
	if (rc == KZ_OK) {
		char *sql = rank_sql(mask);
		rc = q_slot(h, &h->rank_st[mask], sql, &key, err);
		free(sql);
	}
	if (rc == KZ_OK) {
		sqlite3_bind_text(all.st, 1, m, -1, SQLITE_STATIC);
		bind_filter(key.st, f, mask);
	}
	int id_param =
	    key.st != NULL ? sqlite3_bind_parameter_index(key.st, ":id") : 0;
	while (rc == KZ_OK) {
		int src = sqlite3_step(all.st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			rc = db_fail(h, err, "ranking search results");
			break;
		}
		struct ranked e;
		e.id = sqlite3_column_int64(all.st, 0);
		e.score = sqlite3_column_double(all.st, 1);
		/* Worse than the worst kept: it cannot come in. */
		if (hp->n == hp->want && e.score > hp->v[0].score)
			continue;
		sqlite3_bind_int64(key.st, id_param, e.id);
		src = sqlite3_step(key.st);
		if (src == SQLITE_ROW) {
			const char *d = col_text(key.st, 0);
			size_t n = d != NULL ? strlen(d) : 0;
			if (n >= sizeof e.date) {
				rc = kz_fail(err, KZ_EDB,
				    "%s: incident %lld: bad sort date '%s'",
				    h->path, (long long)e.id, d);
				break;
			}
			e.dlen = d != NULL ? (int)n : -1;
			memcpy(e.date, d != NULL ? d : "", n + 1);
			heap_offer(hp, &e);
		} else if (src != SQLITE_DONE) {
			rc = db_fail(h, err, "ranking search results");
		}
		sqlite3_reset(key.st);
	}
	q_done(&all);
	q_done(&key);
	return rc;
}

/* kz_store_incident_search without words: the list, as hits. */
struct plain_ctx {
	kz_search_fn fn;
	void *ctx;
};

static kz_rc
plain_hit(void *vctx, const struct kz_incident *inc)
{
	const struct plain_ctx *c = vctx;
	struct kz_search_hit hit = {inc, 0.0, NULL};
	return c->fn(c->ctx, &hit);
}

/* See "Search ranks every match" above.  Each hit's texts and sources come
 * from the statements kz_store_incident_get uses (a page is short). */
static kz_rc
sq_search(struct kz_store *s, const struct kz_incident_filter *f,
    const char *mark_open, const char *mark_close, kz_search_fn fn, void *ctx,
    struct kz_err *err)
{
	struct sq *h = impl(s);
	char *m = NULL;
	size_t terms = 0;
	kz_rc rc = KZ_OK;
	if (f->q != NULL) {
		rc = kz_store_fts_query(f->q, f->lang, &m, &terms, err);
		if (rc != KZ_OK)
			return rc;
	}
	if (terms == 0) {
		free(m);
		struct kz_incident_filter g = *f;
		g.q = NULL;
		return sq_list(
		    s, &g, plain_hit, &(struct plain_ctx){fn, ctx}, err);
	}
	/* only the filters: the order and the page are the ranking's */
	int mask = filter_mask(f) & ~(LF_PAGE | LF_DESC);
	size_t off = f->offset > 0 ? (size_t)f->offset : 0;
	struct rank_heap hp = {NULL, 0, 0, SIZE_MAX};
	if (f->limit > 0 && (uint64_t)f->limit <= SIZE_MAX - off)
		hp.want = off + (size_t)f->limit;
	int own;
	rc = read_begin(h, &own, err);
	if (rc != KZ_OK) {
		free(m);
		return rc;
	}
	rc = rank_matches(h, f, mask, m, &hp, err);
	if (rc == KZ_OK && off >= hp.n) { /* past the last hit */
		free(hp.v);
		free(m);
		return read_end(s, own, rc, err);
	}
	if (rc == KZ_OK)
		qsort(hp.v, hp.n, sizeof *hp.v, ranked_cmp);
	/* The page's ids as a JSON array: at most 21 bytes an id. */
	struct kz_buf ids;
	kz_buf_init(
	    &ids, 16 + 21 * (hp.n - off < SIZE_MAX / 32 ? hp.n - off : 0));
	for (size_t i = off; rc == KZ_OK && i < hp.n; i++)
		rc = kz_buf_printf(&ids, "%c%lld", i == off ? '[' : ',',
		    (long long)hp.v[i].id);
	if (rc == KZ_OK)
		rc = kz_buf_puts(&ids, "]");
	struct q q = {0};
	int snippets = mark_open != NULL;
	if (rc == KZ_OK)
		rc = q_slot(
		    h, &h->page_st[snippets], page_sql[snippets], &q, err);
	if (rc == KZ_OK) {
		bind_named_text(q.st, ":ids", kz_buf_str(&ids));
		if (snippets) {
			bind_named_text(q.st, ":q", m);
			bind_named_text(q.st, ":open", mark_open);
			bind_named_text(q.st, ":close", mark_close);
			bind_named_int(
			    q.st, ":tokens", KZ_SEARCH_SNIPPET_TOKENS);
		}
	}
	struct kz_incident inc;
	kz_incident_init(&inc);
	for (size_t i = off; rc == KZ_OK; i++) {
		int src = sqlite3_step(q.st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			rc = db_fail(h, err, "searching");
			break;
		}
		if (i >= hp.n) { /* not expected: one row per id */
			rc = kz_fail(err, KZ_EINTERNAL, "search page overrun");
			break;
		}
		const char *snip = col_text(q.st, 9);
		struct kz_search_hit hit = {&inc, hp.v[i].score,
		    snip != NULL && snip[0] != '\0' ? snip : NULL};
		rc = read_incident_row(h, q.st, &inc, err);
		if (rc == KZ_OK)
			rc = get_rows(
			    h, ST_TEXT_GET, inc.id, &inc, read_text_row, err);
		if (rc == KZ_OK)
			rc = get_rows(
			    h, ST_SRC_GET, inc.id, &inc, read_source_row, err);
		if (rc == KZ_OK)
			rc = fn(ctx, &hit);
		kz_incident_fini(&inc);
	}
	if (q.st != NULL)
		q_done(&q);
	kz_buf_fini(&ids);
	free(hp.v);
	free(m);
	return read_end(s, own, rc, err);
}

/* ---- lookups ---- */

static kz_rc
sq_find_dup(struct kz_store *s, const char *url_norm, const char *title,
    int64_t *id, struct kz_err *err)
{
	struct sq *h = impl(s);
	struct q q;
	int with_url = url_norm != NULL;
	kz_rc rc = q_get(h, with_url ? ST_DUP_URL : ST_DUP_NOURL, &q, err);
	if (rc != KZ_OK)
		return rc;
	if (with_url) {
		sqlite3_bind_text(q.st, 1, url_norm, -1, SQLITE_STATIC);
		sqlite3_bind_text(q.st, 2, title, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(q.st, 1, title, -1, SQLITE_STATIC);
	}
	int src = sqlite3_step(q.st);
	if (src == SQLITE_ROW)
		*id = sqlite3_column_int64(q.st, 0);
	else if (src == SQLITE_DONE)
		rc = kz_fail(err, KZ_ENOTFOUND, "no duplicate");
	else
		rc = db_fail(h, err, "looking for a duplicate");
	q_done(&q);
	return rc;
}

static kz_rc
sq_find_by_url(struct kz_store *s, const char *url_norm, int64_t **ids,
    size_t *n, struct kz_err *err)
{
	struct sq *h = impl(s);
	struct q q;
	kz_rc rc = q_get(h, ST_BY_URL, &q, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_text(q.st, 1, url_norm, -1, SQLITE_STATIC);
	int64_t *v = NULL;
	size_t len = 0, cap = 0;
	int src;
	while ((src = sqlite3_step(q.st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8;
			v = kz_xreallocarray(v, cap, sizeof *v);
		}
		v[len++] = sqlite3_column_int64(q.st, 0);
	}
	if (src != SQLITE_DONE) {
		rc = db_fail(h, err, "looking up a source");
		free(v);
	} else {
		*ids = v;
		*n = len;
	}
	q_done(&q);
	return rc;
}

/* ---- audit and count ---- */

static kz_rc
sq_audit_add(struct kz_store *s, int64_t incident_id, const char *actor,
    const char *field, const char *old_value, const char *new_value,
    struct kz_err *err)
{
	struct sq *h = impl(s);
	struct q q;
	kz_rc rc = q_get(h, ST_AUDIT_INSERT, &q, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(q.st, 1, incident_id);
	sqlite3_bind_int64(q.st, 2, (int64_t)time(NULL));
	sqlite3_bind_text(q.st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(q.st, 4, field, -1, SQLITE_STATIC);
	if (old_value != NULL)
		sqlite3_bind_text(q.st, 5, old_value, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q.st, 5);
	if (new_value != NULL)
		sqlite3_bind_text(q.st, 6, new_value, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q.st, 6);
	return q_exec(h, &q, "writing the audit log", err);
}

/* incident_id <= 0 walks the whole log. */
static kz_rc
sq_audit_list(struct kz_store *s, int64_t incident_id, kz_audit_fn fn,
    void *ctx, struct kz_err *err)
{
	struct sq *h = impl(s);
	struct q q;
	kz_rc rc = q_get(
	    h, incident_id > 0 ? ST_AUDIT_LIST : ST_AUDIT_LIST_ALL, &q, err);
	if (rc != KZ_OK)
		return rc;
	if (incident_id > 0)
		sqlite3_bind_int64(q.st, 1, incident_id);
	int src;
	while (rc == KZ_OK && (src = sqlite3_step(q.st)) == SQLITE_ROW) {
		struct kz_audit a = {
		    .id = sqlite3_column_int64(q.st, 0),
		    .incident_id = sqlite3_column_int64(q.st, 1),
		    .at = sqlite3_column_int64(q.st, 2),
		    .actor = col_text(q.st, 3),
		    .field = col_text(q.st, 4),
		    .old_value = col_text(q.st, 5),
		    .new_value = col_text(q.st, 6),
		};
		rc = fn(ctx, &a);
	}
	if (rc == KZ_OK && src != SQLITE_DONE)
		rc = db_fail(h, err, "reading the audit log");
	q_done(&q);
	return rc;
}

static kz_rc
sq_count(struct kz_store *s, int64_t *n, struct kz_err *err)
{
	struct sq *h = impl(s);
	struct q q;
	kz_rc rc = q_get(h, ST_COUNT, &q, err);
	if (rc != KZ_OK)
		return rc;
	if (sqlite3_step(q.st) == SQLITE_ROW)
		*n = sqlite3_column_int64(q.st, 0);
	else
		rc = db_fail(h, err, "counting incidents");
	q_done(&q);
	return rc;
}

const struct kz_store_ops kz_store_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .insert = sq_insert,
    .update = sq_update,
    .get = sq_get,
    .remove = sq_remove,
    .list = sq_list,
    .search = sq_search,
    .find_dup = sq_find_dup,
    .audit_add = sq_audit_add,
    .audit_list = sq_audit_list,
    .count = sq_count,
    .find_by_url = sq_find_by_url,
    .csource_add = kz_sq_csource_add,
    .csource_get = kz_sq_csource_get,
    .csource_list = kz_sq_csource_list,
    .csource_remove = kz_sq_csource_remove,
    .csource_enable = kz_sq_csource_enable,
    .csource_record = kz_sq_csource_record,
    .article_put = kz_sq_article_put,
    .article_get = kz_sq_article_get,
    .article_list = kz_sq_article_list,
    .article_find_url = kz_sq_article_find_url,
    .evidence_prune = kz_sq_evidence_prune,
    .model_put = kz_sq_model_put,
    .model_active = kz_sq_model_active,
    .candidate_put = kz_sq_candidate_put,
    .candidate_list = kz_sq_candidate_list,
    .candidate_count = kz_sq_candidate_count,
    .candidate_get = kz_sq_candidate_get,
    .candidate_review = kz_sq_candidate_review,
    .articles_unclassified = kz_sq_articles_unclassified,
    .user_add = kz_sq_user_add,
    .user_get = kz_sq_user_get,
    .user_list = kz_sq_user_list,
    .user_update = kz_sq_user_update,
    .user_remove = kz_sq_user_remove,
    .session_put = kz_sq_session_put,
    .session_get = kz_sq_session_get,
    .session_remove = kz_sq_session_remove,
    .session_prune = kz_sq_session_prune,
};
