/*
 * Shared between src/store/ and its unit tests: the SQLite backend's
 * migration runner and handle.  Not part of the public API.
 */
#ifndef KZ_STORE_INT_H
#define KZ_STORE_INT_H

#include <stddef.h>

#include <sqlite3.h>

#include "kuzet/store.h"

/*
 * The schema migrations this build knows: step i (0-based) takes a
 * database from version i to version i + 1.  KZ_SCHEMA_VERSION equals
 * kz_store_sqlite_nsteps.
 */
extern const char *const kz_store_sqlite_steps[];
extern const size_t kz_store_sqlite_nsteps;

/*
 * Bring the database db (opened on path, which names it in messages) up to
 * version nsteps by applying steps[v..nsteps) in order, each in its own
 * IMMEDIATE transaction that also records the new version in the
 * schema_version table.  A database whose version is past nsteps is refused
 * (KZ_EDB naming both versions), as is a SQLite database that has tables but
 * no schema_version table (another program's).  A failing step is rolled
 * back and leaves the database at the version before it.
 */
kz_rc kz_store_sqlite_migrate(sqlite3 *db, const char *path,
    const char *const *steps, size_t nsteps, struct kz_err *err) KZ_MUST_CHECK;

/* The version recorded in db's schema_version table (0 when it has none). */
kz_rc kz_store_sqlite_version(sqlite3 *db, const char *path, int64_t *version,
    struct kz_err *err) KZ_MUST_CHECK;

/* The sqlite3 handle of a store opened on the SQLite backend, for tests;
 * borrowed. */
sqlite3 *kz_store_sqlite_handle(struct kz_store *s);

/*
 * Full-text search (sqlite_fts.c).  kz_store_fts_register makes the
 * "kuzet" FTS5 tokenizer (kuzet's tokenizer and stemmers, with byte
 * offsets) known to db; every handle the store opens calls it before
 * migrating.  KZ_EDB when SQLite lacks FTS5.
 */
kz_rc kz_store_fts_register(
    sqlite3 *db, const char *path, struct kz_err *err) KZ_MUST_CHECK;
/*
 * The FTS5 MATCH expression for a user's query q: each bareword or
 * "phrase" becomes an FTS5 string (so no character of q is FTS5 syntax),
 * a bareword ending in '*' a prefix, and the terms are ANDed; terms with no
 * word in them (punctuation) are left out.  lang >= 0 limits the match to
 * that language's title and summary.  On success *out (free()) and *nterms
 * (0: q has no words; *out is then "").  KZ_ELIMIT past
 * KZ_SEARCH_QUERY_MAX_BYTES or KZ_SEARCH_TERMS_MAX.
 */
kz_rc kz_store_fts_query(const char *q, int lang, char **out, size_t *nterms,
    struct kz_err *err) KZ_MUST_CHECK;

/* Small helpers of the per-call statements in sqlite_collect.c and
 * sqlite_analysis.c: prepare (KZ_EDB naming the database on failure),
 * step-and-finalize a statement that returns no rows, bind a string or
 * NULL, copy a text column (NULL stays NULL). */
kz_rc kz_sqc_fail(
    struct kz_store *s, sqlite3 *db, const char *what, struct kz_err *err);
kz_rc kz_sqc_prep(
    struct kz_store *s, const char *sql, sqlite3_stmt **st, struct kz_err *err);
kz_rc kz_sqc_run(
    struct kz_store *s, sqlite3_stmt *st, const char *what, struct kz_err *err);
void kz_sqc_bind_str(sqlite3_stmt *st, int i, const char *v);
char *kz_sqc_col_dup(sqlite3_stmt *st, int i);

/* The SQLite backend's collection primitives (sqlite_collect.c). */
struct kz_csource;
struct kz_article_rec;
kz_rc
kz_sq_csource_add(struct kz_store *s, struct kz_csource *c, struct kz_err *err);
kz_rc kz_sq_csource_get(
    struct kz_store *s, int64_t id, struct kz_csource *out, struct kz_err *err);
kz_rc kz_sq_csource_list(struct kz_store *s, int64_t due_at, kz_csource_fn fn,
    void *ctx, struct kz_err *err);
kz_rc kz_sq_csource_remove(struct kz_store *s, int64_t id, struct kz_err *err);
kz_rc kz_sq_csource_enable(
    struct kz_store *s, int64_t id, int enabled, struct kz_err *err);
kz_rc kz_sq_csource_record(
    struct kz_store *s, const struct kz_csource *c, struct kz_err *err);
kz_rc
kz_sq_article_put(struct kz_store *s, struct kz_article_rec *a, const void *raw,
    size_t raw_len, const char *raw_encoding, const char *content_type,
    enum kz_article_outcome *outcome, struct kz_err *err);
kz_rc kz_sq_article_get(struct kz_store *s, int64_t id,
    struct kz_article_rec *out, struct kz_err *err);
kz_rc kz_sq_article_list(struct kz_store *s, int64_t source_id, int64_t since,
    int64_t limit, kz_article_fn fn, void *ctx, struct kz_err *err);
kz_rc kz_sq_article_find_url(struct kz_store *s, const char *canonical_url,
    int64_t *id, struct kz_err *err);
kz_rc kz_sq_evidence_prune(
    struct kz_store *s, int64_t before, int64_t *n, struct kz_err *err);

/* The SQLite backend's analysis primitives (sqlite_analysis.c). */
kz_rc kz_sq_model_put(struct kz_store *s, const char *algo, const void *blob,
    size_t len, int64_t items, const char *metrics, int64_t *id,
    struct kz_err *err);
kz_rc kz_sq_model_active(struct kz_store *s, void **blob, size_t *len,
    struct kz_model_info *info, struct kz_err *err);
kz_rc kz_sq_candidate_put(
    struct kz_store *s, const struct kz_candidate *c, struct kz_err *err);
kz_rc kz_sq_candidate_list(struct kz_store *s, int status, double min_relevance,
    int64_t offset, int64_t limit, kz_candidate_fn fn, void *ctx,
    struct kz_err *err);
kz_rc kz_sq_candidate_count(struct kz_store *s, int status,
    double min_relevance, int64_t *n, struct kz_err *err);
kz_rc kz_sq_candidate_get(struct kz_store *s, int64_t article_id,
    struct kz_candidate *out, struct kz_err *err);
kz_rc kz_sq_candidate_review(struct kz_store *s, int64_t article_id, int status,
    const char *reason, int64_t incident_id, struct kz_err *err);
kz_rc kz_sq_articles_unclassified(struct kz_store *s, int64_t limit,
    int64_t **ids, size_t *n, struct kz_err *err);

/* The SQLite backend's users and sessions (sqlite_users.c). */
struct kz_user;
struct kz_user_change;
struct kz_session;
kz_rc kz_sq_user_add(struct kz_store *s, struct kz_user *u, struct kz_err *err);
kz_rc kz_sq_user_get(struct kz_store *s, const char *name, struct kz_user *out,
    struct kz_err *err);
kz_rc kz_sq_user_list(struct kz_store *s,
    kz_rc (*fn)(void *ctx, const struct kz_user *u), void *ctx,
    struct kz_err *err);
kz_rc kz_sq_user_update(struct kz_store *s, int64_t id,
    const struct kz_user_change *c, struct kz_err *err);
kz_rc
kz_sq_user_remove(struct kz_store *s, const char *name, struct kz_err *err);
kz_rc kz_sq_session_put(
    struct kz_store *s, const struct kz_session *ses, struct kz_err *err);
kz_rc kz_sq_session_get(struct kz_store *s, const char *token_hash, int64_t now,
    struct kz_session *out, struct kz_user *user, struct kz_err *err);
kz_rc kz_sq_session_remove(
    struct kz_store *s, const char *token_hash, struct kz_err *err);
kz_rc kz_sq_session_prune(struct kz_store *s, int64_t now, struct kz_err *err);

#endif
