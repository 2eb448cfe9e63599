/*
 * The incident archive.  Callers use kz_store_* only; backends (SQLite now,
 * PostgreSQL later) implement struct kz_store_ops, as curl's vtls does.
 */
#ifndef KUZET_STORE_H
#define KUZET_STORE_H

#include <stdint.h>

#include "kuzet/incident.h"

struct kz_store;
struct kz_csource;
struct kz_article_rec;
struct kz_model_info;
struct kz_candidate;
struct kz_user;
struct kz_user_change;
struct kz_session;
typedef kz_rc (*kz_candidate_fn)(void *ctx, const struct kz_candidate *c);
/* What kz_store_article_put did (collect.h). */
enum kz_article_outcome {
	KZ_ARTICLE_NEW = 0, /* first time seen */
	KZ_ARTICLE_SAME, /* same canonical URL or same content: nothing */
	KZ_ARTICLE_CHANGED /* same canonical URL, new content: a new version,
	                      the earlier one kept */
};
typedef kz_rc (*kz_csource_fn)(void *ctx, const struct kz_csource *c);
typedef kz_rc (*kz_article_fn)(void *ctx, const struct kz_article_rec *a);

/* Which incidents kz_store_incident_list returns. */
struct kz_incident_filter {
	const char *section; /* NULL: any */
	int status; /* -1: any, else enum kz_status */
	struct kz_date from; /* unknown: unbounded; compared with the sort
	                        date (occurred_on, else period_to, else
	                        period_from) */
	struct kz_date to;
	int lang; /* -1: any, else only incidents with a title in
	             that language */
	int64_t limit; /* 0: no limit */
	int64_t offset;
	int newest_first; /* order by sort date (then id) descending */
	/* Full-text search (NULL, or no word in it: none).  Words are
	 * matched by their stems (блокировки finds блокировку, бұғатталды
	 * finds бұғаттау) in the titles and summaries of every language,
	 * or only lang's when lang >= 0; all words must match (AND);
	 * "quoted words" match as a phrase; word* matches words starting
	 * so.  No character is query syntax: any text is safe.  Results
	 * come best match first (titles weigh 4x summaries), ties newest
	 * first (newest_first is not needed and changes nothing).  At most
	 * KZ_SEARCH_QUERY_MAX_BYTES and KZ_SEARCH_TERMS_MAX terms, else
	 * KZ_ELIMIT. */
	const char *q;
};
void kz_incident_filter_init(struct kz_incident_filter *f);

/* One search result (kz_store_incident_search), valid during the call. */
struct kz_search_hit {
	const struct kz_incident *inc;
	double score; /* SQLite FTS5's bm25 with weights: lower is better;
	                 0 when the query had no words */
	/* About KZ_SEARCH_SNIPPET_TOKENS words of the best-matching title
	 * or summary, raw text (not escaped) with each matched word between
	 * the caller's open and close marks and "…" where cut; NULL when
	 * not asked for or nothing matched. */
	const char *snippet;
};
typedef kz_rc (*kz_search_fn)(void *ctx, const struct kz_search_hit *hit);

/* One audit log row. */
struct kz_audit {
	int64_t id;
	int64_t incident_id;
	int64_t at; /* unix seconds */
	const char *actor;
	const char
	    *field; /* "title.ru", "section", "sources", "created", ... */
	const char *old_value; /* NULL when none */
	const char *new_value;
};

/* Called per incident/audit row; the row is valid only during the call.
 * Return KZ_OK to go on; any other value stops the walk and is returned. */
typedef kz_rc (*kz_incident_fn)(void *ctx, const struct kz_incident *inc);
typedef kz_rc (*kz_audit_fn)(void *ctx, const struct kz_audit *a);

/* Backend primitives.  Each returns KZ_OK or fills err. */
struct kz_store_ops {
	const char *name;
	kz_rc (*open)(struct kz_store *s, const char *target, int create,
	    struct kz_err *err);
	void (*close)(struct kz_store *s);
	kz_rc (*begin)(struct kz_store *s, struct kz_err *err);
	kz_rc (*commit)(struct kz_store *s, struct kz_err *err);
	kz_rc (*rollback)(struct kz_store *s);
	/* Insert inc (inc->id == 0) with its sources; sets id, created,
	 * updated, version = 1. */
	kz_rc (*insert)(
	    struct kz_store *s, struct kz_incident *inc, struct kz_err *err);
	/* Overwrite the incident's fields and replace its sources; fails with
	 * KZ_ECONFLICT unless the stored version equals inc->version; bumps
	 * inc->version and inc->updated. */
	kz_rc (*update)(
	    struct kz_store *s, struct kz_incident *inc, struct kz_err *err);
	kz_rc (*get)(struct kz_store *s, int64_t id, struct kz_incident *out,
	    struct kz_err *err);
	kz_rc (*remove)(struct kz_store *s, int64_t id, struct kz_err *err);
	kz_rc (*list)(struct kz_store *s, const struct kz_incident_filter *f,
	    kz_incident_fn fn, void *ctx, struct kz_err *err);
	/* kz_store_incident_search; f->q may be NULL or have no words. */
	kz_rc (*search)(struct kz_store *s, const struct kz_incident_filter *f,
	    const char *mark_open, const char *mark_close, kz_search_fn fn,
	    void *ctx, struct kz_err *err);
	/* Id of an incident having a source with this normalized URL and this
	 * title in any language (url_norm NULL: an incident with no sources
	 * and this title); KZ_ENOTFOUND if none. */
	kz_rc (*find_dup)(struct kz_store *s, const char *url_norm,
	    const char *title, int64_t *id, struct kz_err *err);
	kz_rc (*audit_add)(struct kz_store *s, int64_t incident_id,
	    const char *actor, const char *field, const char *old_value,
	    const char *new_value, struct kz_err *err);
	kz_rc (*audit_list)(struct kz_store *s, int64_t incident_id,
	    kz_audit_fn fn, void *ctx, struct kz_err *err);
	kz_rc (*count)(struct kz_store *s, int64_t *n, struct kz_err *err);
	/* Ids (ascending) of incidents having a source with this normalized
	 * URL, as a malloc'd array in *ids (free()) of *n entries. */
	kz_rc (*find_by_url)(struct kz_store *s, const char *url_norm,
	    int64_t **ids, size_t *n, struct kz_err *err);
	/* Collection (include/kuzet/collect.h); same contracts as the
	 * kz_store_csource_* and kz_store_article_* functions. */
	kz_rc (*csource_add)(
	    struct kz_store *s, struct kz_csource *c, struct kz_err *err);
	kz_rc (*csource_get)(struct kz_store *s, int64_t id,
	    struct kz_csource *out, struct kz_err *err);
	kz_rc (*csource_list)(struct kz_store *s, int64_t due_at,
	    kz_csource_fn fn, void *ctx, struct kz_err *err);
	kz_rc (*csource_remove)(
	    struct kz_store *s, int64_t id, struct kz_err *err);
	kz_rc (*csource_enable)(
	    struct kz_store *s, int64_t id, int enabled, struct kz_err *err);
	kz_rc (*csource_record)(
	    struct kz_store *s, const struct kz_csource *c, struct kz_err *err);
	kz_rc (*article_put)(struct kz_store *s, struct kz_article_rec *a,
	    const void *raw, size_t raw_len, const char *raw_encoding,
	    const char *content_type, enum kz_article_outcome *outcome,
	    struct kz_err *err);
	kz_rc (*article_get)(struct kz_store *s, int64_t id,
	    struct kz_article_rec *out, struct kz_err *err);
	kz_rc (*article_list)(struct kz_store *s, int64_t source_id,
	    int64_t since, int64_t limit, kz_article_fn fn, void *ctx,
	    struct kz_err *err);
	kz_rc (*article_find_url)(struct kz_store *s, const char *canonical_url,
	    int64_t *id, struct kz_err *err);
	kz_rc (*evidence_prune)(
	    struct kz_store *s, int64_t before, int64_t *n, struct kz_err *err);
	/* Analysis (include/kuzet/analysis.h); same contracts as the
	 * kz_store_model_* and kz_store_candidate_* functions. */
	kz_rc (*model_put)(struct kz_store *s, const char *algo,
	    const void *blob, size_t len, int64_t items, const char *metrics,
	    int64_t *id, struct kz_err *err);
	kz_rc (*model_active)(struct kz_store *s, void **blob, size_t *len,
	    struct kz_model_info *info, struct kz_err *err);
	kz_rc (*candidate_put)(struct kz_store *s, const struct kz_candidate *c,
	    struct kz_err *err);
	kz_rc (*candidate_list)(struct kz_store *s, int status,
	    double min_relevance, int64_t offset, int64_t limit,
	    kz_candidate_fn fn, void *ctx, struct kz_err *err);
	kz_rc (*candidate_count)(struct kz_store *s, int status,
	    double min_relevance, int64_t *n, struct kz_err *err);
	kz_rc (*candidate_get)(struct kz_store *s, int64_t article_id,
	    struct kz_candidate *out, struct kz_err *err);
	kz_rc (*candidate_review)(struct kz_store *s, int64_t article_id,
	    int status, const char *reason, int64_t incident_id,
	    struct kz_err *err);
	kz_rc (*articles_unclassified)(struct kz_store *s, int64_t limit,
	    int64_t **ids, size_t *n, struct kz_err *err);
	/* users and sessions (users.h) */
	kz_rc (*user_add)(
	    struct kz_store *s, struct kz_user *u, struct kz_err *err);
	kz_rc (*user_get)(struct kz_store *s, const char *name,
	    struct kz_user *out, struct kz_err *err);
	kz_rc (*user_list)(struct kz_store *s,
	    kz_rc (*fn)(void *ctx, const struct kz_user *u), void *ctx,
	    struct kz_err *err);
	kz_rc (*user_update)(struct kz_store *s, int64_t id,
	    const struct kz_user_change *c, struct kz_err *err);
	kz_rc (*user_remove)(
	    struct kz_store *s, const char *name, struct kz_err *err);
	kz_rc (*session_put)(struct kz_store *s, const struct kz_session *ses,
	    struct kz_err *err);
	kz_rc (*session_get)(struct kz_store *s, const char *token_hash,
	    int64_t now, struct kz_session *out, struct kz_user *user,
	    struct kz_err *err);
	kz_rc (*session_remove)(
	    struct kz_store *s, const char *token_hash, struct kz_err *err);
	kz_rc (*session_prune)(
	    struct kz_store *s, int64_t now, struct kz_err *err);
};

struct kz_store {
	const struct kz_store_ops *ops;
	void *impl; /* backend state */
	char *target; /* what was opened (a path), for messages */
	int in_tx;
};

/*
 * Open the archive named by url: "sqlite:PATH" or a bare path is SQLite;
 * "postgresql://..." is refused until that backend lands (KZ_EUSAGE).  NULL
 * means $KUZET_DB, else $XDG_DATA_HOME/kuzet/kuzet.db (~/.local/share/...).
 * With create != 0 a missing file (and its directory) is created; else a
 * missing database is KZ_ENOTFOUND ("run kuzet init").  The schema is
 * created or migrated in place; a database from a newer kuzet is refused
 * (KZ_EDB naming both versions).  On success *out is a new store to close
 * with kz_store_close.
 */
kz_rc kz_store_open(const char *url, int create, struct kz_store **out,
    struct kz_err *err) KZ_MUST_CHECK;
void kz_store_close(struct kz_store *s);
/* The path or URL kz_store_open would use for url (malloc'd, free()). */
char *kz_store_resolve(const char *url);

kz_rc kz_store_begin(struct kz_store *s, struct kz_err *err) KZ_MUST_CHECK;
kz_rc kz_store_commit(struct kz_store *s, struct kz_err *err) KZ_MUST_CHECK;
void kz_store_rollback(struct kz_store *s);

/*
 * Store a new incident and an audit row "created" by actor, inside the
 * caller's transaction if one is open, else its own.  Sets inc->id.
 */
kz_rc kz_store_incident_add(struct kz_store *s, struct kz_incident *inc,
    const char *actor, struct kz_err *err) KZ_MUST_CHECK;
/*
 * Save changes to an existing incident: compares with the stored one,
 * writes one audit row per changed field (old -> new) by actor, and the
 * update.  KZ_ECONFLICT if someone saved it since inc->version was read.
 * No change: KZ_OK and nothing written.
 */
kz_rc kz_store_incident_save(struct kz_store *s, struct kz_incident *inc,
    const char *actor, struct kz_err *err) KZ_MUST_CHECK;
/* Fill *out (free with kz_incident_fini); KZ_ENOTFOUND naming the id. */
kz_rc kz_store_incident_get(struct kz_store *s, int64_t id,
    struct kz_incident *out, struct kz_err *err) KZ_MUST_CHECK;
/* Delete an incident (its sources too); the audit rows stay, with a
 * "deleted" row. */
kz_rc kz_store_incident_remove(struct kz_store *s, int64_t id,
    const char *actor, struct kz_err *err) KZ_MUST_CHECK;
/* Walk incidents matching f ordered by sort date, then id (descending
 * with f->newest_first); with a search (f->q has words) best match
 * first (see struct kz_incident_filter). */
kz_rc
kz_store_incident_list(struct kz_store *s, const struct kz_incident_filter *f,
    kz_incident_fn fn, void *ctx, struct kz_err *err) KZ_MUST_CHECK;
/*
 * As kz_store_incident_list, calling fn with each hit's score and, when
 * mark_open and mark_close are not NULL, a snippet with the matched words
 * between them (e.g. "\x02" and "\x03" to escape the text and then turn
 * them into <mark>; or "[" and "]").  A snippet costs one more query per
 * hit: use a limit.  Without words in f->q, incidents come in list order
 * with score 0 and no snippet.  fn may use the store.
 */
kz_rc
kz_store_incident_search(struct kz_store *s, const struct kz_incident_filter *f,
    const char *mark_open, const char *mark_close, kz_search_fn fn, void *ctx,
    struct kz_err *err) KZ_MUST_CHECK;
kz_rc kz_store_incident_find_dup(struct kz_store *s, const char *url_norm,
    const char *title, int64_t *id, struct kz_err *err) KZ_MUST_CHECK;
/* Call fn for each incident id having a source with this normalized URL;
 * the ids are collected first, so fn may use the store. */
typedef kz_rc (*kz_id_fn)(void *ctx, int64_t id);
kz_rc kz_store_incident_find_by_url(struct kz_store *s, const char *url_norm,
    kz_id_fn fn, void *ctx, struct kz_err *err) KZ_MUST_CHECK;
kz_rc kz_store_audit_list(struct kz_store *s, int64_t incident_id,
    kz_audit_fn fn, void *ctx, struct kz_err *err) KZ_MUST_CHECK;
kz_rc kz_store_incident_count(
    struct kz_store *s, int64_t *n, struct kz_err *err) KZ_MUST_CHECK;

/* The SQLite backend. */
extern const struct kz_store_ops kz_store_sqlite_ops;
/* Schema version this build writes. */
#define KZ_SCHEMA_VERSION 5

#endif
