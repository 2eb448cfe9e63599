/* Training data from the archive, and classifying articles into the queue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kuzet/analyze.h"
#include "kuzet/app.h"
#include "kuzet/render.h"
#include "kuzet/url.h"

/* ---- training data ---- */

static kz_rc
add_incident(void *ctx, const struct kz_incident *inc)
{
	struct kz_cls_data *d = ctx;
	if (inc->status == KZ_STATUS_REJECTED)
		return KZ_OK;
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		if (inc->title[l] == NULL)
			continue;
		char id[32];
		snprintf(id, sizeof id, "incident-%lld-%s", (long long)inc->id,
		    kz_lang_code((enum kz_lang)l));
		kz_cls_data_add(d, id, inc->title[l],
		    inc->summary[l] ? inc->summary[l] : "", l, inc->section);
	}
	return KZ_OK;
}

struct dismissed {
	struct kz_store *s;
	struct kz_cls_data *d;
	struct kz_err *err;
};

static kz_rc
add_dismissed(void *ctx, const struct kz_candidate *c)
{
	struct dismissed *x = ctx;
	struct kz_article_rec a;
	kz_rc rc = kz_store_article_get(x->s, c->article_id, &a, x->err);
	if (rc != KZ_OK)
		return rc;
	char id[32];
	snprintf(id, sizeof id, "article-%lld", (long long)a.id);
	kz_cls_data_add(x->d, id, a.title ? a.title : "", a.text ? a.text : "",
	    a.lang, "none");
	kz_article_rec_fini(&a);
	return KZ_OK;
}

kz_rc
kz_app_training_from_db(
    struct kz_store *s, struct kz_cls_data *out, struct kz_err *err)
{
	struct kz_incident_filter f;
	kz_incident_filter_init(&f);
	kz_rc rc = kz_store_incident_list(s, &f, add_incident, out, err);
	struct dismissed x = {s, out, err};
	if (rc == KZ_OK)
		rc = kz_store_candidate_list(
		    s, KZ_CAND_DISMISSED, 0, 0, 0, add_dismissed, &x, err);
	return rc;
}

/* ---- classification into the queue ---- */

/* {label: score, ...} and ["term", ...] as JSON text. */
static kz_rc
result_json(const struct kz_cls_result *r, const char *const *names,
    char **scores, char **reasons)
{
	struct kz_buf b;
	kz_buf_init(&b, 1 << 20);
	kz_rc rc = kz_buf_putc(&b, '{');
	for (size_t i = 0; i < r->nlabels && rc == KZ_OK; i++) {
		rc = kz_buf_puts(&b, i ? "," : "");
		if (rc == KZ_OK)
			rc = kz_render_json_str(&b, names[i], strlen(names[i]));
		if (rc == KZ_OK)
			rc = kz_buf_printf(&b, ":%.4f", r->score[i]);
	}
	if (rc == KZ_OK)
		rc = kz_buf_putc(&b, '}');
	if (rc != KZ_OK) {
		kz_buf_fini(&b);
		return rc;
	}
	*scores = kz_buf_take(&b);
	kz_buf_init(&b, 1 << 20);
	rc = kz_buf_putc(&b, '[');
	size_t shown = 0;
	for (size_t i = 0; i < r->nterms && rc == KZ_OK; i++) {
		size_t k = 0; /* each term once */
		while (k < i && strcmp(r->terms[k].text, r->terms[i].text) != 0)
			k++;
		if (k < i)
			continue;
		rc = kz_buf_puts(&b, shown++ ? "," : "");
		if (rc == KZ_OK)
			rc = kz_render_json_str(
			    &b, r->terms[i].text, strlen(r->terms[i].text));
	}
	if (rc == KZ_OK)
		rc = kz_buf_putc(&b, ']');
	if (rc != KZ_OK) {
		free(*scores);
		*scores = NULL;
		kz_buf_fini(&b);
		return rc;
	}
	*reasons = kz_buf_take(&b);
	return KZ_OK;
}

struct idlist {
	int64_t *v;
	size_t n;
};

static kz_rc
waiting_cb(void *ctx, const struct kz_candidate *c)
{
	struct idlist *l = ctx;
	l->v = kz_xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = c->article_id;
	return KZ_OK;
}

kz_rc
kz_app_analyze(
    struct kz_store *s, int64_t limit, int again, size_t *n, struct kz_err *err)
{
	*n = 0;
	void *blob = NULL;
	size_t len = 0;
	struct kz_model_info info;
	memset(&info, 0, sizeof info);
	struct kz_model *m = NULL;
	int64_t model_id = 0;
	kz_rc rc = kz_store_model_active(s, &blob, &len, &info, err);
	if (rc == KZ_OK) {
		model_id = info.id;
		rc = kz_model_load(blob, len, &m, err);
		free(blob);
		kz_model_info_fini(&info);
		if (rc != KZ_OK)
			return rc;
	} else if (rc != KZ_ENOTFOUND) {
		return rc;
	}
	/* label names of the model, or of the lexicon */
	const char *names[KZ_CLS_LABELS_MAX];
	size_t nnames = m ? kz_model_nlabels(m) : kz_lexicon_nsections() + 1;
	for (size_t i = 0; i < nnames && i < KZ_CLS_LABELS_MAX; i++)
		names[i] = m                     ? kz_model_label(m, i)
		    : i < kz_lexicon_nsections() ? kz_lexicon_section_id(i)
		                                 : "none";
	int64_t *ids = NULL;
	size_t nids = 0;
	rc = kz_store_articles_unclassified(s, limit, &ids, &nids, err);
	if (rc == KZ_OK && again) {
		struct idlist w = {ids, nids};
		rc = kz_store_candidate_list(
		    s, KZ_CAND_NEW, 0, 0, 0, waiting_cb, &w, err);
		ids = w.v;
		nids = w.n;
	}
	struct kz_cls_ctx *ctx = m ? kz_cls_ctx_new() : NULL;
	int tx = 0;
	for (size_t i = 0; i < nids && rc == KZ_OK; i++) {
		struct kz_article_rec a;
		/* KZ_ANALYZE_BATCH results per transaction, not one each */
		if (!tx) {
			rc = kz_store_begin(s, err);
			if (rc != KZ_OK)
				break;
			tx = 1;
		}
		rc = kz_store_article_get(s, ids[i], &a, err);
		if (rc != KZ_OK)
			break;
		struct kz_cls_result r;
		if (m != NULL)
			kz_model_classify(
			    m, ctx, a.title, a.text, a.lang, 1, &r);
		else
			kz_lexicon_classify(a.title, a.text, &r);
		struct kz_candidate c;
		kz_candidate_init(&c);
		c.article_id = a.id;
		c.model_id = model_id;
		snprintf(c.label, sizeof c.label, "%s",
		    r.label < nnames ? names[r.label] : "none");
		c.relevance = r.relevance < 0 ? 0
		    : r.relevance > 1         ? 1
		                              : r.relevance;
		c.classified = (int64_t)time(NULL);
		rc = result_json(&r, names, &c.scores, &c.reasons);
		if (rc == KZ_OK)
			rc = kz_store_candidate_put(s, &c, err);
		if (rc == KZ_OK)
			(*n)++;
		kz_candidate_fini(&c);
		kz_article_rec_fini(&a);
		if (rc == KZ_OK && (i + 1) % KZ_ANALYZE_BATCH == 0) {
			tx = 0;
			rc = kz_store_commit(s, err);
		}
	}
	if (tx && rc == KZ_OK)
		rc = kz_store_commit(s, err);
	else if (tx)
		kz_store_rollback(s);
	kz_cls_ctx_free(ctx);
	kz_model_free(m);
	free(ids);
	return rc;
}

/* The first paragraph of text, at most max bytes cut at a character. */
static char *
first_paragraph(const char *text, size_t max)
{
	size_t n = strcspn(text, "\n");
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	return kz_xstrndup(text, n);
}

kz_rc
kz_app_candidate_accept(struct kz_store *s, const struct kz_taxonomy *tax,
    int64_t article_id, const char *section, const char *actor,
    int64_t *incident_id, struct kz_err *err)
{
	struct kz_article_rec a;
	kz_rc rc = kz_store_article_get(s, article_id, &a, err);
	if (rc != KZ_OK)
		return rc;
	struct kz_incident inc;
	kz_incident_init(&inc);
	int l = a.lang >= 0 ? a.lang : KZ_LANG_RU;
	const char *sec = section;
	char label[KZ_SECTION_ID_BYTES] = "";
	if (sec == NULL) {
		struct kz_candidate c;
		rc = kz_store_candidate_get(s, article_id, &c, err);
		if (rc == KZ_OK) {
			snprintf(label, sizeof label, "%s", c.label);
			kz_candidate_fini(&c);
		}
		sec = label;
	}
	if (rc == KZ_OK && strcmp(sec, "none") == 0)
		rc = kz_fail(err, KZ_EUSAGE,
		    "article %lld was classified as not an incident; give "
		    "--section",
		    (long long)article_id);
	if (rc == KZ_OK)
		rc = kz_taxonomy_check(tax, sec, err);
	if (rc == KZ_OK) {
		snprintf(inc.section, sizeof inc.section, "%s", sec);
		inc.status = KZ_STATUS_DRAFT;
		kz_incident_set_text(
		    &inc.title[l], a.title && a.title[0] ? a.title : a.url);
		char *sum = first_paragraph(a.text ? a.text : "", 2000);
		kz_incident_set_text(&inc.summary[l], sum);
		free(sum);
		kz_incident_add_source(&inc, a.url, a.canonical_url);
		rc = kz_store_begin(s, err);
		if (rc == KZ_OK) {
			rc = kz_store_incident_add(s, &inc, actor, err);
			if (rc == KZ_OK)
				rc = kz_store_candidate_review(s, article_id,
				    KZ_CAND_ACCEPTED, NULL, inc.id, err);
			if (rc == KZ_OK)
				rc = kz_store_commit(s, err);
			else
				kz_store_rollback(s);
		}
	}
	if (rc == KZ_OK)
		*incident_id = inc.id;
	kz_incident_fini(&inc);
	kz_article_rec_fini(&a);
	return rc;
}

kz_rc
kz_app_candidate_attach(struct kz_store *s, int64_t article_id,
    int64_t incident_id, const char *actor, struct kz_err *err)
{
	struct kz_article_rec a;
	struct kz_incident inc;
	kz_rc rc = kz_store_article_get(s, article_id, &a, err);
	if (rc != KZ_OK)
		return rc;
	kz_incident_init(&inc);
	rc = kz_store_begin(s, err);
	if (rc == KZ_OK) {
		rc = kz_store_incident_get(s, incident_id, &inc, err);
		if (rc == KZ_OK) {
			rc = kz_app_source_edit(&inc,
			    a.canonical_url && a.canonical_url[0]
			        ? a.canonical_url
			        : a.url,
			    1, err);
			/* already one of its sources: attaching is done */
			if (rc == KZ_EEXIST)
				rc = KZ_OK;
			else if (rc == KZ_OK)
				rc =
				    kz_store_incident_save(s, &inc, actor, err);
		}
		if (rc == KZ_OK)
			rc = kz_store_candidate_review(s, article_id,
			    KZ_CAND_ACCEPTED, NULL, incident_id, err);
		if (rc == KZ_OK)
			rc = kz_store_commit(s, err);
		else
			kz_store_rollback(s);
	}
	kz_incident_fini(&inc);
	kz_article_rec_fini(&a);
	return rc;
}
