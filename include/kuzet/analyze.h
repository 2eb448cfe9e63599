/*
 * Analysis over the archive: training data from the database, and the
 * classification of collected articles into the review queue.
 */
#ifndef KUZET_ANALYZE_H
#define KUZET_ANALYZE_H

#include "kuzet/analysis.h"
#include "kuzet/classify.h"
#include "kuzet/collect.h"

/*
 * Append training items from the archive to out: every published or draft
 * incident, once per language it has a title in (title + summary, label
 * its section), and every dismissed candidate's article (label "none").
 */
kz_rc kz_app_training_from_db(struct kz_store *s, struct kz_cls_data *out,
    struct kz_err *err) KZ_MUST_CHECK;

/*
 * Classify the articles not yet in the queue (at most limit; 0: all) with
 * the active model, or with the keyword lexicon when none is trained, and
 * put them in the queue with label, relevance, per-label scores and the
 * terms that weighed most.  again != 0 also classifies anew the
 * candidates still waiting for review (after training a new model).  *n
 * gets how many were classified.
 */
kz_rc kz_app_analyze(struct kz_store *s, int64_t limit, int again, size_t *n,
    struct kz_err *err) KZ_MUST_CHECK;

/*
 * Accept a candidate: a new draft incident in section (NULL: the
 * candidate's label, which must then not be "none") from the article —
 * title, the first paragraph of its text as the summary, its language,
 * its URL as the source — and mark the candidate accepted.  *incident_id
 * gets the new incident's id.
 */
kz_rc kz_app_candidate_accept(struct kz_store *s, const struct kz_taxonomy *tax,
    int64_t article_id, const char *section, const char *actor,
    int64_t *incident_id, struct kz_err *err) KZ_MUST_CHECK;

/*
 * Attach a candidate's article to an existing incident as another source
 * (saved and audited as actor; nothing changes when it is a source
 * already) and mark the candidate accepted, in one transaction.
 */
kz_rc kz_app_candidate_attach(struct kz_store *s, int64_t article_id,
    int64_t incident_id, const char *actor, struct kz_err *err) KZ_MUST_CHECK;

#endif
