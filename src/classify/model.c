/*
 * Linear models over hashed features: one-vs-rest linear SVM (squared
 * hinge, dual coordinate descent as in LIBLINEAR) and multinomial logistic
 * regression (SGD with L2).  Platt scaling on a held-out 20% turns margins
 * into probabilities.  Relevance comes from the same model: the margin of
 * the best section over "none", calibrated on its own.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify/cls_int.h"

static const char *const algo_names[KZ_ALGO_COUNT] = {"logreg", "svm"};

const char *
kz_cls_algo_name(enum kz_cls_algo a)
{
	return (unsigned)a < KZ_ALGO_COUNT ? algo_names[a] : "?";
}

int
kz_cls_algo_parse(const char *s, enum kz_cls_algo *out)
{
	for (int i = 0; i < KZ_ALGO_COUNT; i++)
		if (strcmp(s, algo_names[i]) == 0) {
			*out = (enum kz_cls_algo)i;
			return 0;
		}
	return -1;
}

void
kz_train_opts_init(struct kz_train_opts *o)
{
	memset(o, 0, sizeof *o);
	o->algo = KZ_ALGO_LOGREG;
	o->seed = 1;
	o->hash_bits = KZ_CLS_HASH_BITS_DEFAULT;
	o->calibrate = 1;
}

uint64_t
cls_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
cls_shuffle(size_t *idx, size_t n, uint64_t *state)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(cls_rand(state) % i);
		size_t t = idx[i - 1];
		idx[i - 1] = idx[j];
		idx[j] = t;
	}
}

struct kz_model *
cls_model_new(
    enum kz_cls_algo algo, unsigned bits, const char *const *labels, size_t nl)
{
	struct kz_model *m = kz_xcalloc(1, sizeof *m);
	size_t dim = (size_t)1 << bits;
	m->algo = algo;
	m->bits = bits;
	m->nl = nl;
	for (size_t k = 0; k < nl; k++) {
		size_t n = strlen(labels[k]);
		if (n >= KZ_SECTION_ID_BYTES)
			n = KZ_SECTION_ID_BYTES - 1;
		memcpy(m->labels[k], labels[k], n);
		m->pa[k] = 1;
	}
	m->ra = 1;
	m->idf = kz_xcalloc(dim, sizeof *m->idf);
	m->w = kz_xcalloc(dim * nl, sizeof *m->w);
	return m;
}

void
kz_model_free(struct kz_model *m)
{
	if (m == NULL)
		return;
	free(m->idf);
	free(m->w);
	free(m);
}

size_t
kz_model_nlabels(const struct kz_model *m)
{
	return m->nl;
}

const char *
kz_model_label(const struct kz_model *m, size_t i)
{
	return i < m->nl ? m->labels[i] : NULL;
}

enum kz_cls_algo
kz_model_algo(const struct kz_model *m)
{
	return m->algo;
}

void
cls_margins(
    const struct kz_model *m, const struct kz_feat *x, size_t n, double *out)
{
	size_t nl = m->nl;
	double acc[KZ_CLS_LABELS_MAX];
	for (size_t k = 0; k < nl; k++)
		acc[k] = m->bias[k];
	for (size_t i = 0; i < n; i++) {
		const float *w = m->w + (size_t)x[i].idx * nl;
		/* the rows are scattered over megabytes: ask for the row
		 * a few features ahead while this one is summed */
		if (i + CLS_PREFETCH < n)
			cls_prefetch(
			    m->w + (size_t)x[i + CLS_PREFETCH].idx * nl);
		for (size_t k = 0; k < nl; k++)
			acc[k] += (double)x[i].v * w[k];
	}
	for (size_t k = 0; k < nl; k++)
		out[k] = acc[k];
}

static double
sigmoid(double z)
{
	if (z >= 0)
		return 1.0 / (1.0 + exp(-z));
	double e = exp(z);
	return e / (1.0 + e);
}

static double
rel_margin(const struct kz_model *m, const double *margin)
{
	size_t none = m->nl - 1;
	double best = -HUGE_VAL;
	for (size_t k = 0; k < none; k++)
		if (margin[k] > best)
			best = margin[k];
	return best - margin[none];
}

void
cls_decide(
    const struct kz_model *m, const double *margin, struct kz_cls_result *out)
{
	size_t best = 0;
	out->nlabels = m->nl;
	for (size_t k = 0; k < m->nl; k++) {
		if (margin[k] > margin[best])
			best = k;
		out->margin[k] = margin[k];
		out->score[k] = sigmoid(m->pa[k] * margin[k] + m->pb[k]);
	}
	out->label = best;
	out->relevance = sigmoid(m->ra * rel_margin(m, margin) + m->rb);
}

/* ---- sets ---- */

void
cls_set_init(struct cls_set *s, unsigned bits)
{
	memset(s, 0, sizeof *s);
	s->off = kz_xcalloc(1, sizeof *s->off);
	s->bits = bits;
	for (int i = 0; i < CLS_TF_TAB; i++)
		s->tf[i] = i <= 1 ? (float)i : 1.0f + logf((float)i);
}

void
cls_set_fini(struct cls_set *s)
{
	free(s->f);
	free(s->off);
	free(s->y);
	memset(s, 0, sizeof *s);
}

void
cls_set_reset(struct cls_set *s)
{
	s->nf = 0;
	s->n = 0;
	s->off[0] = 0;
	s->maxn = 0;
}

uint32_t
cls_set_pack(const struct cls_set *s, uint32_t idx, float v)
{
	uint32_t mmax = ((uint32_t)1 << (31 - s->bits)) - 1;
	float a = fabsf(v);
	uint32_t m = a >= (float)mmax ? mmax : (uint32_t)lrintf(a);
	return idx | (m << 1 | (v < 0)) << s->bits;
}

/* Sublinear tf of a count m: m up to 1, else 1 + ln m. */
static float
tf_of(const struct cls_set *s, uint32_t m)
{
	if (m < CLS_TF_TAB)
		return s->tf[m];
	return 1.0f + logf((float)m);
}

size_t
cls_set_get(
    const struct cls_set *s, size_t i, const float *idf, struct kz_feat *out)
{
	uint32_t mask = ((uint32_t)1 << s->bits) - 1;
	size_t n = 0;
	for (int k = 0; k < CLS_NB; k++) {
		size_t a = s->off[i * CLS_NB + (size_t)k];
		size_t z = s->off[i * CLS_NB + (size_t)k + 1];
		const float *wt = k != CLS_B_EXTRA ? idf : NULL;
		struct kz_feat *o = out + n;
		double norm = 0, scale;
		for (size_t j = a; j < z; j++) {
			uint32_t p = s->f[j], code = p >> s->bits;
			float v = tf_of(s, code >> 1);
			if (code & 1)
				v = -v;
			o[j - a].idx = p & mask;
			if (wt != NULL) {
				if (j + CLS_PREFETCH < z)
					cls_prefetch(wt +
					    (s->f[j + CLS_PREFETCH] & mask));
				v *= wt[p & mask];
			}
			o[j - a].v = v;
			norm += (double)v * v;
		}
		n += z - a;
		if (norm <= 0)
			continue;
		scale = 1.0 / sqrt(norm);
		if (k == CLS_B_EXTRA)
			scale *= 0.5;
		else
			scale *= 0.70710678;
		for (size_t j = 0; j < z - a; j++)
			o[j].v = (float)(o[j].v * scale);
	}
	return n;
}

void
cls_set_reserve(struct cls_set *s, size_t nf)
{
	if (s->nf + nf > s->capf) {
		size_t cap = s->capf ? s->capf : 4096;
		while (cap < s->nf + nf)
			cap *= 2;
		s->f = kz_xreallocarray(s->f, cap, sizeof *s->f);
		s->capf = cap;
	}
	if (s->n + 1 >= s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->off = kz_xreallocarray(
		    s->off, s->cap * CLS_NB + 1, sizeof *s->off);
		s->y = kz_xreallocarray(s->y, s->cap, sizeof *s->y);
	}
}

void
cls_set_add(struct cls_set *s, const uint32_t *idx, const int32_t *cnt,
    size_t n, const size_t *b, int y)
{
	size_t base = s->nf;
	cls_set_reserve(s, n);
	for (size_t j = 0; j < n; j++)
		s->f[s->nf + j] = cls_set_pack(s, idx[j], (float)cnt[j]);
	s->nf += n;
	for (int k = 0; k < CLS_NB; k++)
		s->off[s->n * CLS_NB + (size_t)k] = base + b[k];
	s->y[s->n] = y;
	s->n++;
	s->off[s->n * CLS_NB] = s->nf;
	if (n > s->maxn)
		s->maxn = n;
}

/* ---- SVM: L2-regularized squared hinge, dual coordinate descent ---- */

static void
fit_svm(struct kz_model *m, const struct cls_set *s, const size_t *idx,
    size_t n, const struct kz_train_opts *o)
{
	size_t dim = (size_t)1 << m->bits, nl = m->nl;
	double c = o->c > 0 ? o->c : 0.5;
	unsigned epochs = o->epochs ? o->epochs : 60;
	double *w = kz_xcalloc(dim, sizeof *w);
	double *alpha = kz_xcalloc(n, sizeof *alpha);
	double *qd = kz_xcalloc(n, sizeof *qd);
	size_t *perm = kz_xmalloc(n * sizeof *perm);
	double dii = 1.0 / (2.0 * c);
	/* up to 60 passes for each label: the vectors are weighed once, into
	 * 8 bytes a feature for as long as the fit runs */
	size_t *xo = kz_xmalloc((n + 1) * sizeof *xo), tot = 0;
	for (size_t i = 0; i < n; i++) {
		xo[i] = tot;
		tot += cls_set_len(s, idx[i]);
	}
	xo[n] = tot;
	struct kz_feat *xa = kz_xmalloc((tot ? tot : 1) * sizeof *xa);
	for (size_t i = 0; i < n; i++)
		(void)cls_set_get(s, idx[i], m->idf, xa + xo[i]);

	for (size_t i = 0; i < n; i++) {
		size_t fn = xo[i + 1] - xo[i];
		const struct kz_feat *x = xa + xo[i];
		double q = 1.0; /* the bias feature */
		for (size_t j = 0; j < fn; j++)
			q += (double)x[j].v * x[j].v;
		qd[i] = q + dii;
	}
	for (size_t k = 0; k < nl; k++) {
		uint64_t st = o->seed ^ (0x5851f42d4c957f2dULL * (k + 1));
		double b = 0;
		memset(w, 0, dim * sizeof *w);
		memset(alpha, 0, n * sizeof *alpha);
		for (size_t i = 0; i < n; i++)
			perm[i] = i;
		for (unsigned ep = 0; ep < epochs; ep++) {
			double pgmax = -HUGE_VAL, pgmin = HUGE_VAL;
			cls_shuffle(perm, n, &st);
			for (size_t pi = 0; pi < n; pi++) {
				size_t i = perm[pi], fn = xo[i + 1] - xo[i];
				const struct kz_feat *x = xa + xo[i];
				double y = s->y[idx[i]] == (int)k ? 1.0 : -1.0;
				double g = b;
				for (size_t j = 0; j < fn; j++) {
					if (j + CLS_PREFETCH < fn)
						cls_prefetch(w +
						    x[j + CLS_PREFETCH].idx);
					g += w[x[j].idx] * x[j].v;
				}
				g = y * g - 1.0 + alpha[i] * dii;
				double pg = alpha[i] == 0 && g > 0 ? 0 : g;
				if (pg > pgmax)
					pgmax = pg;
				if (pg < pgmin)
					pgmin = pg;
				if (fabs(pg) < 1e-12)
					continue;
				double old = alpha[i];
				alpha[i] = old - g / qd[i];
				if (alpha[i] < 0)
					alpha[i] = 0;
				double d = (alpha[i] - old) * y;
				for (size_t j = 0; j < fn; j++)
					w[x[j].idx] += d * x[j].v;
				b += d;
			}
			if (pgmax - pgmin < 0.05)
				break;
		}
		for (size_t j = 0; j < dim; j++)
			m->w[j * nl + k] = (float)w[j];
		m->bias[k] = (float)b;
	}
	free(w);
	free(alpha);
	free(qd);
	free(perm);
	free(xo);
	free(xa);
}

/* ---- multinomial logistic regression, SGD with L2 ---- */

static void
fit_logreg(struct kz_model *m, const struct cls_set *s, const size_t *idx,
    size_t n, const struct kz_train_opts *o)
{
	size_t dim = (size_t)1 << m->bits, nl = m->nl;
	double c = o->c > 0 ? o->c : 20.0;
	double lambda = 1.0 / (c * (double)n);
	/* SGD needs updates, not passes: 30 passes over a small set, fewer
	 * over a large one (about 200,000 updates, at least 3 passes) */
	unsigned epochs =
	    o->epochs ? o->epochs : (unsigned)(200000 / (n ? n : 1) + 1);
	if (o->epochs == 0 && epochs > 30)
		epochs = 30;
	if (o->epochs == 0 && epochs < 3)
		epochs = 3;
	double eta0 = 0.5, scale = 1.0, t = 0;
	/* rows of nl weights padded to whole 64-byte lines (ws doubles),
	 * so that reading a row misses the cache once, not twice */
	size_t ws = (nl + 7) & ~(size_t)7;
	double *wraw = kz_xcalloc(dim * ws + 8, sizeof *wraw);
	double *w = wraw + (64 - (uintptr_t)wraw % 64) % 64 / sizeof *w;
	double b[KZ_CLS_LABELS_MAX] = {0}, z[KZ_CLS_LABELS_MAX];
	size_t *perm = kz_xmalloc(n * sizeof *perm);
	struct kz_feat *xb = kz_xmalloc((s->maxn ? s->maxn : 1) * sizeof *xb);
	uint64_t st = o->seed;

	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	for (unsigned ep = 0; ep < epochs; ep++) {
		cls_shuffle(perm, n, &st);
		for (size_t pi = 0; pi < n; pi++) {
			size_t i = perm[pi], fn;
			const struct kz_feat *x = xb;
			fn = cls_set_get(s, idx[i], m->idf, xb);
			double eta = eta0 / (1.0 + eta0 * lambda * t);
			double zmax = -HUGE_VAL, sum = 0;
			t += 1;
			for (size_t k = 0; k < nl; k++)
				z[k] = 0;
			for (size_t j = 0; j < fn; j++) {
				const double *wj = w + (size_t)x[j].idx * ws;
				if (j + CLS_PREFETCH < fn)
					cls_prefetch(w +
					    (size_t)x[j + CLS_PREFETCH].idx *
					        ws);
				for (size_t k = 0; k < nl; k++)
					z[k] += wj[k] * x[j].v;
			}
			for (size_t k = 0; k < nl; k++) {
				z[k] = z[k] * scale + b[k];
				if (z[k] > zmax)
					zmax = z[k];
			}
			for (size_t k = 0; k < nl; k++) {
				z[k] = exp(z[k] - zmax);
				sum += z[k];
			}
			scale *= 1.0 - eta * lambda;
			if (scale < 1e-9) {
				for (size_t j = 0; j < dim * ws; j++)
					w[j] *= scale;
				scale = 1.0;
			}
			for (size_t k = 0; k < nl; k++) {
				double g = z[k] / sum -
				    (s->y[idx[i]] == (int)k ? 1.0 : 0.0);
				z[k] = -eta * g / scale;
				b[k] -= eta * g;
			}
			for (size_t j = 0; j < fn; j++) {
				double *wj = w + (size_t)x[j].idx * ws;
				for (size_t k = 0; k < nl; k++)
					wj[k] += z[k] * x[j].v;
			}
		}
	}
	for (size_t j = 0; j < dim; j++)
		for (size_t k = 0; k < nl; k++)
			m->w[j * nl + k] = (float)(w[j * ws + k] * scale);
	for (size_t k = 0; k < nl; k++)
		m->bias[k] = (float)b[k];
	free(wraw);
	free(perm);
	free(xb);
}

static void
fit_idx(struct kz_model *m, const struct cls_set *s, const size_t *idx,
    size_t n, const struct kz_train_opts *o)
{
	if (m->algo == KZ_ALGO_SVM)
		fit_svm(m, s, idx, n, o);
	else
		fit_logreg(m, s, idx, n, o);
}

void
cls_fit(
    struct kz_model *m, const struct cls_set *s, const struct kz_train_opts *o)
{
	size_t *idx = kz_xmalloc((s->n ? s->n : 1) * sizeof *idx);
	for (size_t i = 0; i < s->n; i++)
		idx[i] = i;
	fit_idx(m, s, idx, s->n, o);
	free(idx);
}

void
cls_platt_fit(const double *f, const int *t, size_t n, float *pa, float *pb)
{
	double n1 = 0, n0 = 0, a = 0, b, hi, lo;
	for (size_t i = 0; i < n; i++)
		t[i] ? n1++ : n0++;
	hi = (n1 + 1) / (n1 + 2);
	lo = 1 / (n0 + 2);
	b = log((n1 + 1) / (n0 + 1));
	for (int it = 0; it < 100; it++) {
		double ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
		for (size_t i = 0; i < n; i++) {
			double p = sigmoid(a * f[i] + b);
			double y = t[i] ? hi : lo;
			double d = p - y, h = p * (1 - p);
			ga += d * f[i];
			gb += d;
			haa += h * f[i] * f[i];
			hab += h * f[i];
			hbb += h;
		}
		if (fabs(ga) < 1e-6 && fabs(gb) < 1e-6)
			break;
		double det = haa * hbb - hab * hab;
		if (det <= 0)
			break;
		double da = (hbb * ga - hab * gb) / det;
		double db = (haa * gb - hab * ga) / det;
		/* backtracking on the log loss */
		double cur = 0, step = 1;
		for (size_t i = 0; i < n; i++) {
			double p = sigmoid(a * f[i] + b);
			double y = t[i] ? hi : lo;
			cur -=
			    y * log(p + 1e-15) + (1 - y) * log(1 - p + 1e-15);
		}
		for (; step > 1e-6; step /= 2) {
			double na = a - step * da, nb = b - step * db, nl = 0;
			for (size_t i = 0; i < n; i++) {
				double p = sigmoid(na * f[i] + nb);
				double y = t[i] ? hi : lo;
				nl -= y * log(p + 1e-15) +
				    (1 - y) * log(1 - p + 1e-15);
			}
			if (nl < cur + 1e-12) {
				a = na;
				b = nb;
				break;
			}
		}
		if (step <= 1e-6)
			break;
	}
	if (!isfinite(a) || !isfinite(b) || a <= 0) {
		a = 1;
		b = 0;
	}
	*pa = (float)a;
	*pb = (float)b;
}

void
cls_train_set(
    struct kz_model *m, const struct cls_set *s, const struct kz_train_opts *o)
{
	size_t n = s->n, nl = m->nl;
	size_t *idx = kz_xmalloc((n ? n : 1) * sizeof *idx);
	uint64_t st = o->seed * 0x2545f4914f6cdd1dULL + 7;

	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	if (o->calibrate && n >= 50) {
		size_t nh = n / 5, nt = n - nh;
		double *f = kz_xmalloc(nh * sizeof *f);
		double *mg = kz_xmalloc(nh * nl * sizeof *mg);
		int *t = kz_xmalloc(nh * sizeof *t);
		struct kz_feat *xb =
		    kz_xmalloc((s->maxn ? s->maxn : 1) * sizeof *xb);
		cls_shuffle(idx, n, &st);
		fit_idx(m, s, idx, nt, o);
		for (size_t i = 0; i < nh; i++) {
			size_t fn;
			const struct kz_feat *x = xb;
			fn = cls_set_get(s, idx[nt + i], m->idf, xb);
			cls_margins(m, x, fn, mg + i * nl);
		}
		for (size_t k = 0; k < nl; k++) {
			for (size_t i = 0; i < nh; i++) {
				f[i] = mg[i * nl + k];
				t[i] = s->y[idx[nt + i]] == (int)k;
			}
			cls_platt_fit(f, t, nh, &m->pa[k], &m->pb[k]);
		}
		for (size_t i = 0; i < nh; i++) {
			f[i] = rel_margin(m, mg + i * nl);
			t[i] = s->y[idx[nt + i]] != (int)(nl - 1);
		}
		cls_platt_fit(f, t, nh, &m->ra, &m->rb);
		free(f);
		free(mg);
		free(t);
		free(xb);
		/* a large set keeps the model fit on its 80%; a small one is
		 * fit again on everything (the calibration carries over) */
		if (n >= 20000) {
			free(idx);
			return;
		}
		for (size_t i = 0; i < n; i++)
			idx[i] = i;
		memset(m->w, 0, ((size_t)1 << m->bits) * nl * sizeof *m->w);
	}
	fit_idx(m, s, idx, n, o);
	free(idx);
}
