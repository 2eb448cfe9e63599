/*
 * The SQLite backend's analysis primitives: models (blobs, one active) and
 * the review queue of classified articles.  Constant SQL prepared per
 * call; data only bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "kuzet/analysis.h"
#include "store/store_int.h"

kz_rc
kz_sq_model_put(struct kz_store *s, const char *algo, const void *blob,
    size_t len, int64_t items, const char *metrics, int64_t *id,
    struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(
	    s, "UPDATE models SET active = 0 WHERE active", &st, err);
	if (rc == KZ_OK)
		rc = kz_sqc_run(s, st, "retiring the active model", err);
	if (rc == KZ_OK)
		rc = kz_sqc_prep(s,
		    "INSERT INTO models (created, algo, items, metrics, active,"
		    " blob) VALUES (?1, ?2, ?3, ?4, 1, ?5)",
		    &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, (int64_t)time(NULL));
	kz_sqc_bind_str(st, 2, algo);
	sqlite3_bind_int64(st, 3, items);
	kz_sqc_bind_str(st, 4, metrics);
	sqlite3_bind_blob64(st, 5, blob, len, SQLITE_STATIC);
	rc = kz_sqc_run(s, st, "storing a model", err);
	if (rc == KZ_OK)
		*id = sqlite3_last_insert_rowid(kz_store_sqlite_handle(s));
	return rc;
}

kz_rc
kz_sq_model_active(struct kz_store *s, void **blob, size_t *len,
    struct kz_model_info *info, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "SELECT id, created, algo, items, metrics, blob FROM models"
	    " WHERE active ORDER BY id DESC LIMIT 1",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		int n = sqlite3_column_bytes(st, 5);
		const void *p = sqlite3_column_blob(st, 5);
		*blob = kz_xmalloc((size_t)n);
		if (n > 0)
			memcpy(*blob, p, (size_t)n);
		*len = (size_t)n;
		if (info != NULL) {
			memset(info, 0, sizeof *info);
			info->id = sqlite3_column_int64(st, 0);
			info->created = sqlite3_column_int64(st, 1);
			const unsigned char *a = sqlite3_column_text(st, 2);
			snprintf(info->algo, sizeof info->algo, "%s",
			    a ? (const char *)a : "");
			info->items = sqlite3_column_int64(st, 3);
			info->metrics = kz_sqc_col_dup(st, 4);
			info->active = 1;
		}
	} else if (r == SQLITE_DONE) {
		rc = kz_fail(err, KZ_ENOTFOUND,
		    "no model trained yet (run kuzet train)");
	} else {
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "reading the model", err);
	}
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_sq_candidate_put(
    struct kz_store *s, const struct kz_candidate *c, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "INSERT INTO candidates (article_id, model_id, label, relevance,"
	    " scores, reasons, classified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT (article_id) DO UPDATE SET model_id = ?2,"
	    " label = ?3, relevance = ?4, scores = ?5, reasons = ?6,"
	    " classified = ?7",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, c->article_id);
	if (c->model_id > 0)
		sqlite3_bind_int64(st, 2, c->model_id);
	else
		sqlite3_bind_null(st, 2);
	kz_sqc_bind_str(st, 3, c->label);
	sqlite3_bind_double(st, 4, c->relevance);
	kz_sqc_bind_str(st, 5, c->scores);
	kz_sqc_bind_str(st, 6, c->reasons);
	sqlite3_bind_int64(
	    st, 7, c->classified ? c->classified : (int64_t)time(NULL));
	return kz_sqc_run(s, st, "storing a candidate", err);
}

#define CANDIDATE_SELECT                                                       \
	"SELECT c.article_id, c.model_id, c.label, c.relevance, c.scores,"     \
	" c.reasons, c.status, c.dismiss_reason, c.incident_id,"               \
	" c.classified, a.title, a.url, a.published, a.source_id"              \
	" FROM candidates c JOIN articles a ON a.id = c.article_id"

/* Fill c (initialised) from a row of CANDIDATE_SELECT. */
static void
read_candidate(sqlite3_stmt *st, struct kz_candidate *c)
{
	c->article_id = sqlite3_column_int64(st, 0);
	c->model_id = sqlite3_column_int64(st, 1);
	const unsigned char *l = sqlite3_column_text(st, 2);
	snprintf(c->label, sizeof c->label, "%s", l ? (const char *)l : "");
	c->relevance = sqlite3_column_double(st, 3);
	c->scores = kz_sqc_col_dup(st, 4);
	c->reasons = kz_sqc_col_dup(st, 5);
	enum kz_cand_status cs = KZ_CAND_NEW;
	const unsigned char *stt = sqlite3_column_text(st, 6);
	if (stt != NULL)
		(void)kz_cand_status_parse((const char *)stt, &cs);
	c->status = cs;
	c->dismiss_reason = kz_sqc_col_dup(st, 7);
	c->incident_id = sqlite3_column_int64(st, 8);
	c->classified = sqlite3_column_int64(st, 9);
	c->title = kz_sqc_col_dup(st, 10);
	c->url = kz_sqc_col_dup(st, 11);
	c->published = sqlite3_column_int64(st, 12);
	c->source_id = sqlite3_column_int64(st, 13);
}

/* The queue's filter: ?1 a status name ('' for any), ?2 the least
 * relevance. */
#define QUEUE_WHERE " WHERE (?1 = '' OR c.status = ?1) AND c.relevance >= ?2"

static void
bind_queue(sqlite3_stmt *st, int status, double min_relevance)
{
	kz_sqc_bind_str(st, 1,
	    status < 0 ? "" : kz_cand_status_name((enum kz_cand_status)status));
	sqlite3_bind_double(st, 2, min_relevance);
}

kz_rc
kz_sq_candidate_list(struct kz_store *s, int status, double min_relevance,
    int64_t offset, int64_t limit, kz_candidate_fn fn, void *ctx,
    struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    CANDIDATE_SELECT QUEUE_WHERE
	    " ORDER BY c.relevance DESC, a.published DESC, c.article_id"
	    " LIMIT ?3 OFFSET ?4",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	bind_queue(st, status, min_relevance);
	sqlite3_bind_int64(st, 3, limit > 0 ? limit : -1);
	sqlite3_bind_int64(st, 4, offset > 0 ? offset : 0);
	int r;
	while (rc == KZ_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		struct kz_candidate c;
		kz_candidate_init(&c);
		read_candidate(st, &c);
		rc = fn(ctx, &c);
		kz_candidate_fini(&c);
	}
	if (rc == KZ_OK && r != SQLITE_DONE)
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "listing the queue", err);
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_sq_candidate_count(struct kz_store *s, int status, double min_relevance,
    int64_t *n, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "SELECT count(*) FROM candidates c JOIN articles a"
	    " ON a.id = c.article_id" QUEUE_WHERE,
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	bind_queue(st, status, min_relevance);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "counting the queue", err);
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_sq_candidate_get(struct kz_store *s, int64_t article_id,
    struct kz_candidate *out, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(
	    s, CANDIDATE_SELECT " WHERE c.article_id = ?1", &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, article_id);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		kz_candidate_init(out);
		read_candidate(st, out);
	} else if (r == SQLITE_DONE) {
		rc = kz_fail(err, KZ_ENOTFOUND,
		    "article %lld is not in the queue", (long long)article_id);
	} else {
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "reading the queue", err);
	}
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_sq_candidate_review(struct kz_store *s, int64_t article_id, int status,
    const char *reason, int64_t incident_id, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "UPDATE candidates SET status = ?2, dismiss_reason = ?3,"
	    " incident_id = ?4 WHERE article_id = ?1",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, article_id);
	kz_sqc_bind_str(
	    st, 2, kz_cand_status_name((enum kz_cand_status)status));
	kz_sqc_bind_str(st, 3, reason);
	if (incident_id > 0)
		sqlite3_bind_int64(st, 4, incident_id);
	else
		sqlite3_bind_null(st, 4);
	rc = kz_sqc_run(s, st, "reviewing a candidate", err);
	if (rc == KZ_OK && sqlite3_changes(kz_store_sqlite_handle(s)) == 0)
		rc = kz_fail(err, KZ_ENOTFOUND,
		    "article %lld is not in the queue", (long long)article_id);
	return rc;
}

kz_rc
kz_sq_articles_unclassified(struct kz_store *s, int64_t limit, int64_t **ids,
    size_t *n, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "SELECT a.id FROM articles a WHERE a.latest AND NOT EXISTS"
	    " (SELECT 1 FROM candidates c WHERE c.article_id = a.id)"
	    " ORDER BY a.id LIMIT ?1",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, limit > 0 ? limit : -1);
	size_t cap = 0, k = 0;
	int64_t *v = NULL;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? cap * 2 : 64;
			v = kz_xreallocarray(v, cap, sizeof *v);
		}
		v[k++] = sqlite3_column_int64(st, 0);
	}
	if (r != SQLITE_DONE) {
		free(v);
		rc = kz_sqc_fail(s, kz_store_sqlite_handle(s),
		    "listing unclassified articles", err);
	} else {
		*ids = v;
		*n = k;
	}
	sqlite3_finalize(st);
	return rc;
}
