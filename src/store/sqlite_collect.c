/*
 * The SQLite backend's collection primitives: watched sources, articles
 * with their versions, and raw evidence.  Statements are constant strings
 * prepared per call (collection writes are few per fetched page) and data
 * is only ever bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "kuzet/collect.h"
#include "store/store_int.h"

kz_rc
kz_sqc_fail(
    struct kz_store *s, sqlite3 *db, const char *what, struct kz_err *err)
{
	return kz_fail(
	    err, KZ_EDB, "%s: %s: %s", s->target, what, sqlite3_errmsg(db));
}

kz_rc
kz_sqc_prep(
    struct kz_store *s, const char *sql, sqlite3_stmt **st, struct kz_err *err)
{
	sqlite3 *db = kz_store_sqlite_handle(s);
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return kz_sqc_fail(s, db, "prepare", err);
	}
	return KZ_OK;
}

/* Step a statement that returns no rows, then finalize it. */
kz_rc
kz_sqc_run(
    struct kz_store *s, sqlite3_stmt *st, const char *what, struct kz_err *err)
{
	int rc = sqlite3_step(st);
	kz_rc out = KZ_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		out = kz_sqc_fail(s, kz_store_sqlite_handle(s), what, err);
	sqlite3_finalize(st);
	return out;
}

void
kz_sqc_bind_str(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void
bind_lang(sqlite3_stmt *st, int i, int lang)
{
	if (lang < 0 || lang >= KZ_LANG_COUNT)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(
		    st, i, kz_lang_code((enum kz_lang)lang), -1, SQLITE_STATIC);
}

char *
kz_sqc_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *p = sqlite3_column_text(st, i);
	return p != NULL ? kz_xstrdup((const char *)p) : NULL;
}

static int
col_lang(sqlite3_stmt *st, int i)
{
	const unsigned char *p = sqlite3_column_text(st, i);
	enum kz_lang l;
	if (p == NULL || kz_lang_parse((const char *)p, &l) != 0)
		return -1;
	return (int)l;
}

/* ---- sources ---- */

#define CSOURCE_COLS                                                           \
	"id, url, kind, name, lang, every_s, enabled, etag, last_modified,"    \
	" last_fetch, last_status, last_error, failures, items_seen,"          \
	" next_due, created"

static void
read_csource(sqlite3_stmt *st, struct kz_csource *c)
{
	kz_csource_init(c);
	c->id = sqlite3_column_int64(st, 0);
	c->url = kz_sqc_col_dup(st, 1);
	enum kz_source_kind k = KZ_KIND_AUTO;
	const unsigned char *kind = sqlite3_column_text(st, 2);
	if (kind != NULL)
		(void)kz_source_kind_parse((const char *)kind, &k);
	c->kind = k;
	c->name = kz_sqc_col_dup(st, 3);
	c->lang = col_lang(st, 4);
	c->every_s = sqlite3_column_int64(st, 5);
	c->enabled = sqlite3_column_int(st, 6);
	c->etag = kz_sqc_col_dup(st, 7);
	c->last_modified = kz_sqc_col_dup(st, 8);
	c->last_fetch = sqlite3_column_int64(st, 9);
	c->last_status = sqlite3_column_int(st, 10);
	c->last_error = kz_sqc_col_dup(st, 11);
	c->failures = sqlite3_column_int64(st, 12);
	c->items_seen = sqlite3_column_int64(st, 13);
	c->next_due = sqlite3_column_int64(st, 14);
	c->created = sqlite3_column_int64(st, 15);
}

kz_rc
kz_sq_csource_add(struct kz_store *s, struct kz_csource *c, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "INSERT INTO collect_sources (url, kind, name, lang, every_s,"
	    " enabled, next_due, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0,"
	    " ?7) ON CONFLICT (url) DO NOTHING",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	int64_t now = (int64_t)time(NULL);
	kz_sqc_bind_str(st, 1, c->url);
	kz_sqc_bind_str(st, 2, kz_source_kind_name(c->kind));
	kz_sqc_bind_str(st, 3, c->name);
	bind_lang(st, 4, c->lang);
	sqlite3_bind_int64(st, 5, c->every_s);
	sqlite3_bind_int(st, 6, c->enabled ? 1 : 0);
	sqlite3_bind_int64(st, 7, now);
	rc = kz_sqc_run(s, st, "adding a source", err);
	if (rc != KZ_OK)
		return rc;
	sqlite3 *db = kz_store_sqlite_handle(s);
	if (sqlite3_changes(db) == 0)
		return kz_fail(err, KZ_EEXIST, "%s: already a source", c->url);
	c->id = sqlite3_last_insert_rowid(db);
	c->created = now;
	return KZ_OK;
}

kz_rc
kz_sq_csource_get(
    struct kz_store *s, int64_t id, struct kz_csource *out, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "SELECT " CSOURCE_COLS " FROM collect_sources WHERE id = ?1", &st,
	    err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		read_csource(st, out);
	else if (r == SQLITE_DONE)
		rc =
		    kz_fail(err, KZ_ENOTFOUND, "no source %lld", (long long)id);
	else
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "reading a source", err);
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_sq_csource_list(struct kz_store *s, int64_t due_at, kz_csource_fn fn,
    void *ctx, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "SELECT " CSOURCE_COLS " FROM collect_sources"
	    " WHERE ?1 <= 0 OR (enabled AND next_due <= ?1) ORDER BY id",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, due_at);
	int r;
	while (rc == KZ_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		struct kz_csource c;
		read_csource(st, &c);
		rc = fn(ctx, &c);
		kz_csource_fini(&c);
	}
	if (rc == KZ_OK && r != SQLITE_DONE)
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "listing sources", err);
	sqlite3_finalize(st);
	return rc;
}

/* Run a one-parameter-id statement; KZ_ENOTFOUND when it changed nothing. */
static kz_rc
by_id(struct kz_store *s, const char *sql, int64_t id, int64_t arg,
    const char *what, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s, sql, &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, arg);
	rc = kz_sqc_run(s, st, what, err);
	if (rc == KZ_OK && sqlite3_changes(kz_store_sqlite_handle(s)) == 0)
		rc =
		    kz_fail(err, KZ_ENOTFOUND, "no source %lld", (long long)id);
	return rc;
}

kz_rc
kz_sq_csource_remove(struct kz_store *s, int64_t id, struct kz_err *err)
{
	return by_id(s, "DELETE FROM collect_sources WHERE id = ?1 AND ?2 = ?2",
	    id, 0, "removing a source", err);
}

kz_rc
kz_sq_csource_enable(
    struct kz_store *s, int64_t id, int enabled, struct kz_err *err)
{
	return by_id(s, "UPDATE collect_sources SET enabled = ?2 WHERE id = ?1",
	    id, enabled ? 1 : 0, "enabling a source", err);
}

kz_rc
kz_sq_csource_record(
    struct kz_store *s, const struct kz_csource *c, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "UPDATE collect_sources SET kind = ?2, etag = ?3,"
	    " last_modified = ?4, last_fetch = ?5, last_status = ?6,"
	    " last_error = ?7, failures = ?8, items_seen = ?9, next_due = ?10"
	    " WHERE id = ?1",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	kz_sqc_bind_str(st, 2, kz_source_kind_name(c->kind));
	kz_sqc_bind_str(st, 3, c->etag);
	kz_sqc_bind_str(st, 4, c->last_modified);
	sqlite3_bind_int64(st, 5, c->last_fetch);
	sqlite3_bind_int(st, 6, c->last_status);
	kz_sqc_bind_str(st, 7, c->last_error);
	sqlite3_bind_int64(st, 8, c->failures);
	sqlite3_bind_int64(st, 9, c->items_seen);
	sqlite3_bind_int64(st, 10, c->next_due);
	rc = kz_sqc_run(s, st, "recording a fetch", err);
	if (rc == KZ_OK && sqlite3_changes(kz_store_sqlite_handle(s)) == 0)
		rc = kz_fail(
		    err, KZ_ENOTFOUND, "no source %lld", (long long)c->id);
	return rc;
}

/* ---- articles ---- */

#define ARTICLE_COLS                                                           \
	"id, source_id, url, canonical_url, title, text, lang, published,"     \
	" fetched, hash, previous_id"

static void
read_article(sqlite3_stmt *st, struct kz_article_rec *a)
{
	kz_article_rec_init(a);
	a->id = sqlite3_column_int64(st, 0);
	a->source_id = sqlite3_column_int64(st, 1);
	a->url = kz_sqc_col_dup(st, 2);
	a->canonical_url = kz_sqc_col_dup(st, 3);
	a->title = kz_sqc_col_dup(st, 4);
	a->text = kz_sqc_col_dup(st, 5);
	a->lang = col_lang(st, 6);
	a->published = sqlite3_column_int64(st, 7);
	a->fetched = sqlite3_column_int64(st, 8);
	const unsigned char *h = sqlite3_column_text(st, 9);
	if (h != NULL)
		snprintf(a->hash, sizeof a->hash, "%s", (const char *)h);
	a->previous_id = sqlite3_column_int64(st, 10);
}

/* The id of the latest version with this canonical URL (and its hash), or
 * of any article with this hash; 0 if none. */
static kz_rc
find_article(struct kz_store *s, const char *sql, const char *key, int64_t *id,
    char hash[65], struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s, sql, &st, err);
	if (rc != KZ_OK)
		return rc;
	kz_sqc_bind_str(st, 1, key);
	*id = 0;
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		const unsigned char *h = sqlite3_column_text(st, 1);
		snprintf(hash, 65, "%s", h ? (const char *)h : "");
	} else if (r != SQLITE_DONE) {
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "finding an article", err);
	}
	sqlite3_finalize(st);
	return rc;
}

static kz_rc
put_evidence(struct kz_store *s, int64_t article_id, int64_t fetched,
    const void *raw, size_t raw_len, const char *encoding,
    const char *content_type, struct kz_err *err)
{
	if (raw == NULL)
		return KZ_OK;
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "INSERT INTO evidence (article_id, fetched, content_type, encoding,"
	    " body) VALUES (?1, ?2, ?3, ?4, ?5)",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, article_id);
	sqlite3_bind_int64(st, 2, fetched);
	kz_sqc_bind_str(st, 3, content_type);
	kz_sqc_bind_str(st, 4, encoding);
	sqlite3_bind_blob64(st, 5, raw, raw_len, SQLITE_STATIC);
	return kz_sqc_run(s, st, "storing evidence", err);
}

kz_rc
kz_sq_article_put(struct kz_store *s, struct kz_article_rec *a, const void *raw,
    size_t raw_len, const char *raw_encoding, const char *content_type,
    enum kz_article_outcome *outcome, struct kz_err *err)
{
	int64_t same_url = 0, same_hash = 0;
	char url_hash[65] = "", h2[65];
	kz_rc rc = find_article(s,
	    "SELECT id, hash FROM articles WHERE canonical_url = ?1 AND latest"
	    " ORDER BY id DESC LIMIT 1",
	    a->canonical_url, &same_url, url_hash, err);
	if (rc == KZ_OK)
		rc = find_article(s,
		    "SELECT id, hash FROM articles WHERE hash = ?1"
		    " ORDER BY id LIMIT 1",
		    a->hash, &same_hash, h2, err);
	if (rc != KZ_OK)
		return rc;
	if ((same_url != 0 && strcmp(url_hash, a->hash) == 0) ||
	    (same_url == 0 && same_hash != 0)) {
		a->id = same_url != 0 ? same_url : same_hash;
		*outcome = KZ_ARTICLE_SAME;
		return KZ_OK;
	}
	if (a->fetched == 0)
		a->fetched = (int64_t)time(NULL);
	sqlite3_stmt *st;
	rc = kz_sqc_prep(s,
	    "INSERT INTO articles (source_id, url, canonical_url, title, text,"
	    " lang, published, fetched, hash, previous_id, latest)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	if (a->source_id > 0)
		sqlite3_bind_int64(st, 1, a->source_id);
	else
		sqlite3_bind_null(st, 1);
	kz_sqc_bind_str(st, 2, a->url);
	kz_sqc_bind_str(st, 3, a->canonical_url);
	kz_sqc_bind_str(st, 4, a->title);
	kz_sqc_bind_str(st, 5, a->text);
	bind_lang(st, 6, a->lang);
	sqlite3_bind_int64(st, 7, a->published);
	sqlite3_bind_int64(st, 8, a->fetched);
	kz_sqc_bind_str(st, 9, a->hash);
	if (same_url != 0)
		sqlite3_bind_int64(st, 10, same_url);
	else
		sqlite3_bind_null(st, 10);
	rc = kz_sqc_run(s, st, "storing an article", err);
	if (rc != KZ_OK)
		return rc;
	a->id = sqlite3_last_insert_rowid(kz_store_sqlite_handle(s));
	a->previous_id = same_url;
	if (same_url != 0) {
		rc = kz_sqc_prep(s,
		    "UPDATE articles SET latest = 0 WHERE id = ?1", &st, err);
		if (rc != KZ_OK)
			return rc;
		sqlite3_bind_int64(st, 1, same_url);
		rc = kz_sqc_run(s, st, "marking the earlier version", err);
		if (rc != KZ_OK)
			return rc;
	}
	*outcome = same_url != 0 ? KZ_ARTICLE_CHANGED : KZ_ARTICLE_NEW;
	return put_evidence(s, a->id, a->fetched, raw, raw_len, raw_encoding,
	    content_type, err);
}

kz_rc
kz_sq_article_get(struct kz_store *s, int64_t id, struct kz_article_rec *out,
    struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(
	    s, "SELECT " ARTICLE_COLS " FROM articles WHERE id = ?1", &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		read_article(st, out);
	else if (r == SQLITE_DONE)
		rc = kz_fail(
		    err, KZ_ENOTFOUND, "no article %lld", (long long)id);
	else
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "reading an article", err);
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_sq_article_list(struct kz_store *s, int64_t source_id, int64_t since,
    int64_t limit, kz_article_fn fn, void *ctx, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "SELECT " ARTICLE_COLS " FROM articles WHERE latest"
	    " AND (?1 <= 0 OR source_id = ?1) AND (?2 <= 0 OR fetched >= ?2)"
	    " ORDER BY fetched DESC, id DESC LIMIT ?3",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, source_id);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int64(st, 3, limit > 0 ? limit : -1);
	int r;
	while (rc == KZ_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		struct kz_article_rec a;
		read_article(st, &a);
		rc = fn(ctx, &a);
		kz_article_rec_fini(&a);
	}
	if (rc == KZ_OK && r != SQLITE_DONE)
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "listing articles", err);
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_sq_article_find_url(struct kz_store *s, const char *canonical_url,
    int64_t *id, struct kz_err *err)
{
	char hash[65];
	kz_rc rc = find_article(s,
	    "SELECT id, hash FROM articles WHERE canonical_url = ?1 AND latest"
	    " ORDER BY id DESC LIMIT 1",
	    canonical_url, id, hash, err);
	if (rc == KZ_OK && *id == 0)
		rc = kz_fail(
		    err, KZ_ENOTFOUND, "no article at %s", canonical_url);
	return rc;
}

kz_rc
kz_sq_evidence_prune(
    struct kz_store *s, int64_t before, int64_t *n, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc =
	    kz_sqc_prep(s, "DELETE FROM evidence WHERE fetched < ?1", &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, before);
	rc = kz_sqc_run(s, st, "pruning evidence", err);
	if (rc == KZ_OK)
		*n = sqlite3_changes64(kz_store_sqlite_handle(s));
	return rc;
}
