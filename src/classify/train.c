/*
 * Training from items and evaluation runs: featurize, idf, fit; train/test
 * and k-fold cross-validation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classify/cls_int.h"

static int
label_index(const char *const *labels, size_t nl, const char *s)
{
	for (size_t k = 0; k < nl; k++)
		if (strcmp(labels[k], s) == 0)
			return (int)k;
	return -1;
}

kz_rc
kz_model_train(const struct kz_cls_data *d, const char *const *labels,
    size_t nlabels, const struct kz_train_opts *o, struct kz_model **out,
    struct kz_err *err)
{
	struct kz_train_opts opts = *o;
	struct cls_set s;
	struct kz_cls_ctx *c;
	struct kz_model *m;
	size_t seen[KZ_CLS_LABELS_MAX] = {0}, nseen = 0;

	if (opts.hash_bits == 0)
		opts.hash_bits = KZ_CLS_HASH_BITS_DEFAULT;
	if (opts.hash_bits < KZ_CLS_HASH_BITS_MIN ||
	    opts.hash_bits > KZ_CLS_HASH_BITS_MAX)
		return kz_fail(err, KZ_EUSAGE, "hash bits must be %u..%u",
		    KZ_CLS_HASH_BITS_MIN, KZ_CLS_HASH_BITS_MAX);
	if (nlabels < 2 || nlabels > KZ_CLS_LABELS_MAX)
		return kz_fail(
		    err, KZ_EUSAGE, "2..%u labels needed", KZ_CLS_LABELS_MAX);
	if ((unsigned)opts.algo >= KZ_ALGO_COUNT)
		return kz_fail(err, KZ_EUSAGE, "unknown algorithm");
	for (size_t i = 0; i < d->n; i++) {
		int y = label_index(labels, nlabels, d->items[i].label);
		if (y < 0)
			return kz_fail(err, KZ_EPARSE,
			    "item %zu%s%s%s: unknown label \"%s\"", i + 1,
			    d->items[i].id[0] ? " (" : "", d->items[i].id,
			    d->items[i].id[0] ? ")" : "", d->items[i].label);
		if (seen[y]++ == 0)
			nseen++;
	}
	if (nseen < 2)
		return kz_fail(err, KZ_EUSAGE,
		    "training needs items of at least 2 labels");

	m = cls_model_new(opts.algo, opts.hash_bits, labels, nlabels);
	c = kz_cls_ctx_new();
	cls_set_init(&s, m->bits);
	/* document frequencies over word and char blocks, counted while
	 * featurizing; idf = log((1 + n) / (1 + df)) + 1 */
	size_t dim = (size_t)1 << m->bits;
	uint32_t *df = kz_xcalloc(dim, sizeof *df);
	for (size_t i = 0; i < d->n; i++)
		cls_featurize(c, m->bits, d->items[i].title, d->items[i].text,
		    d->items[i].lang, &s,
		    label_index(labels, nlabels, d->items[i].label), df);
	kz_cls_ctx_free(c);

	for (size_t j = 0; j < dim; j++)
		m->idf[j] =
		    (float)(log((1.0 + (double)s.n) / (1.0 + df[j])) + 1);
	free(df);
	cls_train_set(m, &s, &opts);
	cls_set_fini(&s);
	*out = m;
	return KZ_OK;
}

kz_rc
kz_cls_evaluate(const struct kz_cls_data *train, const struct kz_cls_data *test,
    const char *const *labels, size_t nlabels, const struct kz_train_opts *opts,
    size_t *cm, struct kz_err *err)
{
	struct kz_model *m;
	struct kz_cls_ctx *c;
	kz_rc rc;

	for (size_t i = 0; i < test->n; i++)
		if (label_index(labels, nlabels, test->items[i].label) < 0)
			return kz_fail(err, KZ_EPARSE,
			    "test item %zu (%s): unknown label \"%s\"", i + 1,
			    test->items[i].id, test->items[i].label);
	if ((rc = kz_model_train(train, labels, nlabels, opts, &m, err)) !=
	    KZ_OK)
		return rc;
	c = kz_cls_ctx_new();
	for (size_t i = 0; i < test->n; i++) {
		struct kz_cls_result r;
		int g = label_index(labels, nlabels, test->items[i].label);
		kz_model_classify(m, c, test->items[i].title,
		    test->items[i].text, test->items[i].lang, 0, &r);
		cm[(size_t)g * nlabels + r.label]++;
	}
	kz_cls_ctx_free(c);
	kz_model_free(m);
	return KZ_OK;
}

static void
copy_item(struct kz_cls_data *d, const struct kz_cls_item *it)
{
	kz_cls_data_add(d, it->id, it->title, it->text, it->lang, it->label);
}

kz_rc
kz_cls_crossval(const struct kz_cls_data *d, unsigned folds,
    const char *const *labels, size_t nlabels, const struct kz_train_opts *opts,
    size_t *cm, struct kz_err *err)
{
	size_t *idx;
	uint64_t st = opts->seed ^ 0x6a09e667f3bcc909ULL;
	kz_rc rc = KZ_OK;

	if (folds < 2 || folds > d->n)
		return kz_fail(err, KZ_EUSAGE,
		    "folds must be 2..%zu (the number of items)", d->n);
	idx = kz_xmalloc(d->n * sizeof *idx);
	for (size_t i = 0; i < d->n; i++)
		idx[i] = i;
	cls_shuffle(idx, d->n, &st);
	for (unsigned f = 0; f < folds && rc == KZ_OK; f++) {
		struct kz_cls_data tr, te;
		kz_cls_data_init(&tr);
		kz_cls_data_init(&te);
		for (size_t i = 0; i < d->n; i++)
			copy_item(
			    i % folds == f ? &te : &tr, &d->items[idx[i]]);
		rc = kz_cls_evaluate(&tr, &te, labels, nlabels, opts, cm, err);
		kz_cls_data_fini(&tr);
		kz_cls_data_fini(&te);
	}
	free(idx);
	return rc;
}
