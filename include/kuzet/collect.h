/*
 * What collection keeps: the sources kuzet watches (feeds, pages, Telegram
 * channels) and the articles it saw, with earlier versions and the raw
 * bytes as evidence.  Stored through struct kz_store (store.h).
 */
#ifndef KUZET_COLLECT_H
#define KUZET_COLLECT_H

#include <stdint.h>

#include "kuzet/store.h"

enum kz_source_kind {
	KZ_KIND_AUTO = 0,
	KZ_KIND_RSS,
	KZ_KIND_ATOM,
	KZ_KIND_JSONFEED,
	KZ_KIND_HTML,
	KZ_KIND_TELEGRAM
};
const char *kz_source_kind_name(enum kz_source_kind k);
int kz_source_kind_parse(const char *s, enum kz_source_kind *out);

/* A watched source.  Owns its strings; free with kz_csource_fini. */
struct kz_csource {
	int64_t id;
	char *url;
	enum kz_source_kind kind;
	char *name; /* NULL: none */
	int lang; /* -1: unknown, else enum kz_lang */
	int64_t every_s; /* collect every so many seconds */
	int enabled;
	char *etag; /* from the last 200, for conditional GET */
	char *last_modified;
	int64_t last_fetch; /* unix seconds, 0: never */
	int last_status; /* HTTP status of the last fetch, 0: none */
	char *last_error; /* NULL after a success */
	int64_t failures; /* consecutive */
	int64_t items_seen;
	int64_t next_due; /* unix seconds */
	int64_t created;
};
void kz_csource_init(struct kz_csource *c);
void kz_csource_fini(struct kz_csource *c);

/* A collected article (one version of it).  Owns its strings. */
struct kz_article_rec {
	int64_t id;
	int64_t source_id; /* 0: none */
	char *url; /* as fetched */
	char *canonical_url; /* rel=canonical or url, normalized */
	char *title;
	char *text;
	int lang; /* -1: unknown */
	int64_t published; /* unix seconds, 0: unknown */
	int64_t fetched;
	char hash[65]; /* SHA-256 of title + "\n" + text, hex */
	int64_t previous_id; /* the version this one replaced, 0: first */
};
void kz_article_rec_init(struct kz_article_rec *a);
void kz_article_rec_fini(struct kz_article_rec *a);

/* Add a source (c->id is set); KZ_EEXIST naming the URL if it is watched
 * already. */
kz_rc kz_store_csource_add(
    struct kz_store *s, struct kz_csource *c, struct kz_err *err) KZ_MUST_CHECK;
kz_rc kz_store_csource_get(struct kz_store *s, int64_t id,
    struct kz_csource *out, struct kz_err *err) KZ_MUST_CHECK;
/* Walk sources by id; due_at > 0: only enabled ones with next_due <=
 * due_at. */
kz_rc kz_store_csource_list(struct kz_store *s, int64_t due_at,
    kz_csource_fn fn, void *ctx, struct kz_err *err) KZ_MUST_CHECK;
kz_rc kz_store_csource_remove(
    struct kz_store *s, int64_t id, struct kz_err *err) KZ_MUST_CHECK;
kz_rc kz_store_csource_enable(struct kz_store *s, int64_t id, int enabled,
    struct kz_err *err) KZ_MUST_CHECK;
/* Record a fetch: etag, last_modified, last_fetch, last_status, last_error,
 * failures, items_seen, next_due, kind (auto becomes what was detected). */
kz_rc kz_store_csource_record(struct kz_store *s, const struct kz_csource *c,
    struct kz_err *err) KZ_MUST_CHECK;

/*
 * Store an article once: if an article with the same canonical URL and the
 * same hash, or the same hash at all, exists, nothing is added
 * (KZ_ARTICLE_SAME, a->id set to it).  The same canonical URL with another
 * hash adds a new version pointing at the latest earlier one.  raw (may be
 * NULL) is the response body kept as evidence, gzip-compressed by the
 * caller (raw_encoding "gzip") or as is (NULL).  a->hash must be set
 * (kz_article_rec_hash).
 */
kz_rc kz_store_article_put(struct kz_store *s, struct kz_article_rec *a,
    const void *raw, size_t raw_len, const char *raw_encoding,
    const char *content_type, enum kz_article_outcome *outcome,
    struct kz_err *err) KZ_MUST_CHECK;
kz_rc kz_store_article_get(struct kz_store *s, int64_t id,
    struct kz_article_rec *out, struct kz_err *err) KZ_MUST_CHECK;
/* Walk the latest version of each article, newest fetched first;
 * source_id 0: any; since 0: any; limit 0: all. */
kz_rc kz_store_article_list(struct kz_store *s, int64_t source_id,
    int64_t since, int64_t limit, kz_article_fn fn, void *ctx,
    struct kz_err *err) KZ_MUST_CHECK;
/* The id of the latest version of the article with this canonical URL;
 * KZ_ENOTFOUND if none. */
kz_rc kz_store_article_find_url(struct kz_store *s, const char *canonical_url,
    int64_t *id, struct kz_err *err) KZ_MUST_CHECK;
/* Delete raw evidence fetched before `before` (unix seconds); *n gets how
 * many bodies went.  Articles stay. */
kz_rc kz_store_evidence_prune(struct kz_store *s, int64_t before, int64_t *n,
    struct kz_err *err) KZ_MUST_CHECK;

/* Set a->hash from a->title and a->text. */
void kz_article_rec_hash(struct kz_article_rec *a);

#endif
