/* The generic layer of analysis storage: models and the review queue. */
#include <stdlib.h>
#include <string.h>

#include "kuzet/analysis.h"

static const char *const cand_names[] = {"new", "accepted", "dismissed"};

const char *
kz_cand_status_name(enum kz_cand_status s)
{
	return (unsigned)s <= KZ_CAND_DISMISSED ? cand_names[s] : "?";
}

int
kz_cand_status_parse(const char *s, enum kz_cand_status *out)
{
	for (int i = 0; i <= KZ_CAND_DISMISSED; i++)
		if (strcmp(s, cand_names[i]) == 0) {
			*out = (enum kz_cand_status)i;
			return 0;
		}
	return -1;
}

void
kz_model_info_fini(struct kz_model_info *m)
{
	free(m->metrics);
	memset(m, 0, sizeof *m);
}

void
kz_candidate_init(struct kz_candidate *c)
{
	memset(c, 0, sizeof *c);
}

void
kz_candidate_fini(struct kz_candidate *c)
{
	free(c->scores);
	free(c->reasons);
	free(c->dismiss_reason);
	free(c->title);
	free(c->url);
	kz_candidate_init(c);
}

kz_rc
kz_store_model_put(struct kz_store *s, const char *algo, const void *blob,
    size_t len, int64_t items, const char *metrics, int64_t *id,
    struct kz_err *err)
{
	if (algo == NULL ||
	    strlen(algo) >= sizeof((struct kz_model_info *)0)->algo)
		return kz_fail(err, KZ_EUSAGE, "bad model algorithm name");
	kz_rc rc = kz_store_begin(s, err);
	if (rc != KZ_OK)
		return rc;
	rc = s->ops->model_put(s, algo, blob, len, items, metrics, id, err);
	if (rc == KZ_OK)
		return kz_store_commit(s, err);
	kz_store_rollback(s);
	return rc;
}

kz_rc
kz_store_model_active(struct kz_store *s, void **blob, size_t *len,
    struct kz_model_info *info, struct kz_err *err)
{
	return s->ops->model_active(s, blob, len, info, err);
}

kz_rc
kz_store_candidate_put(
    struct kz_store *s, const struct kz_candidate *c, struct kz_err *err)
{
	if (c->relevance < 0 || c->relevance > 1 ||
	    c->relevance != c->relevance)
		return kz_fail(err, KZ_EUSAGE,
		    "article %lld: relevance outside [0, 1]",
		    (long long)c->article_id);
	return s->ops->candidate_put(s, c, err);
}

kz_rc
kz_store_candidate_list(struct kz_store *s, int status, double min_relevance,
    int64_t offset, int64_t limit, kz_candidate_fn fn, void *ctx,
    struct kz_err *err)
{
	return s->ops->candidate_list(
	    s, status, min_relevance, offset, limit, fn, ctx, err);
}

kz_rc
kz_store_candidate_count(struct kz_store *s, int status, double min_relevance,
    int64_t *n, struct kz_err *err)
{
	return s->ops->candidate_count(s, status, min_relevance, n, err);
}

kz_rc
kz_store_candidate_get(struct kz_store *s, int64_t article_id,
    struct kz_candidate *out, struct kz_err *err)
{
	return s->ops->candidate_get(s, article_id, out, err);
}

kz_rc
kz_store_candidate_review(struct kz_store *s, int64_t article_id,
    enum kz_cand_status status, const char *reason, int64_t incident_id,
    struct kz_err *err)
{
	return s->ops->candidate_review(
	    s, article_id, (int)status, reason, incident_id, err);
}

kz_rc
kz_store_articles_unclassified(struct kz_store *s, int64_t limit, int64_t **ids,
    size_t *n, struct kz_err *err)
{
	return s->ops->articles_unclassified(s, limit, ids, n, err);
}
