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
	uint32_t d; /* after merging: the document bucket it fell into */
};

#define TERM_SLOTS 4096u
#define TERMS_CAP 2048u
#define NO_TERM UINT32_MAX

struct term {
	uint64_t key;
	double contrib;
	char text[KZ_CLS_TERM_BYTES];
};

/*
 * The word cache: what a word contributes apart from its neighbours (its
 * stem, the bucket and sign of its unigram, its character n-grams' buckets
 * and signs, its lexicon section) computed once per distinct word and
 * language and then copied.  Stemming and hashing n-grams were most of the
 * time of featurizing; a news text repeats most of its words, and a stream
 * of texts even more.  Bounded: when a limit below is reached the cache is
 * emptied and fills again.
 */
#define WC_SLOTS (1u << 16)
#define WC_ENTRIES_MAX (1u << 15)
#define WC_BYTES_MAX (1u << 20)
#define WC_GRAMS_MAX (1u << 19)

struct wc_ent {
	uint64_t key;
	uint64_t hw; /* the unigram's hash before mixing: explain's key */
	uint64_t bpre; /* FNV state after "b" stem " ": a bigram's start */
	uint32_t off; /* bytes: the word, then its stem */
	uint32_t goff; /* grams: ngram packed buckets */
	uint32_t wpk; /* the unigram's packed bucket */
	uint16_t n, sn, ngram;
	int8_t lex; /* lexicon section or -1 */
	uint8_t lang;
};

struct kz_cls_ctx {
	struct kz_stemmer *st;
	unsigned bits;
	/* a small map from a bucket to a number: slots of bucket << 32 |
	 * (number + 1), 0 empty */
	uint64_t *map;
	size_t mcap;
	unsigned mshift;
	/* a document's buckets, block after block: bucket, sum, entries,
	 * position among the vector's features (or NO_FEAT) */
	uint32_t *di;
	float *dacc;
	uint32_t *dcnt;
	uint32_t *dx;
	size_t nd, capd;
	/* explain scratch per bucket: its group of equal buckets across
	 * blocks, the group's sum and entries, the bucket's share */
	uint32_t *grp;
	float *gacc;
	uint32_t *gcnt;
	double *share;
	struct ent *ent[CLS_NB];
	size_t nent[CLS_NB], capent[CLS_NB];
	/* word cache */
	uint32_t *wc_slot;
	struct wc_ent *wc;
	size_t nwc;
	char *wc_bytes;
	size_t nwc_bytes;
	uint32_t *wc_grams;
	size_t nwc_grams;
	/* explain */
	int explain;
	struct term *terms;
	size_t nterms;
	uint32_t *slot;
	/* per-item token state */
	uint32_t mask;
	float weight;
	enum kz_lang lang;
	uint64_t prev_bpre;
	int has_prev;
	char prev_word[KZ_CLS_TERM_BYTES];
	struct cls_set doc;
	struct kz_feat *x; /* doc's vector, weighted */
	size_t capx;
};

struct kz_cls_ctx *
kz_cls_ctx_new(void)
{
	struct kz_cls_ctx *c = kz_xcalloc(1, sizeof *c);
	c->st = kz_stemmer_new();
	c->terms = kz_xcalloc(TERMS_CAP, sizeof *c->terms);
	c->slot = kz_xcalloc(TERM_SLOTS, sizeof *c->slot);
	c->wc_slot = kz_xcalloc(WC_SLOTS, sizeof *c->wc_slot);
	c->wc = kz_xmalloc(WC_ENTRIES_MAX * sizeof *c->wc);
	c->wc_bytes = kz_xmalloc(WC_BYTES_MAX);
	c->wc_grams = kz_xmalloc(WC_GRAMS_MAX * sizeof *c->wc_grams);
	cls_set_init(&c->doc, KZ_CLS_HASH_BITS_DEFAULT);
	return c;
}

void
kz_cls_ctx_free(struct kz_cls_ctx *c)
{
	if (c == NULL)
		return;
	kz_stemmer_free(c->st);
	free(c->map);
	free(c->di);
	free(c->dacc);
	free(c->dcnt);
	free(c->dx);
	free(c->grp);
	free(c->gacc);
	free(c->gcnt);
	free(c->share);
	for (int b = 0; b < CLS_NB; b++)
		free(c->ent[b]);
	free(c->terms);
	free(c->slot);
	free(c->wc_slot);
	free(c->wc);
	free(c->wc_bytes);
	free(c->wc_grams);
	cls_set_fini(&c->doc);
	free(c->x);
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

/* A hash's bucket in the low bits and its sign in bit 31. */
static uint32_t
pack(const struct kz_cls_ctx *c, uint64_t h)
{
	h = mix(h);
	return ((uint32_t)h & c->mask) | ((uint32_t)(h >> 63) << 31);
}

static void
room(struct kz_cls_ctx *c, int block, size_t more)
{
	if (c->nent[block] + more <= c->capent[block])
		return;
	size_t cap = c->capent[block] ? c->capent[block] : 1024;
	while (cap < c->nent[block] + more)
		cap *= 2;
	c->ent[block] =
	    kz_xreallocarray(c->ent[block], cap, sizeof *c->ent[block]);
	c->capent[block] = cap;
}

static void
push_pk(struct kz_cls_ctx *c, int block, uint32_t pk, float w, uint32_t orig)
{
	struct ent *e;
	room(c, block, 1);
	e = &c->ent[block][c->nent[block]++];
	e->idx = pk & 0x7fffffffu;
	e->s = (pk >> 31) ? -w : w;
	e->orig = orig;
}

static void
push(struct kz_cls_ctx *c, int block, uint64_t h, float w, uint32_t orig)
{
	push_pk(c, block, pack(c, h), w, orig);
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
	if (n >= sizeof t->text) {
		/* cut, but not inside a UTF-8 sequence (disp[n] is the first
		 * byte left out; the bytes past disp[0..n) are not read) */
		n = sizeof t->text - 1;
		while (n > 0 && ((unsigned char)disp[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(t->text, disp, n);
	t->text[n] = '\0';
	c->slot[i] = (uint32_t)++c->nterms;
	return (uint32_t)(c->nterms - 1);
}

/* Character 2..5-grams of " w " (code points) as packed buckets into
 * out (room for 4 * (n + 2)); returns how many. */
static size_t
char_grams(const struct kz_cls_ctx *c, const char *w, size_t n, uint32_t *out)
{
	size_t pos[KZ_TOKEN_MAX_BYTES + 4], np = 0, k = 0;
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
		for (size_t g = 2; g <= 5 && i + g <= np; g++) {
			h = fnv(h, buf + pos[i + g - 1],
			    pos[i + g] - pos[i + g - 1]);
			out[k++] = pack(c, h);
		}
	}
	return k;
}

static void
wc_reset(struct kz_cls_ctx *c)
{
	memset(c->wc_slot, 0, WC_SLOTS * sizeof *c->wc_slot);
	c->nwc = 0;
	c->nwc_bytes = 0;
	c->nwc_grams = 0;
}

static uint64_t
wc_key(const char *p, size_t n, int lang)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)lang << 56) ^ n;
	while (n >= 8) {
		uint64_t v;
		memcpy(&v, p, 8);
		h = (h ^ v) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
		p += 8;
		n -= 8;
	}
	if (n > 0) {
		uint64_t v = 0;
		memcpy(&v, p, n);
		h = (h ^ v) * 0xff51afd7ed558ccdULL;
	}
	return mix(h);
}

/* The cache entry of word t in the current language, made if new. */
static const struct wc_ent *
word_of(struct kz_cls_ctx *c, const struct kz_token *t)
{
	char stem[KZ_TOKEN_MAX_BYTES + 8];
	size_t n = t->n, sn;
	uint64_t key = wc_key(t->p, n, (int)c->lang);
	uint32_t i = (uint32_t)key & (WC_SLOTS - 1);
	struct wc_ent *e;

	for (;;) {
		uint32_t s = c->wc_slot[i];
		if (s == 0)
			break;
		e = &c->wc[s - 1];
		if (e->key == key && e->n == n && e->lang == (uint8_t)c->lang &&
		    memcmp(c->wc_bytes + e->off, t->p, n) == 0)
			return e;
		i = (i + 1) & (WC_SLOTS - 1);
	}
	sn = kz_stem(c->st, c->lang, t->p, n, stem, sizeof stem);
	if (sn == 0 || sn >= sizeof stem) {
		sn = n < sizeof stem - 1 ? n : sizeof stem - 1;
		memcpy(stem, t->p, sn);
	}
	if (c->nwc == WC_ENTRIES_MAX || c->nwc_bytes + n + sn > WC_BYTES_MAX ||
	    c->nwc_grams + 4 * (KZ_TOKEN_MAX_BYTES + 2) > WC_GRAMS_MAX) {
		wc_reset(c);
		i = (uint32_t)key & (WC_SLOTS - 1);
	}
	e = &c->wc[c->nwc];
	e->key = key;
	e->lang = (uint8_t)c->lang;
	e->n = (uint16_t)n;
	e->sn = (uint16_t)sn;
	e->off = (uint32_t)c->nwc_bytes;
	memcpy(c->wc_bytes + c->nwc_bytes, t->p, n);
	memcpy(c->wc_bytes + c->nwc_bytes + n, stem, sn);
	c->nwc_bytes += n + sn;
	e->hw = fnv(fnv(FNV_OFF, "w", 1), stem, sn);
	e->wpk = pack(c, e->hw);
	e->bpre = fnv(fnv(fnv(FNV_OFF, "b", 1), stem, sn), " ", 1);
	e->goff = (uint32_t)c->nwc_grams;
	e->ngram = (uint16_t)char_grams(c, t->p, n, c->wc_grams + c->nwc_grams);
	c->nwc_grams += e->ngram;
	e->lex = (int8_t)kz_lexicon_match(t->p, n);
	c->wc_slot[i] = (uint32_t)++c->nwc;
	return e;
}

static kz_rc
on_token(void *ctx, const struct kz_token *t)
{
	struct kz_cls_ctx *c = ctx;
	const struct wc_ent *e;
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
		c->has_prev = 0;
		return KZ_OK;
	}
	e = word_of(c, t);
	if (c->explain)
		orig = term_of(c, e->hw, t->p, t->n);
	push_pk(c, CLS_B_WORD, e->wpk, c->weight, orig);
	if (c->has_prev) {
		uint32_t bo = NO_TERM;
		uint64_t bh =
		    fnv(c->prev_bpre, c->wc_bytes + e->off + e->n, e->sn);
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
	c->prev_bpre = e->bpre;
	c->has_prev = 1;
	if (c->explain) {
		size_t n =
		    t->n < KZ_CLS_TERM_BYTES - 1 ? t->n : KZ_CLS_TERM_BYTES - 1;
		while (n > 0 && ((unsigned char)t->p[n] & 0xC0) == 0x80)
			n--;
		memcpy(c->prev_word, t->p, n);
		c->prev_word[n] = '\0';
	}
	{
		const uint32_t *g = c->wc_grams + e->goff;
		float w = c->weight;
		struct ent *out;
		room(c, CLS_B_CHAR, e->ngram);
		out = c->ent[CLS_B_CHAR] + c->nent[CLS_B_CHAR];
		for (size_t i = 0; i < e->ngram; i++) {
			out[i].idx = g[i] & 0x7fffffffu;
			out[i].s = (g[i] >> 31) ? -w : w;
			out[i].orig = orig;
		}
		c->nent[CLS_B_CHAR] += e->ngram;
	}
	if (e->lex >= 0) {
		char k = (char)('0' + e->lex);
		h = fnv(fnv(FNV_OFF, "l", 1), &k, 1);
		push(c, CLS_B_EXTRA, h, 1.0f, orig);
	}
	return KZ_OK;
}

static void
ensure_bits(struct kz_cls_ctx *c, unsigned bits)
{
	if (c->bits == bits)
		return;
	c->bits = bits;
	c->mask = (uint32_t)(((uint64_t)1 << bits) - 1);
	wc_reset(c); /* its buckets were for the old size */
}

#define NO_FEAT UINT32_MAX

/* Empty the map, with room for n buckets. */
static void
map_clear(struct kz_cls_ctx *c, size_t n)
{
	size_t cap = 64;
	unsigned lg = 6;
	while (cap < 2 * n) {
		cap *= 2;
		lg++;
	}
	if (cap > c->mcap) {
		free(c->map);
		c->map = kz_xmalloc(cap * sizeof *c->map);
		c->mcap = cap;
	}
	/* the map uses its first cap slots */
	c->mshift = 32 - lg;
	memset(c->map, 0, cap * sizeof *c->map);
}

/* The number of bucket idx in the map; when it is not there, it gets v
 * (at most the n buckets map_clear made room for). */
static uint32_t
map_get(struct kz_cls_ctx *c, uint32_t idx, uint32_t v)
{
	uint32_t m = ((uint32_t)1 << (32 - c->mshift)) - 1;
	uint32_t i = (idx * 0x9e3779b1u) >> c->mshift;
	for (;;) {
		uint64_t e = c->map[i];
		if (e == 0)
			break;
		if ((uint32_t)(e >> 32) == idx)
			return (uint32_t)e - 1;
		i = (i + 1) & m;
	}
	c->map[i] = (uint64_t)idx << 32 | (uint64_t)(v + 1);
	return v;
}

/* Room for n document buckets. */
static void
doc_room(struct kz_cls_ctx *c, size_t n)
{
	if (n <= c->capd)
		return;
	c->capd = n;
	c->di = kz_xreallocarray(c->di, n, sizeof *c->di);
	c->dacc = kz_xreallocarray(c->dacc, n, sizeof *c->dacc);
	c->dcnt = kz_xreallocarray(c->dcnt, n, sizeof *c->dcnt);
	c->dx = kz_xreallocarray(c->dx, n, sizeof *c->dx);
	c->grp = kz_xreallocarray(c->grp, n, sizeof *c->grp);
	c->gacc = kz_xreallocarray(c->gacc, n, sizeof *c->gacc);
	c->gcnt = kz_xreallocarray(c->gcnt, n, sizeof *c->gcnt);
	c->share = kz_xreallocarray(c->share, n, sizeof *c->share);
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
	c->has_prev = 0;
	(void)kz_tokenize(s, n, on_token, c);
}

void
cls_featurize(struct kz_cls_ctx *c, unsigned bits, const char *title,
    const char *text, int lang, struct cls_set *s, int y, uint32_t *df)
{
	size_t budget = KZ_CLS_TEXT_MAX_BYTES;
	size_t b[CLS_NB], total = 0;
	uint64_t h;

	ensure_bits(c, bits);
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
	doc_room(c, c->nent[0] + c->nent[1] + c->nent[2]);
	size_t base = s->nf;
	c->nd = 0;
	for (int k = 0; k < CLS_NB; k++) {
		size_t d0 = c->nd;
		b[k] = total;
		map_clear(c, c->nent[k]);
		for (size_t i = 0; i < c->nent[k]; i++) {
			struct ent *e = &c->ent[k][i];
			uint32_t d = map_get(c, e->idx, (uint32_t)c->nd);
			if (d == c->nd) {
				/* its document frequency is counted below:
				 * ask for the line now */
				if (df != NULL)
					cls_prefetch(df + e->idx);
				c->nd++;
				c->di[d] = e->idx;
				c->dacc[d] = 0;
				c->dcnt[d] = 0;
			}
			c->dacc[d] += e->s;
			c->dcnt[d]++;
			e->d = d;
		}
		for (size_t d = d0; d < c->nd; d++) {
			float v = c->dacc[d];
			if (v == 0) {
				c->dx[d] = NO_FEAT;
				continue;
			}
			if (df != NULL && k != CLS_B_EXTRA)
				df[c->di[d]]++;
			c->dx[d] = (uint32_t)total;
			s->f[base + total] = cls_set_pack(s, c->di[d], v);
			total++;
		}
	}
	s->nf = base + total;
	for (int k = 0; k < CLS_NB; k++)
		s->off[s->n * CLS_NB + (size_t)k] = base + b[k];
	s->y[s->n] = y;
	s->n++;
	s->off[s->n * CLS_NB] = s->nf;
	if (total > s->maxn)
		s->maxn = total;
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
	c->doc.bits = m->bits;
	cls_featurize(c, m->bits, title, text, lang, &c->doc, -1, NULL);
	if (c->capx < c->doc.maxn) {
		c->capx = c->doc.maxn;
		c->x = kz_xreallocarray(c->x, c->capx, sizeof *c->x);
	}
	n = cls_set_get(&c->doc, 0, m->idf, c->x);
	x = c->x;
	cls_margins(m, x, n, out->margin);
	cls_decide(m, out->margin, out);
	out->lang = (int)c->lang;
	if (!explain)
		return;

	/* contribution of each word to label's margin over the runner-up:
	 * a bucket's share of the margin, split evenly among the entries
	 * that fell into it */
	size_t k = out->label, r = k == 0 ? 1 : 0;
	for (size_t i = 0; i < m->nl; i++)
		if (i != k && out->margin[i] > out->margin[r])
			r = i;
	/* equal buckets of different blocks share their sums and entries */
	map_clear(c, c->nd);
	size_t ng = 0;
	for (size_t d = 0; d < c->nd; d++) {
		uint32_t g = map_get(c, c->di[d], (uint32_t)ng), idx = c->di[d];
		if (g == ng) {
			ng++;
			c->gacc[g] = 0;
			c->gcnt[g] = 0;
		}
		c->grp[d] = g;
		if (c->dx[d] != NO_FEAT)
			c->gacc[g] += x[c->dx[d]].v *
			    (m->w[(size_t)idx * m->nl + k] -
			        m->w[(size_t)idx * m->nl + r]);
		c->gcnt[g] += c->dcnt[d];
	}
	for (size_t d = 0; d < c->nd; d++)
		c->share[d] = c->gacc[c->grp[d]] / (double)c->gcnt[c->grp[d]];
	/* a word's n-grams follow each other: sum a run of entries of one
	 * term in a register (in the same order) */
	for (int b = 0; b < CLS_NB; b++) {
		const struct ent *e = c->ent[b], *end = e + c->nent[b];
		while (e < end) {
			uint32_t o = e->orig;
			if (o == NO_TERM) {
				e++;
				continue;
			}
			double sum = c->terms[o].contrib;
			for (; e < end && e->orig == o; e++)
				sum += c->share[e->d];
			c->terms[o].contrib = sum;
		}
	}
	/* the KZ_CLS_TERMS_MAX largest positive ones, in term_cmp order */
	struct term *top[KZ_CLS_TERMS_MAX];
	size_t ntop = 0;
	for (size_t i = 0; i < c->nterms; i++) {
		struct term *t = &c->terms[i];
		if (t->contrib <= 0)
			continue;
		if (ntop == KZ_CLS_TERMS_MAX && term_cmp(t, top[ntop - 1]) >= 0)
			continue;
		size_t j = ntop < KZ_CLS_TERMS_MAX ? ntop++ : ntop - 1;
		while (j > 0 && term_cmp(t, top[j - 1]) < 0) {
			top[j] = top[j - 1];
			j--;
		}
		top[j] = t;
	}
	for (size_t i = 0; i < ntop; i++) {
		memcpy(out->terms[i].text, top[i]->text, sizeof top[i]->text);
		out->terms[i].weight = top[i]->contrib;
	}
	out->nterms = ntop;
	c->explain = 0;
}
