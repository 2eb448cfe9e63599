/*
 * Hashed features of an item: word unigrams and bigrams over stems,
 * character 2..5-grams within word boundaries, the language and the
 * lexicon's hits.  Signed hashing into 2^bits buckets, sublinear tf, idf
 * and L2 normalization per block.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classify/cls_int.h"
#include "kuzet/nlp.h"

struct ent {
	uint32_t idx;
	float s;
	uint32_t orig;
};

#define TERM_SLOTS 4096u
#define TERMS_CAP 2048u
#define NO_TERM UINT32_MAX

struct term {
	uint64_t key;
	double contrib;
	char text[KZ_CLS_TERM_BYTES];
};

struct kz_cls_ctx {
	struct kz_stemmer *st;
	unsigned bits;
	float *acc;
	uint32_t *cnt;
	uint32_t *touched;
	size_t ntouched, captouched;
	struct ent *ent[CLS_NB];
	size_t nent[CLS_NB], capent[CLS_NB];
	/* explain */
	int explain;
	struct term *terms;
	size_t nterms;
	uint32_t *slot;
	/* per-item token state */
	uint32_t mask;
	float weight;
	enum kz_lang lang;
	char prev[KZ_TOKEN_MAX_BYTES + 8];
	size_t prevn;
	uint32_t prev_term;
	char prev_word[KZ_CLS_TERM_BYTES];
	struct cls_set doc;
};

struct kz_cls_ctx *
kz_cls_ctx_new(void)
{
	struct kz_cls_ctx *c = kz_xcalloc(1, sizeof *c);
	c->st = kz_stemmer_new();
	c->terms = kz_xcalloc(TERMS_CAP, sizeof *c->terms);
	c->slot = kz_xcalloc(TERM_SLOTS, sizeof *c->slot);
	cls_set_init(&c->doc);
	return c;
}

void
kz_cls_ctx_free(struct kz_cls_ctx *c)
{
	if (c == NULL)
		return;
	kz_stemmer_free(c->st);
	free(c->acc);
	free(c->cnt);
	free(c->touched);
	for (int b = 0; b < CLS_NB; b++)
		free(c->ent[b]);
	free(c->terms);
	free(c->slot);
	cls_set_fini(&c->doc);
	free(c);
}

/* ---- hashing ---- */

#define FNV_OFF 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t
fnv(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= FNV_PRIME;
	}
	return h;
}

static uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static void
push(struct kz_cls_ctx *c, int block, uint64_t h, float w, uint32_t orig)
{
	struct ent *e;
	h = mix(h);
	if (c->nent[block] == c->capent[block]) {
		c->capent[block] =
		    c->capent[block] ? c->capent[block] * 2 : 1024;
		c->ent[block] = kz_xreallocarray(
		    c->ent[block], c->capent[block], sizeof *c->ent[block]);
	}
	e = &c->ent[block][c->nent[block]++];
	e->idx = (uint32_t)h & c->mask;
	e->s = (h >> 63) ? -w : w;
	e->orig = orig;
}

/* The explain table: the term keyed by h, created with display text. */
static uint32_t
term_of(struct kz_cls_ctx *c, uint64_t h, const char *disp, size_t n)
{
	uint32_t i = (uint32_t)mix(h) & (TERM_SLOTS - 1);
	for (;;) {
		uint32_t t = c->slot[i];
		if (t == 0)
			break;
		if (c->terms[t - 1].key == h)
			return t - 1;
		i = (i + 1) & (TERM_SLOTS - 1);
	}
	if (c->nterms >= TERMS_CAP)
		return NO_TERM;
	struct term *t = &c->terms[c->nterms];
	t->key = h;
	t->contrib = 0;
	if (n >= sizeof t->text)
		n = sizeof t->text - 1;
	/* do not cut a UTF-8 sequence */
	while (n > 0 && ((unsigned char)disp[n] & 0xC0) == 0x80)
		n--;
	memcpy(t->text, disp, n);
	t->text[n] = '\0';
	c->slot[i] = (uint32_t)++c->nterms;
	return (uint32_t)(c->nterms - 1);
}

/* Character 2..5-grams of " w " (code points). */
static void
char_grams(struct kz_cls_ctx *c, const char *w, size_t n, uint32_t orig)
{
	size_t pos[KZ_TOKEN_MAX_BYTES + 4], np = 0;
	char buf[KZ_TOKEN_MAX_BYTES + 4];
	size_t len = 0;

	if (n > KZ_TOKEN_MAX_BYTES)
		n = KZ_TOKEN_MAX_BYTES;
	buf[len++] = ' ';
	memcpy(buf + len, w, n);
	len += n;
	buf[len++] = ' ';
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t l = kz_utf8_decode(buf + i, len - i, &cp);
		pos[np++] = i;
		i += l ? l : 1;
	}
	pos[np] = len;
	for (size_t i = 0; i + 2 <= np; i++) {
		uint64_t h = fnv(FNV_OFF, "c", 1);
		h = fnv(h, buf + pos[i], pos[i + 1] - pos[i]);
		for (size_t k = 2; k <= 5 && i + k <= np; k++) {
			h = fnv(h, buf + pos[i + k - 1],
			    pos[i + k] - pos[i + k - 1]);
			push(c, CLS_B_CHAR, h, c->weight, orig);
		}
	}
}

static kz_rc
on_token(void *ctx, const struct kz_token *t)
{
	struct kz_cls_ctx *c = ctx;
	char stem[KZ_TOKEN_MAX_BYTES + 8];
	size_t sn;
	uint64_t h;
	uint32_t orig = NO_TERM;

	if (t->kind != KZ_TOK_WORD) {
		/* numbers, URLs, handles, hashtags: one unigram each; numbers
		 * only by their length class */
		h = fnv(FNV_OFF, "x", 1);
		if (t->kind == KZ_TOK_NUMBER) {
			char k = (char)('0' + (t->n > 9 ? 9 : t->n));
			h = fnv(h, &k, 1);
		} else {
			h = fnv(h, t->p, t->n);
		}
		if (c->explain && t->kind != KZ_TOK_NUMBER)
			orig = term_of(c, h, t->p, t->n);
		push(c, CLS_B_WORD, h, c->weight, orig);
		c->prevn = 0;
		return KZ_OK;
	}
	sn = kz_stem(c->st, c->lang, t->p, t->n, stem, sizeof stem);
	if (sn == 0 || sn >= sizeof stem) {
		sn = t->n < sizeof stem - 1 ? t->n : sizeof stem - 1;
		memcpy(stem, t->p, sn);
	}
	h = fnv(fnv(FNV_OFF, "w", 1), stem, sn);
	if (c->explain)
		orig = term_of(c, h, t->p, t->n);
	push(c, CLS_B_WORD, h, c->weight, orig);
	if (c->prevn > 0) {
		uint32_t bo = NO_TERM;
		uint64_t bh = fnv(FNV_OFF, "b", 1);
		bh = fnv(bh, c->prev, c->prevn);
		bh = fnv(bh, " ", 1);
		bh = fnv(bh, stem, sn);
		if (c->explain) {
			char d[2 * KZ_CLS_TERM_BYTES + 2];
			size_t a = strlen(c->prev_word);
			size_t b =
			    t->n < KZ_CLS_TERM_BYTES ? t->n : KZ_CLS_TERM_BYTES;
			memcpy(d, c->prev_word, a);
			d[a] = ' ';
			memcpy(d + a + 1, t->p, b);
			bo = term_of(c, bh, d, a + 1 + b);
		}
		push(c, CLS_B_WORD, bh, c->weight, bo);
	}
	memcpy(c->prev, stem, sn);
	c->prevn = sn;
	if (c->explain) {
		size_t n =
		    t->n < KZ_CLS_TERM_BYTES - 1 ? t->n : KZ_CLS_TERM_BYTES - 1;
		while (n > 0 && ((unsigned char)t->p[n] & 0xC0) == 0x80)
			n--;
		memcpy(c->prev_word, t->p, n);
		c->prev_word[n] = '\0';
	}
	char_grams(c, t->p, t->n, orig);
	int sec = kz_lexicon_match(t->p, t->n);
	if (sec >= 0) {
		char k = (char)('0' + sec);
		h = fnv(fnv(FNV_OFF, "l", 1), &k, 1);
		push(c, CLS_B_EXTRA, h, 1.0f, orig);
	}
	return KZ_OK;
}

static void
ensure_bits(struct kz_cls_ctx *c, unsigned bits)
{
	if (c->bits == bits && c->acc != NULL)
		return;
	free(c->acc);
	free(c->cnt);
	c->acc = kz_xcalloc((size_t)1 << bits, sizeof *c->acc);
	c->cnt = kz_xcalloc((size_t)1 << bits, sizeof *c->cnt);
	c->bits = bits;
}

static void
tokenize(struct kz_cls_ctx *c, const char *s, size_t *budget)
{
	size_t n;
	if (s == NULL || *budget == 0)
		return;
	n = strlen(s);
	if (n > *budget)
		n = *budget;
	*budget -= n;
	c->prevn = 0;
	(void)kz_tokenize(s, n, on_token, c);
}

void
cls_featurize(struct kz_cls_ctx *c, unsigned bits, const char *title,
    const char *text, int lang, struct cls_set *s, int y)
{
	size_t budget = KZ_CLS_TEXT_MAX_BYTES;
	size_t b[CLS_NB], total = 0;
	uint64_t h;

	ensure_bits(c, bits);
	c->mask = (uint32_t)(((uint64_t)1 << bits) - 1);
	for (int k = 0; k < CLS_NB; k++)
		c->nent[k] = 0;
	if (c->explain) {
		memset(c->slot, 0, TERM_SLOTS * sizeof *c->slot);
		c->nterms = 0;
	}
	if (lang < 0 || lang >= KZ_LANG_COUNT) {
		size_t tn = title ? strlen(title) : 0;
		size_t xn = text ? strlen(text) : 0;
		if (xn > 4096)
			xn = 4096;
		/* the text decides; a title alone when there is no text */
		lang = xn > 0
		    ? (int)kz_lang_detect(text, xn, NULL)
		    : (int)kz_lang_detect(title ? title : "", tn, NULL);
	}
	c->lang = (enum kz_lang)lang;
	c->weight = 2.0f; /* the title counts twice */
	tokenize(c, title, &budget);
	c->weight = 1.0f;
	tokenize(c, text, &budget);
	h = fnv(fnv(FNV_OFF, "L", 1), kz_lang_code(c->lang), 2);
	push(c, CLS_B_EXTRA, h, 1.0f, NO_TERM);

	/* merge each block's entries into buckets; sublinear tf */
	cls_set_reserve(s, c->nent[0] + c->nent[1] + c->nent[2]);
	size_t base = s->nf;
	for (int k = 0; k < CLS_NB; k++) {
		b[k] = total;
		c->ntouched = 0;
		if (c->captouched < c->nent[k]) {
			c->captouched = c->nent[k];
			c->touched = kz_xreallocarray(
			    c->touched, c->captouched, sizeof *c->touched);
		}
		for (size_t i = 0; i < c->nent[k]; i++) {
			const struct ent *e = &c->ent[k][i];
			if (c->cnt[e->idx] == 0)
				c->touched[c->ntouched++] = e->idx;
			c->cnt[e->idx]++;
			c->acc[e->idx] += e->s;
		}
		for (size_t i = 0; i < c->ntouched; i++) {
			uint32_t idx = c->touched[i];
			float v = c->acc[idx];
			c->acc[idx] = 0;
			c->cnt[idx] = 0;
			if (v == 0)
				continue;
			float a = fabsf(v);
			a = a <= 1.0f ? a : 1.0f + logf(a);
			s->f[base + total].idx = idx;
			s->f[base + total].v = v < 0 ? -a : a;
			total++;
		}
	}
	s->nf = base + total;
	for (int k = 0; k < CLS_NB; k++)
		s->off[s->n * CLS_NB + (size_t)k] = base + b[k];
	s->y[s->n] = y;
	s->n++;
	s->off[s->n * CLS_NB] = s->nf;
}

void
cls_finalize(struct cls_set *s, size_t i, const float *idf)
{
	for (int k = 0; k < CLS_NB; k++) {
		size_t a = s->off[i * CLS_NB + (size_t)k];
		size_t z = s->off[i * CLS_NB + (size_t)k + 1];
		double norm = 0, scale;
		for (size_t j = a; j < z; j++) {
			if (idf != NULL && k != CLS_B_EXTRA)
				s->f[j].v *= idf[s->f[j].idx];
			norm += (double)s->f[j].v * s->f[j].v;
		}
		if (norm <= 0)
			continue;
		scale = 1.0 / sqrt(norm);
		if (k == CLS_B_EXTRA)
			scale *= 0.5;
		else
			scale *= 0.70710678;
		for (size_t j = a; j < z; j++)
			s->f[j].v = (float)(s->f[j].v * scale);
	}
}

/* ---- classification ---- */

static int
term_cmp(const void *a, const void *b)
{
	const struct term *x = a, *y = b;
	if (x->contrib != y->contrib)
		return x->contrib < y->contrib ? 1 : -1;
	return strcmp(x->text, y->text);
}

void
kz_model_classify(const struct kz_model *m, struct kz_cls_ctx *c,
    const char *title, const char *text, int lang, int explain,
    struct kz_cls_result *out)
{
	const struct kz_feat *x;
	size_t n;

	memset(out, 0, sizeof *out);
	c->explain = explain;
	cls_set_reset(&c->doc);
	cls_featurize(c, m->bits, title, text, lang, &c->doc, -1);
	cls_finalize(&c->doc, 0, m->idf);
	x = cls_set_vec(&c->doc, 0, &n);
	cls_margins(m, x, n, out->margin);
	cls_decide(m, out->margin, out);
	out->lang = (int)c->lang;
	if (!explain)
		return;

	/* contribution of each word to label's margin over the runner-up */
	size_t k = out->label, r = k == 0 ? 1 : 0;
	for (size_t i = 0; i < m->nl; i++)
		if (i != k && out->margin[i] > out->margin[r])
			r = i;
	for (size_t i = 0; i < n; i++)
		c->acc[x[i].idx] += x[i].v *
		    (m->w[(size_t)x[i].idx * m->nl + k] -
		        m->w[(size_t)x[i].idx * m->nl + r]);
	for (int b = 0; b < CLS_NB; b++)
		for (size_t i = 0; i < c->nent[b]; i++)
			c->cnt[c->ent[b][i].idx]++;
	for (int b = 0; b < CLS_NB; b++)
		for (size_t i = 0; i < c->nent[b]; i++) {
			const struct ent *e = &c->ent[b][i];
			if (e->orig != NO_TERM)
				c->terms[e->orig].contrib +=
				    c->acc[e->idx] / (double)c->cnt[e->idx];
		}
	for (size_t i = 0; i < n; i++)
		c->acc[x[i].idx] = 0;
	for (int b = 0; b < CLS_NB; b++)
		for (size_t i = 0; i < c->nent[b]; i++)
			c->cnt[c->ent[b][i].idx] = 0;
	qsort(c->terms, c->nterms, sizeof *c->terms, term_cmp);
	for (size_t i = 0; i < c->nterms && out->nterms < KZ_CLS_TERMS_MAX;
	     i++) {
		if (c->terms[i].contrib <= 0)
			break;
		memcpy(out->terms[out->nterms].text, c->terms[i].text,
		    sizeof c->terms[i].text);
		out->terms[out->nterms].weight = c->terms[i].contrib;
		out->nterms++;
	}
	c->explain = 0;
}
