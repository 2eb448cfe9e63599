/*
 * What analysis keeps: trained models (versioned; earlier ones kept) and
 * the review queue of candidates (collected articles with their
 * classification).  Stored through struct kz_store (store.h).
 */
#ifndef KUZET_ANALYSIS_H
#define KUZET_ANALYSIS_H

#include <stdint.h>

#include "kuzet/store.h"

/* A stored model's description (the blob is fetched separately). */
struct kz_model_info {
	int64_t id;
	int64_t created; /* unix seconds */
	char algo[32]; /* "logreg", "svm", ... */
	char *metrics; /* JSON text (eval of the held-out split), may be
	                  NULL */
	int64_t items; /* training items */
	int active;
};
void kz_model_info_fini(struct kz_model_info *m);

/*
 * Store a model blob as the new active model (the previous ones stay,
 * inactive); *id gets its id.
 */
kz_rc kz_store_model_put(struct kz_store *s, const char *algo, const void *blob,
    size_t len, int64_t items, const char *metrics, int64_t *id,
    struct kz_err *err) KZ_MUST_CHECK;
/* The active model: *blob (malloc'd, free()) and *len, and its info (may
 * be NULL); KZ_ENOTFOUND when no model was trained yet. */
kz_rc kz_store_model_active(struct kz_store *s, void **blob, size_t *len,
    struct kz_model_info *info, struct kz_err *err) KZ_MUST_CHECK;

enum kz_cand_status {
	KZ_CAND_NEW = 0,
	KZ_CAND_ACCEPTED, /* became or joined an incident */
	KZ_CAND_DISMISSED /* not an incident; trains as "none" */
};
const char *kz_cand_status_name(enum kz_cand_status s);
int kz_cand_status_parse(const char *s, enum kz_cand_status *out);

/* A candidate: one classified article. */
struct kz_candidate {
	int64_t article_id;
	int64_t model_id; /* 0: the cold-start lexicon */
	char label[KZ_SECTION_ID_BYTES]; /* a section id or "none" */
	double relevance; /* P(a digital-rights item), 0..1 */
	char *scores; /* JSON object {label: score} */
	char *reasons; /* JSON array of the terms that weighed most */
	enum kz_cand_status status;
	char *dismiss_reason;
	int64_t incident_id; /* when accepted */
	int64_t classified; /* unix seconds */
	/* joined from the article, for showing the queue */
	char *title;
	char *url;
	int64_t published;
	int64_t source_id;
};
void kz_candidate_init(struct kz_candidate *c);
void kz_candidate_fini(struct kz_candidate *c);

/* Insert or replace the classification of an article (status kept when
 * it was already reviewed). */
kz_rc kz_store_candidate_put(struct kz_store *s, const struct kz_candidate *c,
    struct kz_err *err) KZ_MUST_CHECK;
/* The queue: candidates with this status (-1: any), most relevant first;
 * min_relevance filters; the first offset skipped; limit 0: all. */
kz_rc kz_store_candidate_list(struct kz_store *s, int status,
    double min_relevance, int64_t offset, int64_t limit, kz_candidate_fn fn,
    void *ctx, struct kz_err *err) KZ_MUST_CHECK;
/* How many candidates kz_store_candidate_list would list in all. */
kz_rc kz_store_candidate_count(struct kz_store *s, int status,
    double min_relevance, int64_t *n, struct kz_err *err) KZ_MUST_CHECK;
/* One candidate (free with kz_candidate_fini); KZ_ENOTFOUND naming the
 * article when it is not in the queue. */
kz_rc kz_store_candidate_get(struct kz_store *s, int64_t article_id,
    struct kz_candidate *out, struct kz_err *err) KZ_MUST_CHECK;
/* Review: accept (incident_id set) or dismiss (reason) a candidate. */
kz_rc kz_store_candidate_review(struct kz_store *s, int64_t article_id,
    enum kz_cand_status status, const char *reason, int64_t incident_id,
    struct kz_err *err) KZ_MUST_CHECK;
/* Article ids (latest versions) that have no candidate yet, oldest first,
 * at most limit (0: all). */
kz_rc kz_store_articles_unclassified(struct kz_store *s, int64_t limit,
    int64_t **ids, size_t *n, struct kz_err *err) KZ_MUST_CHECK;

#endif
