/*
 * Article main text, readability-style.  Each pass over the tree:
 *  1. drops what is never content (scripts, forms' controls, navigation,
 *     hidden nodes) and, in the strict pass, blocks whose class or id says
 *     comment, footer, sidebar, share, related...;
 *  2. sums text, link text, commas and element counts bottom-up;
 *  3. scores paragraphs (length, commas) into their parent and, less, into
 *     ancestors up to five levels, scaled by link density and class hints;
 *  4. takes the best block, widens it to a parent holding several strong
 *     candidates, and adds siblings that score well or read like prose;
 *  5. writes their text, leaving out lists, tables and divs that look like
 *     boilerplate (many links, few paragraphs, form controls).
 * A pass that yields under 500 characters is retried with fewer rules.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "html/html_int.h"
#include "html/meta_int.h"
#include "kuzet/html.h"
#include "kuzet/limits.h"

/* Tag kinds. */
enum {
	T_SKIP = 1u << 0, /* never content */
	T_BLOCK = 1u << 1, /* paragraph break around it */
	T_DIVTOP = 1u << 2, /* makes a div more than a paragraph */
	T_SCORE = 1u << 3, /* scored as a paragraph */
	T_DIV = 1u << 4, /* scored as a paragraph when it has no blocks */
	T_COND = 1u << 5, /* cleaned conditionally */
	T_A = 1u << 6,
	T_IMG = 1u << 7,
	T_LI = 1u << 8,
	T_INPUT = 1u << 9,
	T_EMBED = 1u << 10,
	T_P = 1u << 11,
	T_H = 1u << 12,
	T_BR = 1u << 13,
	T_LIST = 1u << 14,
	T_KEEP = 1u << 15, /* never dropped by class hints */
	T_STRICT = 1u << 16 /* dropped in the strict pass */
};

static const struct tag {
	unsigned kind;
	int base;
} tags[KZ_TAG_N] = {
    [KZ_TAG_A] = {T_A, 0},
    [KZ_TAG_ADDRESS] = {T_BLOCK, -3},
    [KZ_TAG_ARTICLE] = {T_BLOCK | T_DIVTOP | T_DIV | T_KEEP, 5},
    [KZ_TAG_ASIDE] = {T_SKIP, 0},
    [KZ_TAG_AUDIO] = {T_SKIP, 0},
    [KZ_TAG_BLOCKQUOTE] = {T_BLOCK | T_DIVTOP, 3},
    [KZ_TAG_BODY] = {T_BLOCK | T_KEEP, 0},
    [KZ_TAG_BR] = {T_BR, 0},
    [KZ_TAG_BUTTON] = {T_SKIP | T_INPUT, 0},
    [KZ_TAG_CANVAS] = {T_SKIP, 0},
    [KZ_TAG_CAPTION] = {T_BLOCK, 0},
    [KZ_TAG_CENTER] = {T_BLOCK | T_DIV, 0},
    [KZ_TAG_DD] = {T_BLOCK, -3},
    [KZ_TAG_DETAILS] = {T_BLOCK, 0},
    [KZ_TAG_DIALOG] = {T_SKIP, 0},
    [KZ_TAG_DIV] = {T_BLOCK | T_DIVTOP | T_DIV | T_COND, 5},
    [KZ_TAG_DL] = {T_BLOCK | T_DIVTOP, -3},
    [KZ_TAG_DT] = {T_BLOCK, -3},
    [KZ_TAG_EMBED] = {T_SKIP | T_EMBED, 0},
    [KZ_TAG_FIELDSET] = {T_BLOCK | T_COND, 0},
    [KZ_TAG_FIGCAPTION] = {T_BLOCK, 0},
    [KZ_TAG_FIGURE] = {T_BLOCK | T_DIVTOP, 0},
    [KZ_TAG_FOOTER] = {T_SKIP, 0},
    [KZ_TAG_FORM] = {T_BLOCK | T_DIVTOP | T_COND, -3},
    [KZ_TAG_H1] = {T_BLOCK | T_DIVTOP | T_H, -5},
    [KZ_TAG_H2] = {T_BLOCK | T_DIVTOP | T_H | T_SCORE, -5},
    [KZ_TAG_H3] = {T_BLOCK | T_DIVTOP | T_H | T_SCORE, -5},
    [KZ_TAG_H4] = {T_BLOCK | T_DIVTOP | T_H | T_SCORE, -5},
    [KZ_TAG_H5] = {T_BLOCK | T_DIVTOP | T_H | T_SCORE, -5},
    [KZ_TAG_H6] = {T_BLOCK | T_DIVTOP | T_H | T_SCORE, -5},
    [KZ_TAG_HEAD] = {T_SKIP, 0},
    [KZ_TAG_HEADER] = {T_BLOCK | T_DIVTOP | T_STRICT, 0},
    [KZ_TAG_HR] = {T_BLOCK, 0},
    [KZ_TAG_HTML] = {T_KEEP, 0},
    [KZ_TAG_IFRAME] = {T_SKIP | T_EMBED, 0},
    [KZ_TAG_IMG] = {T_IMG | T_DIVTOP, 0},
    [KZ_TAG_INPUT] = {T_SKIP | T_INPUT, 0},
    [KZ_TAG_LI] = {T_BLOCK | T_LI, -3},
    [KZ_TAG_LINK] = {T_SKIP, 0},
    [KZ_TAG_MAIN] = {T_BLOCK | T_DIVTOP | T_DIV | T_KEEP, 0},
    [KZ_TAG_MAP] = {T_SKIP, 0},
    [KZ_TAG_MATH] = {T_SKIP, 0},
    [KZ_TAG_MENU] = {T_SKIP, 0},
    [KZ_TAG_META] = {T_SKIP, 0},
    [KZ_TAG_NAV] = {T_SKIP, 0},
    [KZ_TAG_NOSCRIPT] = {T_SKIP, 0},
    [KZ_TAG_OBJECT] = {T_SKIP | T_EMBED, 0},
    [KZ_TAG_OL] = {T_BLOCK | T_DIVTOP | T_COND | T_LIST, -3},
    [KZ_TAG_OPTION] = {T_SKIP, 0},
    [KZ_TAG_P] = {T_BLOCK | T_DIVTOP | T_SCORE | T_P, 0},
    [KZ_TAG_PRE] = {T_BLOCK | T_DIVTOP | T_SCORE, 3},
    [KZ_TAG_SCRIPT] = {T_SKIP, 0},
    [KZ_TAG_SECTION] = {T_BLOCK | T_DIVTOP | T_DIV | T_COND, 0},
    [KZ_TAG_SELECT] = {T_SKIP | T_INPUT, 0},
    [KZ_TAG_STYLE] = {T_SKIP, 0},
    [KZ_TAG_SVG] = {T_SKIP, 0},
    [KZ_TAG_TABLE] = {T_BLOCK | T_DIVTOP | T_COND, 0},
    [KZ_TAG_TD] = {T_BLOCK | T_SCORE, 3},
    [KZ_TAG_TEMPLATE] = {T_SKIP, 0},
    [KZ_TAG_TEXTAREA] = {T_SKIP | T_INPUT, 0},
    [KZ_TAG_TH] = {T_BLOCK, -5},
    [KZ_TAG_TITLE] = {T_SKIP, 0},
    [KZ_TAG_TR] = {T_BLOCK, 0},
    [KZ_TAG_UL] = {T_BLOCK | T_DIVTOP | T_COND | T_LIST, -3},
    [KZ_TAG_VIDEO] = {T_SKIP, 0},
};

enum { F_DROP = 1, F_INIT = 2, F_HASBLOCK = 4, F_TOP = 8, F_OUT = 16 };
enum { P_STRIP = 1, P_WEIGHT = 2, P_CLEAN = 4 };

struct ninfo {
	double score;
	uint32_t text, link, commas, np, nimg, nli, ninput, nembed;
	int cls; /* class/id weight */
	unsigned kind;
	int base;
	unsigned flags;
	unsigned hint; /* H_* from class/id */
	int hidden; /* hidden, aria-hidden, display:none, a nav role */
};

enum { H_NEG = 1, H_POS = 2, H_UNLIKELY = 4, H_MAYBE = 8, H_UNSET = 16 };

/* Words in a class or id that hint at boilerplate (H_NEG: -25, and
 * H_UNLIKELY: dropped in the strict pass unless H_MAYBE) or at the article
 * (H_POS: +25), each once with the bits of the lists that hold it. */
static const struct hintword {
	const char *w;
	unsigned bits;
} hint_words[] = {
    {"hidden", H_NEG},
    {"banner", H_NEG | H_UNLIKELY},
    {"combx", H_NEG | H_UNLIKELY},
    {"comment", H_NEG | H_UNLIKELY},
    {"com-", H_NEG},
    {"contact", H_NEG},
    {"foot", H_NEG},
    {"footer", H_NEG | H_UNLIKELY},
    {"footnote", H_NEG},
    {"gdpr", H_NEG | H_UNLIKELY},
    {"masthead", H_NEG},
    {"media", H_NEG},
    {"meta", H_NEG},
    {"outbrain", H_NEG | H_UNLIKELY},
    {"promo", H_NEG | H_UNLIKELY},
    {"related", H_NEG | H_UNLIKELY},
    {"scroll", H_NEG},
    {"share", H_NEG | H_UNLIKELY},
    {"shoutbox", H_NEG | H_UNLIKELY},
    {"sidebar", H_NEG | H_UNLIKELY},
    {"skyscraper", H_NEG | H_UNLIKELY},
    {"sponsor", H_NEG | H_UNLIKELY},
    {"shopping", H_NEG},
    {"tags", H_NEG},
    {"tool", H_NEG},
    {"widget", H_NEG},
    {"byline", H_NEG | H_UNLIKELY},
    {"author", H_NEG},
    {"caption", H_NEG | H_UNLIKELY},
    {"newsletter", H_NEG | H_UNLIKELY},
    {"subscribe", H_NEG | H_UNLIKELY},
    {"social", H_NEG | H_UNLIKELY},
    {"breadcrumb", H_NEG},
    {"recommend", H_NEG},
    {"article", H_POS | H_MAYBE},
    {"body", H_POS | H_MAYBE},
    {"content", H_POS | H_MAYBE},
    {"entry", H_POS},
    {"hentry", H_POS},
    {"h-entry", H_POS},
    {"main", H_POS | H_MAYBE},
    {"page", H_POS},
    {"pagination", H_POS | H_UNLIKELY},
    {"post", H_POS},
    {"text", H_POS},
    {"blog", H_POS},
    {"story", H_POS},
    {"-ad-", H_UNLIKELY},
    {"ai2html", H_UNLIKELY},
    {"breadcrumbs", H_UNLIKELY},
    {"community", H_UNLIKELY},
    {"cover-wrap", H_UNLIKELY},
    {"disqus", H_UNLIKELY},
    {"extra", H_UNLIKELY},
    {"header", H_UNLIKELY},
    {"legends", H_UNLIKELY},
    {"menu", H_UNLIKELY},
    {"remark", H_UNLIKELY},
    {"replies", H_UNLIKELY},
    {"rss", H_UNLIKELY},
    {"supplemental", H_UNLIKELY},
    {"ad-break", H_UNLIKELY},
    {"agegate", H_UNLIKELY},
    {"pager", H_UNLIKELY},
    {"popup", H_UNLIKELY},
    {"yom-remote", H_UNLIKELY},
    {"cookie", H_UNLIKELY},
    {"recirc", H_UNLIKELY},
    {"most-popular", H_UNLIKELY},
    {"signup", H_UNLIKELY},
    {"credit", H_UNLIKELY},
    {"toolbar", H_UNLIKELY},
    {"taboola", H_UNLIKELY},
    {"and", H_MAYBE},
    {"column", H_MAYBE},
    {"shadow", H_MAYBE},
};

/*
 * The hint words as one Aho-Corasick automaton over ASCII letters in any
 * case, '-' and digits (other bytes are one class, in no word): a scan of
 * a class or id takes one table step per byte and finds every word, also
 * those inside or overlapping others.
 */
#define HINT_STATES 1024 /* over 1 + the words' total length */
#define HINT_COLS 32 /* over 1 + the distinct bytes of the words */
struct hintidx {
	/* the next state << 4 | the H_* of the words ending in it */
	uint16_t go[HINT_STATES][HINT_COLS];
	uint8_t cls[256]; /* byte -> column; 0: in no word */
};
_Static_assert(((HINT_STATES - 1) << 4 | 15) <= UINT16_MAX, "go overflows");

static struct hintidx hint_index;
static pthread_once_t hint_once = PTHREAD_ONCE_INIT;

static void
hint_build(void)
{
	struct hintidx *h = &hint_index;
	uint16_t fail[HINT_STATES], queue[HINT_STATES];
	uint8_t out[HINT_STATES] = {0}; /* H_* of the words ending in a state */
	unsigned ncls = 1, nst = 1, qh = 0, qt = 0;

	/* the trie; go[s][c] == 0: no edge yet (the root is no child) */
	for (size_t k = 0; k < sizeof hint_words / sizeof hint_words[0]; k++) {
		unsigned st = 0;
		for (const char *w = hint_words[k].w; *w != '\0'; w++) {
			unsigned char ch = (unsigned char)*w;
			if (h->cls[ch] == 0) {
				if (ncls == HINT_COLS)
					abort(); /* hint_words outgrew it */
				h->cls[ch] = (uint8_t)ncls;
				if (ch >= 'a' && ch <= 'z')
					h->cls[ch - 32] = (uint8_t)ncls;
				ncls++;
			}
			if (h->go[st][h->cls[ch]] == 0) {
				if (nst == HINT_STATES)
					abort();
				h->go[st][h->cls[ch]] = (uint16_t)nst++;
			}
			st = h->go[st][h->cls[ch]];
		}
		out[st] |= (uint8_t)hint_words[k].bits;
	}
	/* breadth first: failure links, missing edges through them, and
	 * the words that end a state's longest proper suffix */
	for (unsigned c = 0; c < HINT_COLS; c++)
		if (h->go[0][c] != 0) {
			fail[h->go[0][c]] = 0;
			queue[qt++] = h->go[0][c];
		}
	while (qh < qt) {
		unsigned st = queue[qh++];
		out[st] |= out[fail[st]];
		for (unsigned c = 0; c < HINT_COLS; c++) {
			unsigned t = h->go[st][c];
			if (t != 0) {
				fail[t] = h->go[fail[st]][c];
				queue[qt++] = (uint16_t)t;
			} else {
				h->go[st][c] = h->go[fail[st]][c];
			}
		}
	}
	/* the scan reads a step's words with the step */
	for (unsigned st = 0; st < nst; st++)
		for (unsigned c = 0; c < HINT_COLS; c++)
			h->go[st][c] =
			    (uint16_t)(h->go[st][c] << 4 | out[h->go[st][c]]);
}

/* H_* bits of the words found anywhere in the first 255 bytes of the
 * NUL-terminated s, in any case. */
static unsigned
hint_scan(const struct hintidx *h, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned bits = 0, step = 0;

	for (size_t i = 0; i < 255 && s[i] != '\0'; i++) {
		step = h->go[step >> 4][h->cls[s[i]]];
		bits |= step;
	}
	return bits & (H_NEG | H_POS | H_UNLIKELY | H_MAYBE);
}

/* Class and id hints of n: H_* bits (the first 255 bytes of each). */
static unsigned
hints(const struct hintidx *hx, const struct kz_hnode *n, int *weight)
{
	const char *v[2] = {
	    kz_html_attr_id(n, KZ_A_CLASS), kz_html_attr_id(n, KZ_A_ID)};
	unsigned h = 0;

	*weight = 0;
	for (int k = 0; k < 2; k++) {
		unsigned b;
		if (v[k] == NULL)
			continue;
		b = hint_scan(hx, v[k]);
		if (b & H_NEG)
			*weight -= 25;
		if (b & H_POS)
			*weight += 25;
		h |= b;
	}
	return h;
}

static int
hidden(const struct kz_hnode *n)
{
	const char *s;

	if (n->nattr == 0)
		return 0;
	if (kz_html_attr_id(n, KZ_A_HIDDEN) != NULL)
		return 1;
	s = kz_html_attr_id(n, KZ_A_ARIA_HIDDEN);
	if (s != NULL && strcmp(s, "true") == 0)
		return 1;
	s = kz_html_attr_id(n, KZ_A_STYLE);
	if (s != NULL &&
	    (strstr(s, "display:none") != NULL ||
	        strstr(s, "display: none") != NULL ||
	        strstr(s, "visibility:hidden") != NULL))
		return 1;
	s = kz_html_attr_id(n, KZ_A_ROLE);
	if (s != NULL &&
	    (strcmp(s, "navigation") == 0 || strcmp(s, "menu") == 0 ||
	        strcmp(s, "menubar") == 0 || strcmp(s, "complementary") == 0 ||
	        strcmp(s, "dialog") == 0 || strcmp(s, "alert") == 0 ||
	        strcmp(s, "alertdialog") == 0))
		return 1;
	return 0;
}

struct ex {
	struct kz_hnode *root;
	struct ninfo *v;
	size_t nv;
	struct kz_hnode **cand;
	size_t ncand, capcand;
	uint32_t *tlen; /* per text node: characters (UINT32_MAX: not yet),
	                   then commas */
	const struct hintidx *hx; /* built once (hint_build) */
};

/* The info slot of element n; NULL for text nodes and NULL. */
static inline struct ninfo *
info(const struct ex *x, const struct kz_hnode *n)
{
	return n != NULL && n->tag != KZ_TAG_TEXT ? &x->v[n->id] : NULL;
}

#define INFO(n) info(x, (n))

/* The class/id hints of element n (info f), read on first use. */
static unsigned
hint_of(struct ex *x, const struct kz_hnode *n, struct ninfo *f)
{
	if (f->hint & H_UNSET)
		f->hint = hints(x->hx, n, &f->cls);
	return f->hint;
}

/* Give every element its info slot: kind, base score, class hints. */
static void
assign(struct ex *x, size_t nelem, size_t ntext)
{
	x->nv = nelem;
	/* not zeroed: the walk below sets what measure() does not reset */
	x->v = kz_xreallocarray(NULL, nelem ? nelem : 1, sizeof *x->v);
	x->tlen =
	    kz_xreallocarray(NULL, ntext ? ntext * 2 : 1, sizeof *x->tlen);
	memset(x->tlen, 0xFF, (ntext ? ntext * 2 : 1) * sizeof *x->tlen);
	pthread_once(&hint_once, hint_build);
	x->hx = &hint_index;
	for (struct kz_hnode *n = x->root; n != NULL;
	     n = kz_hnode_step(n, x->root, 0)) {
		struct ninfo *f = INFO(n);
		if (f == NULL)
			continue;
		f->kind = tags[n->tag].kind;
		f->base = tags[n->tag].base;
		f->hint =
		    n->amask & (1u << KZ_A_CLASS | 1u << KZ_A_ID) ? H_UNSET : 0;
		f->cls = 0;
		f->hidden = hidden(n);
	}
}

/* Characters of text with whitespace runs counted once, and commas. */
static void
text_len(const char *s, size_t n, uint32_t *len, uint32_t *commas)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	uint32_t l = 0, c = 0;

#ifdef __SSE2__
	/* 16 bytes at a time: a character is a byte that is neither
	 * whitespace nor a UTF-8 continuation, or a whitespace byte after a
	 * byte that is not (prev: the whitespace mask moved up one lane,
	 * lane 0 from the block before).  The last block is copied into a
	 * buffer and its lanes past the end masked off.  Lane counts are
	 * summed by _mm_sad_epu8. */
	const __m128i one = _mm_set1_epi8(1), zero = _mm_setzero_si128();
	const __m128i lane =
	    _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
	__m128i nl = zero, nc = zero, carry = _mm_cvtsi32_si128(0xFF);

	for (; p < e; p += 16) {
		__m128i v, valid = _mm_set1_epi8(-1);
		unsigned char last[16];

		if (e - p >= 16) {
			v = _mm_loadu_si128((const __m128i *)(const void *)p);
		} else {
			memset(last, 0, sizeof last);
			memcpy(last, p, (size_t)(e - p));
			v = _mm_loadu_si128((const __m128i *)(void *)last);
			valid =
			    _mm_cmplt_epi8(lane, _mm_set1_epi8((char)(e - p)));
		}
		__m128i ws = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
		        _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
		        _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
		__m128i cont =
		    _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xC0)),
		        _mm_set1_epi8((char)0x80));
		__m128i prev = _mm_or_si128(_mm_slli_si128(ws, 1), carry);
		__m128i ch =
		    _mm_or_si128(_mm_andnot_si128(_mm_or_si128(ws, cont), one),
		        _mm_andnot_si128(prev, _mm_and_si128(ws, one)));
		__m128i cm =
		    _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), one);
		unsigned fw = (unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF)));

		nl = _mm_add_epi64(
		    nl, _mm_sad_epu8(_mm_and_si128(ch, valid), zero));
		nc = _mm_add_epi64(nc, _mm_sad_epu8(cm, zero));
		/* U+FF0C FULLWIDTH COMMA, EF BC 8C, may cross blocks */
		for (; fw != 0; fw &= fw - 1) {
			const unsigned char *q = p + __builtin_ctz(fw);
			if (e - q >= 3 && q[1] == 0xBC && q[2] == 0x8C)
				c++;
		}
		carry = _mm_srli_si128(ws, 15);
	}
	nl = _mm_add_epi64(nl, _mm_srli_si128(nl, 8));
	nc = _mm_add_epi64(nc, _mm_srli_si128(nc, 8));
	l += (uint32_t)_mm_cvtsi128_si32(nl);
	c += (uint32_t)_mm_cvtsi128_si32(nc);
#else
	int sp = 1;

	for (; p < e; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			if (!sp)
				l++;
			sp = 1;
			continue;
		}
		sp = 0;
		if ((*p & 0xC0) != 0x80)
			l++;
		if (*p == ',')
			c++;
		else if (p[0] == 0xEF && e - p >= 3 && p[1] == 0xBC &&
		    p[2] == 0x8C)
			c++;
	}
#endif
	*len = l;
	*commas = c;
}

/* Steps 1 and 2: drop flags and bottom-up sums. */
static void
measure(struct ex *x, unsigned pass)
{
	struct kz_hnode *n = x->root;

	for (size_t i = 0; i < x->nv; i++) {
		struct ninfo *f = &x->v[i];
		f->score = 0;
		f->text = f->link = f->commas = f->np = f->nimg = f->nli =
		    f->ninput = f->nembed = 0;
		f->flags = 0;
	}
	for (;;) {
		struct ninfo *f = INFO(n);
		int descend = 0;

		if (f != NULL) {
			if ((f->kind & T_SKIP) ||
			    ((pass & P_STRIP) && (f->kind & T_STRICT)) ||
			    f->hidden)
				f->flags |= F_DROP;
			else if ((pass & P_STRIP) && !(f->kind & T_KEEP) &&
			    (hint_of(x, n, f) & (H_UNLIKELY | H_MAYBE)) ==
			        H_UNLIKELY)
				f->flags |= F_DROP;
			descend = !(f->flags & F_DROP) && n->first != NULL;
		}
		if (descend) {
			n = n->first;
			continue;
		}
		for (;;) {
			/* n is done: add it to its parent */
			struct ninfo *p = INFO(n->parent);
			f = INFO(n);
			if (n != x->root && p != NULL) {
				if (n->tag == KZ_TAG_TEXT) {
					uint32_t *tl = &x->tlen[2 * n->id];
					if (tl[0] == UINT32_MAX)
						text_len(n->u.text, n->len,
						    &tl[0], &tl[1]);
					p->text += tl[0];
					p->commas += tl[1];
				} else if (!(f->flags & F_DROP)) {
					if (f->kind & T_A)
						f->link = f->text;
					p->text += f->text;
					p->link += f->link;
					p->commas += f->commas;
					p->np += f->np + !!(f->kind & T_P);
					p->nimg +=
					    f->nimg + !!(f->kind & T_IMG);
					p->nli += f->nli + !!(f->kind & T_LI);
					p->ninput += f->ninput;
					p->nembed += f->nembed;
					if (f->kind & T_DIVTOP)
						p->flags |= F_HASBLOCK;
				} else {
					p->ninput += !!(f->kind & T_INPUT);
					p->nembed += !!(f->kind & T_EMBED);
				}
			}
			if (n == x->root)
				return;
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
}

static double
link_density(const struct ninfo *f)
{
	return f->text == 0 ? 0 : (double)f->link / (double)f->text;
}

static void
add_cand(struct ex *x, struct kz_hnode *n, unsigned pass)
{
	struct ninfo *f = INFO(n);

	if (f->flags & F_INIT)
		return;
	f->flags |= F_INIT;
	hint_of(x, n, f);
	f->score = f->base + ((pass & P_WEIGHT) ? f->cls : 0);
	if (x->ncand == x->capcand) {
		x->capcand = x->capcand ? x->capcand * 2 : 64;
		x->cand =
		    kz_xreallocarray(x->cand, x->capcand, sizeof *x->cand);
	}
	x->cand[x->ncand++] = n;
}

/* Step 3. */
static void
score(struct ex *x, unsigned pass)
{
	struct kz_hnode *n = x->root;

	x->ncand = 0;
	while (n != NULL) {
		struct ninfo *f = INFO(n);
		int skip = 1;

		if (f != NULL && !(f->flags & F_DROP)) {
			int para = (f->kind & T_SCORE) ||
			    ((f->kind & T_DIV) && !(f->flags & F_HASBLOCK));
			if (para && f->text >= 25) {
				double cs = 1 + f->commas +
				    (f->text / 100 > 3 ? 3 : f->text / 100);
				struct kz_hnode *a = n->parent;
				for (int lv = 0; lv < 5 && INFO(a) != NULL;
				     lv++, a = a->parent) {
					add_cand(x, a, pass);
					INFO(a)->score += cs /
					    (lv == 0          ? 1
					            : lv == 1 ? 2
					                      : lv * 3);
				}
			}
			skip = 0;
		}
		n = kz_hnode_step(n, x->root, skip);
	}
	for (size_t i = 0; i < x->ncand; i++) {
		struct ninfo *f = INFO(x->cand[i]);
		f->score *= 1 - link_density(f);
	}
}

static int
is_inside(const struct kz_hnode *n, const struct kz_hnode *anc)
{
	for (; n != NULL; n = n->parent)
		if (n == anc)
			return 1;
	return 0;
}

static int
child_elements(const struct ex *x, const struct kz_hnode *n)
{
	int c = 0;

	for (const struct kz_hnode *k = n->first; k != NULL; k = k->next)
		if (k->tag != KZ_TAG_TEXT && !(INFO(k)->flags & F_DROP))
			c++;
	return c;
}

static int
is_body(const struct kz_hnode *n)
{
	return n == NULL || n->tag == KZ_TAG_TEXT || n->tag == KZ_TAG_BODY ||
	    n->tag == KZ_TAG_HTML;
}

/* Step 4: the top candidate. */
static struct kz_hnode *
pick(struct ex *x)
{
	struct kz_hnode *top = NULL, *alt[5];
	size_t nalt = 0;
	double ts;

	for (size_t i = 0; i < x->ncand; i++)
		if (top == NULL || INFO(x->cand[i])->score > INFO(top)->score)
			top = x->cand[i];
	if (top == NULL) {
		/* no paragraph at all: the whole body */
		for (struct kz_hnode *k = x->root->first; k != NULL;
		     k = k->next)
			if (k->tag == KZ_TAG_BODY)
				return k;
		return x->root;
	}
	ts = INFO(top)->score;
	for (size_t i = 0; i < x->ncand && nalt < 5; i++)
		if (x->cand[i] != top && INFO(x->cand[i])->score >= ts * 0.75)
			alt[nalt++] = x->cand[i];
	if (nalt >= 3) {
		for (struct kz_hnode *p = top->parent; !is_body(p);
		     p = p->parent) {
			size_t c = 0;
			for (size_t i = 0; i < nalt; i++)
				c += is_inside(alt[i], p);
			if (c >= 3) {
				top = p;
				break;
			}
		}
	}
	if (!(INFO(top)->flags & F_INIT))
		INFO(top)->flags |= F_INIT;
	/* a parent that scores better holds more of the article */
	{
		double last = INFO(top)->score, thr = last / 3;
		for (struct kz_hnode *p = top->parent; !is_body(p);
		     p = p->parent) {
			struct ninfo *pf = INFO(p);
			if (!(pf->flags & F_INIT))
				continue;
			if (pf->score < thr)
				break;
			if (pf->score > last) {
				top = p;
				break;
			}
			last = pf->score;
		}
	}
	while (!is_body(top->parent) && child_elements(x, top->parent) == 1)
		top = top->parent;
	return top;
}

/* 1 if the text of n has a '.' followed by a space, a newline or its end. */
static int
ends_sentence(const struct kz_hnode *n)
{
	char *s = kz_html_node_text(n, KZ_ARTICLE_TEXT_MAX_BYTES);
	const char *p = s;
	int r = 0;

	while ((p = strchr(p, '.')) != NULL) {
		if (p[1] == ' ' || p[1] == '\0' || p[1] == '\n') {
			r = 1;
			break;
		}
		p++;
	}
	free(s);
	return r;
}

static int
same_str(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static void
mark_siblings(struct ex *x, struct kz_hnode *top)
{
	struct ninfo *tf = INFO(top);
	double thr = tf->score * 0.2 > 10 ? tf->score * 0.2 : 10;
	const char *tcls = kz_html_attr_id(top, KZ_A_CLASS);

	tf->flags |= F_OUT | F_TOP;
	if (is_body(top) || is_body(top->parent))
		return;
	for (struct kz_hnode *s = top->parent->first; s != NULL; s = s->next) {
		struct ninfo *f = INFO(s);
		double bonus = 0;

		if (f == NULL || s == top || (f->flags & F_DROP))
			continue;
		if (tcls != NULL && tcls[0] != '\0' &&
		    same_str(kz_html_attr_id(s, KZ_A_CLASS), tcls))
			bonus = tf->score * 0.2;
		if ((f->flags & F_INIT) && f->score + bonus >= thr) {
			f->flags |= F_OUT;
		} else if (f->kind & T_P) {
			double ld = link_density(f);
			if (f->text > 80 && ld < 0.25)
				f->flags |= F_OUT;
			else if (f->text > 0 && f->text <= 80 && ld == 0 &&
			    ends_sentence(s))
				f->flags |= F_OUT;
		}
	}
}

/* Step 5: should a block inside the article be left out? */
static int
boilerplate(const struct kz_hnode *n, const struct ninfo *f, unsigned pass)
{
	int weight = (pass & P_WEIGHT) ? f->cls : 0;
	double ld = link_density(f);

	if (f->kind & T_H) {
		if (n->tag == KZ_TAG_H1)
			return 1;
		return weight < 0 || ld > 0.33;
	}
	if (!(pass & P_CLEAN) || !(f->kind & T_COND) || (f->flags & F_TOP))
		return 0;
	if (weight + ((f->flags & F_INIT) ? f->score : 0) < 0)
		return 1;
	if (f->commas < 10) {
		int list = (f->kind & T_LIST) != 0;
		double p = f->np, img = f->nimg, li = (double)f->nli - 100;
		if (img > 1 && p / img < 0.5)
			return 1;
		if (!list && li > p)
			return 1;
		if (f->ninput > f->np / 3)
			return 1;
		if (!list && f->text < 25 && (f->nimg == 0 || f->nimg > 2))
			return 1;
		if (!list && weight < 25 && ld > 0.2)
			return 1;
		if (weight >= 25 && ld > 0.5)
			return 1;
		if ((f->nembed == 1 && f->text < 75) || f->nembed > 1)
			return 1;
	}
	return 0;
}

static void
emit(struct ex *x, const struct kz_hnode *top, unsigned pass, struct kz_tw *w)
{
	const struct kz_hnode *n = top;

	for (;;) {
		struct ninfo *f = INFO(n);
		int descend = 0;

		if (n->tag == KZ_TAG_TEXT) {
			kz_tw_text(w, n->u.text, n->len);
		} else if (!(f->flags & F_DROP) &&
		    (hint_of(x, n, f), !boilerplate(n, f, pass))) {
			if (f->kind & T_BR)
				kz_tw_para(w);
			if (f->kind & T_BLOCK)
				kz_tw_para(w);
			descend = n->first != NULL;
		}
		if (w->full)
			return;
		if (descend) {
			n = n->first;
			continue;
		}
		for (;;) {
			f = INFO(n);
			if (f != NULL && (f->kind & T_BLOCK))
				kz_tw_para(w);
			if (n == top)
				return;
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
}

static char *
run_pass(struct ex *x, unsigned pass, size_t *len)
{
	struct kz_tw w;
	struct kz_hnode *top;

	measure(x, pass);
	score(x, pass);
	top = pick(x);
	kz_tw_init(&w, KZ_ARTICLE_TEXT_MAX_BYTES);
	if (top != NULL) {
		mark_siblings(x, top);
		if (is_body(top) || is_body(top->parent)) {
			emit(x, top, pass, &w);
		} else {
			for (struct kz_hnode *s = top->parent->first; s != NULL;
			     s = s->next)
				if (INFO(s) != NULL &&
				    (INFO(s)->flags & F_OUT)) {
					INFO(s)->flags |= F_TOP;
					emit(x, s, pass, &w);
				}
		}
	}
	return kz_tw_take(&w, len);
}

static void
main_text(const struct kz_hdoc *doc, struct kz_article *a)
{
	static const unsigned passes[] = {
	    P_STRIP | P_WEIGHT | P_CLEAN, P_WEIGHT | P_CLEAN, P_CLEAN, 0};
	struct ex x;
	char *best = NULL;
	size_t best_len = 0;

	memset(&x, 0, sizeof x);
	x.root = doc->root;
	assign(&x, doc->nelem, doc->ntext);
	for (size_t i = 0; i < sizeof passes / sizeof passes[0]; i++) {
		size_t len;
		char *t = run_pass(&x, passes[i], &len);

		/* a laxer pass must find clearly more to be preferred */
		if (best == NULL || len > best_len + best_len / 4 + 50) {
			free(best);
			best = t;
			best_len = len;
		} else {
			free(t);
		}
		if (best_len >= 500)
			break;
	}
	free(x.v);
	free(x.tlen);
	free(x.cand);
	a->text = best;
	a->text_len = best_len;
}

kz_rc
kz_html_extract(const char *html, size_t len, const char *url,
    struct kz_article **out, struct kz_err *err)
{
	struct kz_hdoc *doc;
	struct kz_article *a;

	doc = kz_html_read(html, len, err);
	if (doc == NULL)
		return err != NULL ? err->rc : KZ_EPARSE;
	a = kz_xcalloc(1, sizeof *a);
	kz_html_meta(doc, url, a);
	main_text(doc, a);
	kz_hdoc_free(doc);
	*out = a;
	return KZ_OK;
}

void
kz_article_free(struct kz_article *a)
{
	if (a == NULL)
		return;
	free(a->title);
	free(a->lang);
	free(a->canonical_url);
	free(a->text);
	free(a);
}
