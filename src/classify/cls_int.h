/* Internals of src/classify shared by its files and unit tests. */
#ifndef KUZET_CLS_INT_H
#define KUZET_CLS_INT_H

#include "kuzet/classify.h"

/* Feature blocks of a document, each L2-normalized on its own: words and
 * bigrams of stems, character n-grams, extras (language, lexicon). */
enum { CLS_B_WORD = 0, CLS_B_CHAR, CLS_B_EXTRA, CLS_NB };

/* Sublinear tf of counts below this comes from a table. */
#define CLS_TF_TAB 256

/*
 * A set of sparse vectors, compact: vector i is f[off[i*CLS_NB] ..
 * off[(i+1)*CLS_NB]) with block b starting at off[i*CLS_NB+b]; y[i] its
 * label (or -1).  Each feature is one uint32: its bucket in the low `bits`
 * bits, above them its signed count (count << 1 | negative).  Counts are
 * whole numbers (an entry weighs 1, or 2 in a title) and saturate at
 * 2^(31 - bits) - 1 (8,191 at the default 18 bits).  The weighted value
 * (sublinear tf, idf, block norm) is made when a vector is read
 * (cls_set_get): 4 bytes a feature instead of 8, and no pass over the set
 * to weight it.
 */
struct cls_set {
	uint32_t *f;
	size_t nf, capf;
	size_t *off; /* n*CLS_NB + 1 entries */
	int *y;
	size_t n, cap;
	unsigned bits;
	size_t maxn; /* the longest vector */
	float tf[CLS_TF_TAB]; /* sublinear tf of 0 .. CLS_TF_TAB - 1 */
};

void cls_set_init(struct cls_set *s, unsigned bits);
void cls_set_fini(struct cls_set *s);
void cls_set_reset(struct cls_set *s);
/* Room for nf more features and one more vector. */
void cls_set_reserve(struct cls_set *s, size_t nf);
/* Append vector of buckets idx[0..n) with whole counts cnt[0..n) (signed),
 * block starts b[0..CLS_NB) relative to them, with label y. */
void cls_set_add(struct cls_set *s, const uint32_t *idx, const int32_t *cnt,
    size_t n, const size_t *b, int y);
/* A feature of bucket idx with signed count v, packed for set s. */
uint32_t cls_set_pack(const struct cls_set *s, uint32_t idx, float v);
/* Vector i's length. */
static inline size_t
cls_set_len(const struct cls_set *s, size_t i)
{
	return s->off[(i + 1) * CLS_NB] - s->off[i * CLS_NB];
}
/* Vector i weighted into out (room for cls_set_len): sublinear tf, idf
 * (may be NULL) on words and chars, each block L2-normalized; words and
 * chars scaled by 1/sqrt(2), extras by 1/2.  Returns its length. */
size_t cls_set_get(
    const struct cls_set *s, size_t i, const float *idf, struct kz_feat *out);

/* Append the raw (sublinear tf, not yet weighted) features of one item to
 * s with label y.  Records word origins in c when c->explain.  When df is
 * not NULL, adds 1 to df[idx] for each word and character feature (the
 * document frequencies of idf). */
void cls_featurize(struct kz_cls_ctx *c, unsigned bits, const char *title,
    const char *text, int lang, struct cls_set *s, int y, uint32_t *df);
/* How many features ahead a loop over a vector asks for the model's rows
 * (a hint only; a no-op where the compiler has no prefetch). */
#define CLS_PREFETCH 12
#if defined(__GNUC__) || defined(__clang__)
#define cls_prefetch(p) __builtin_prefetch((p), 0, 3)
#else
#define cls_prefetch(p) ((void)(p))
#endif

/* The model. */
struct kz_model {
	enum kz_cls_algo algo;
	unsigned bits;
	size_t nl;
	char labels[KZ_CLS_LABELS_MAX][KZ_SECTION_ID_BYTES];
	float *idf; /* 2^bits */
	float *w; /* 2^bits x nl, w[idx * nl + k] */
	float bias[KZ_CLS_LABELS_MAX];
	float pa[KZ_CLS_LABELS_MAX], pb[KZ_CLS_LABELS_MAX]; /* Platt */
	float ra, rb; /* Platt of the relevance margin */
};

/* Allocate an empty (zero) model. */
struct kz_model *cls_model_new(
    enum kz_cls_algo algo, unsigned bits, const char *const *labels, size_t nl);
/* Fit weights of m (idf already set) on vectors s (finalized), opts. */
void cls_fit(
    struct kz_model *m, const struct cls_set *s, const struct kz_train_opts *o);
/* Raw margins of vector x[0..n) into out[0..m->nl). */
void cls_margins(
    const struct kz_model *m, const struct kz_feat *x, size_t n, double *out);
/* Train from finalized vectors: fit, calibrate on a held-out 20%, refit. */
void cls_train_set(
    struct kz_model *m, const struct cls_set *s, const struct kz_train_opts *o);
/* Fill a result's label, scores and relevance from margins. */
void cls_decide(
    const struct kz_model *m, const double *margin, struct kz_cls_result *out);

/* Platt: fit p = sigmoid(a f + b) to targets t (0/1) by Newton. */
void cls_platt_fit(const double *f, const int *t, size_t n, float *a, float *b);

/* splitmix64, the seeded generator of shuffles and splits */
uint64_t cls_rand(uint64_t *state);
void cls_shuffle(size_t *idx, size_t n, uint64_t *state);

#endif
