/*
 * HTML tokenizer and tree builder (see dom.h for what it builds).  One
 * pass over the bytes: memchr finds the next '<' (and '&' inside a text
 * run), tags are read in place, and the tree is built as the tokens come,
 * with a stack of open elements capped at KZ_HTML_DEPTH_MAX.  The input
 * is taken to be valid UTF-8 and checked span by span as the parse goes
 * (scripts and styles nobody reads are skipped); a page that fails is
 * parsed again with each text and value checked on its own.  The arena's
 * largest block is kept per thread for the next page.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "html/dom.h"
#include "kuzet/limits.h"

/* ---- arena ---- */

struct kz_hblock {
	struct kz_hblock *next;
	size_t used, cap;
	/* data follows, 16-byte aligned */
};

#define HB_HDR ((sizeof(struct kz_hblock) + 15) & ~(size_t)15)
#define HB_MIN ((size_t)64 * 1024)

/*
 * Each thread keeps the largest block of its last document (up to
 * KZ_HTML_ARENA_KEEP bytes) for its next one: a fresh block costs a page
 * fault per 4 KB touched, which was a fifth of extraction's time.  The
 * key's destructor frees it when the thread ends.
 */
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static pthread_key_t spare_key;
static int spare_ok;

static void
spare_init(void)
{
	spare_ok = pthread_key_create(&spare_key, free) == 0;
}

/* The thread's spare block if it holds n bytes (it is then no longer the
 * spare), else NULL. */
static struct kz_hblock *
spare_take(size_t n)
{
	struct kz_hblock *b;

	pthread_once(&spare_once, spare_init);
	if (!spare_ok)
		return NULL;
	b = pthread_getspecific(spare_key);
	if (b == NULL || b->cap < n)
		return NULL;
	pthread_setspecific(spare_key, NULL);
	return b;
}

/* Keep b as the thread's spare if it is larger than the one kept; free
 * what is not kept. */
static void
spare_put(struct kz_hblock *b)
{
	struct kz_hblock *old;

	if (!spare_ok || b->cap > KZ_HTML_ARENA_KEEP) {
		free(b);
		return;
	}
	old = pthread_getspecific(spare_key);
	if (old != NULL && old->cap >= b->cap) {
		free(b);
		return;
	}
	if (pthread_setspecific(spare_key, b) != 0) {
		free(b);
		return;
	}
	free(old);
}

/* A new block with room for n bytes (aalloc's slow path): the first of a
 * document is the thread's spare when it is large enough. */
static __attribute__((noinline)) void *
aalloc_block(struct kz_hdoc *d, size_t n)
{
	struct kz_hblock *b = d->blocks;
	size_t cap = n > HB_MIN ? n : HB_MIN;

	if (b == NULL && (b = spare_take(cap)) != NULL) {
		cap = b->cap;
	} else {
		if (b != NULL && b->cap * 2 > cap && b->cap < 4 * HB_MIN * 16)
			cap = b->cap * 2;
		b = kz_xmalloc(HB_HDR + cap);
	}
	b->cap = cap;
	b->used = n;
	b->next = d->blocks;
	d->blocks = b;
	return (char *)b + HB_HDR;
}

/* n bytes (8-byte aligned) from the arena; inline, since the tree builder
 * calls it for every node and kept value. */
static inline __attribute__((always_inline)) void *
aalloc(struct kz_hdoc *d, size_t n)
{
	struct kz_hblock *b = d->blocks;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (b == NULL || b->cap - b->used < n)
		return aalloc_block(d, n);
	p = (char *)b + HB_HDR + b->used;
	b->used += n;
	return p;
}

void
kz_hdoc_free(struct kz_hdoc *d)
{
	if (d == NULL)
		return;
	for (struct kz_hblock *b = d->blocks, *nb; b != NULL; b = nb) {
		nb = b->next;
		spare_put(b);
	}
	free(d->owned);
	free(d);
}

/* ---- character references ---- */

static const uint16_t cp1252[32] = {0x20AC, 0x81, 0x201A, 0x0192, 0x201E,
    0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
    0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178};

static size_t
put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static int
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static const struct kz_entity *
entity_find(const char *s, size_t k)
{
	size_t lo = 0, hi = kz_entities_n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *nm = kz_entities[mid].name;
		int c = strncmp(nm, s, k);
		if (c == 0 && nm[k] != '\0')
			c = 1;
		if (c == 0)
			return &kz_entities[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Legacy names pages write without ';' (HTML5 keeps more; these matter). */
static const struct {
	const char *name;
	uint8_t len;
	uint16_t cp;
} legacy[] = {{"amp", 3, '&'}, {"lt", 2, '<'}, {"gt", 2, '>'}, {"quot", 4, '"'},
    {"nbsp", 4, 0xA0}, {"copy", 4, 0xA9}, {"reg", 3, 0xAE}, {"AMP", 3, '&'},
    {"LT", 2, '<'}, {"GT", 2, '>'}, {"QUOT", 4, '"'}};

/*
 * The reference at s[0..n) (s[0] == '&'): its UTF-8 into o (never more
 * bytes than it consumes) and the bytes consumed in *used; 0 when s is no
 * reference (a literal '&').
 */
static size_t
reference(const char *s, size_t n, char *o, size_t *used, int attr)
{
	size_t i = 1, k;

	if (n < 3)
		return 0;
	if (s[1] == '#') {
		uint32_t cp = 0;
		size_t start;
		int hex = 0;

		i = 2;
		if (i < n && (s[i] == 'x' || s[i] == 'X')) {
			hex = 1;
			i++;
		}
		start = i;
		for (; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			uint32_t v;
			if (c >= '0' && c <= '9')
				v = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				v = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				v = c - 'A' + 10;
			else
				break;
			if (cp <= 0x10FFFF)
				cp = cp * (hex ? 16 : 10) + v;
		}
		if (i == start)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
		else if (cp >= 0x80 && cp <= 0x9F)
			cp = cp1252[cp - 0x80];
		*used = i;
		return put_utf8(o, cp);
	}
	while (i < n && i <= 32 && is_alnum((unsigned char)s[i]))
		i++;
	k = i - 1;
	if (k == 0)
		return 0;
	if (i < n && s[i] == ';') {
		const struct kz_entity *e = entity_find(s + 1, k);
		if (e != NULL) {
			*used = i + 1;
			return put_utf8(o, e->cp);
		}
	}
	/* a legacy name without ';', as a prefix of the run in text */
	for (size_t j = 0; j < sizeof legacy / sizeof legacy[0]; j++) {
		size_t l = legacy[j].len;
		if (l > k || memcmp(s + 1, legacy[j].name, l) != 0)
			continue;
		if (attr && (l < k || (1 + l < n && s[1 + l] == '=')))
			return 0;
		*used = 1 + l;
		if (1 + l < n && s[1 + l] == ';')
			(*used)++;
		return put_utf8(o, legacy[j].cp);
	}
	return 0;
}

size_t
kz_html_unescape(const char *s, size_t n, char *out, int attr)
{
	size_t i = 0, j = 0;

	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t run = amp != NULL ? (size_t)(amp - (s + i)) : n - i,
		       used, w;

		memmove(out + j, s + i, run);
		i += run;
		j += run;
		if (i >= n)
			break;
		w = reference(s + i, n - i, out + j, &used, attr);
		if (w == 0) {
			out[j++] = '&';
			i++;
		} else {
			i += used;
			j += w;
		}
	}
	out[j] = '\0';
	return j;
}

/* ---- UTF-8 ---- */

/* Check p[0..lim) byte by byte (a sequence may run past lim, not past e);
 * the first byte after it, or NULL when invalid. */
static const unsigned char *
utf8_scalar(
    const unsigned char *p, const unsigned char *lim, const unsigned char *e)
{
	while (p < lim) {
		unsigned c = *p;
		if (c < 0x80) {
			if (c == 0)
				return NULL;
			p++;
		} else if (c >= 0xC2 && c < 0xE0) {
			if (e - p < 2 || (p[1] & 0xC0) != 0x80)
				return NULL;
			p += 2;
		} else {
			uint32_t cp;
			size_t l = kz_utf8_decode(
			    (const char *)p, (size_t)(e - p), &cp);
			if (l == 0)
				return NULL;
			p += l;
		}
	}
	return p;
}

int
kz_html_utf8_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

#ifdef __SSE2__
	/* 16 bytes at a time while they hold only ASCII and two-byte
	 * sequences (Cyrillic, Latin-1): every lead byte C2..DF is followed
	 * by a continuation and every continuation follows a lead; carry is
	 * a lead ending the previous block.  Other blocks byte by byte. */
	const __m128i zero = _mm_setzero_si128();
	const __m128i c_cont = _mm_set1_epi8(-64); /* < 0xC0 as signed */
	const __m128i c_lo = _mm_set1_epi8(-63); /* > 0xC1 */
	const __m128i c_hi = _mm_set1_epi8(-32); /* < 0xE0 */
	unsigned carry = 0;

	while (e - p >= 16) {
		__m128i v;
		unsigned hi, cont, lead;

		/* 64 ASCII bytes without NUL at once */
		while (carry == 0 && e - p >= 64) {
			const __m128i *q = (const __m128i *)(const void *)p;
			__m128i a = _mm_loadu_si128(q),
			        b = _mm_loadu_si128(q + 1),
			        c = _mm_loadu_si128(q + 2),
			        d = _mm_loadu_si128(q + 3);
			__m128i o = _mm_or_si128(
			    _mm_or_si128(a, b), _mm_or_si128(c, d));
			__m128i m = _mm_min_epu8(
			    _mm_min_epu8(a, b), _mm_min_epu8(c, d));
			if (_mm_movemask_epi8(o) != 0 ||
			    _mm_movemask_epi8(_mm_cmpeq_epi8(m, zero)) != 0)
				break;
			p += 64;
		}
		if (e - p < 16)
			break;
		v = _mm_loadu_si128((const __m128i *)(const void *)p);

		if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)) != 0)
			return 0;
		hi = (unsigned)_mm_movemask_epi8(v);
		if (hi == 0 && carry == 0) {
			p += 16;
			continue;
		}
		cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, c_cont));
		lead = (unsigned)_mm_movemask_epi8(_mm_and_si128(
		    _mm_cmpgt_epi8(v, c_lo), _mm_cmplt_epi8(v, c_hi)));
		if ((lead | cont) == hi &&
		    cont == (((lead << 1) | carry) & 0xFFFFu)) {
			carry = lead >> 15;
			p += 16;
			continue;
		}
		if (carry)
			p--; /* the lead ending the last block */
		carry = 0;
		p = utf8_scalar(p, p + 16 > e ? e : p + 16, e);
		if (p == NULL)
			return 0;
	}
	if (carry)
		p--;
#endif
	return utf8_scalar(p, e, e) != NULL;
}

size_t
kz_html_utf8_fix(const char *p, size_t n, char *o)
{
	size_t i = 0, j = 0;

	while (i < n) {
		uint32_t cp;
		size_t l;

		if ((unsigned char)p[i] < 0x80) {
			if (p[i] != '\0')
				o[j++] = p[i];
			i++;
			continue;
		}
		l = kz_utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			memcpy(o + j, "\xEF\xBF\xBD", 3);
			j += 3;
			i++;
			continue;
		}
		memcpy(o + j, p + i, l);
		i += l;
		j += l;
	}
	o[j] = '\0';
	return j;
}

/* ---- tree building ---- */

/* An attribute of the tag being read whose name is known (enum kz_attr,
 * never KZ_A_OTHER): only those are kept, the first of each name. */
struct rawattr {
	const char *v;
	size_t vl;
	uint32_t id;
};

struct tb {
	struct kz_hdoc *d;
	const char *end;
	/* at most KZ_HTML_DEPTH_MAX - 1 open, so that a void or raw-text
	 * element inside the deepest is at most KZ_HTML_DEPTH_MAX deep */
	struct kz_hnode *stack[KZ_HTML_DEPTH_MAX];
	unsigned depth; /* stack[0] is <html> */
	unsigned np, na; /* open p and a elements on the stack */
	struct kz_hnode *head, *body;
	int failed;
	/* clean: taken to be valid UTF-8 without NULs, checked in spans
	 * as the parse goes (up to vend), except the raw text nobody reads;
	 * a span that fails stops the parse, which starts over with clean 0
	 * (each text and value then checked on its own) */
	int clean;
	int dirty; /* clean and a checked span was not */
	const char *vend;
	struct rawattr attrs[KZ_A_N];
	size_t nattrs;
};

/* Byte classes: C_SP whitespace, C_TAG ends a tag name (space / >),
 * C_ATTR ends an attribute name (those and =), C_VAL ends an unquoted
 * value (space >). */
enum { C_SP = 1, C_TAG = 2, C_ATTR = 4, C_VAL = 8 };
#define SP (C_SP | C_TAG | C_ATTR | C_VAL)
static const uint8_t cclass[256] = {['\t'] = SP,
    ['\n'] = SP,
    ['\f'] = SP,
    ['\r'] = SP,
    [' '] = SP,
    ['/'] = C_TAG | C_ATTR,
    ['>'] = C_TAG | C_ATTR | C_VAL,
    ['='] = C_ATTR};
#undef SP

static int
is_space(unsigned char c)
{
	return cclass[c] & C_SP;
}

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static struct kz_hnode *
node_new(struct tb *t, uint16_t tag)
{
	struct kz_hnode *n;

	if (t->d->nnodes >= KZ_HTML_NODES_MAX) {
		t->failed = 1;
		return NULL;
	}
	n = aalloc(t->d, sizeof *n);
	memset(n, 0, sizeof *n);
	n->tag = tag;
	t->d->nnodes++;
	if (tag != KZ_TAG_TEXT) {
		n->id = (uint32_t)t->d->nelem++;
		n->u.name = kz_tag_names[tag];
	} else {
		n->id = (uint32_t)t->d->ntext++;
	}
	return n;
}

static void
append(struct kz_hnode *parent, struct kz_hnode *n)
{
	n->parent = parent;
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
}

static struct kz_hnode *
top(struct tb *t)
{
	return t->stack[t->depth - 1];
}

static void
push(struct tb *t, struct kz_hnode *n)
{
	if (t->depth < KZ_HTML_DEPTH_MAX - 1) {
		t->stack[t->depth++] = n;
		t->np += n->tag == KZ_TAG_P;
		t->na += n->tag == KZ_TAG_A;
	}
}

/* Pop every open element from index i on. */
static void
pop_all(struct tb *t, unsigned i)
{
	while (t->depth > i) {
		uint16_t g = t->stack[--t->depth]->tag;
		t->np -= g == KZ_TAG_P;
		t->na -= g == KZ_TAG_A;
	}
}

/* Start the body (implied): close the head, add <body>. */
static void
body_start(struct tb *t, struct kz_hnode *from_tag)
{
	struct kz_hnode *b = from_tag;

	if (b == NULL) {
		b = node_new(t, KZ_TAG_BODY);
		if (b == NULL)
			return;
	}
	pop_all(t, 1);
	append(t->d->root, b);
	t->body = b;
	push(t, b);
}

static struct kz_hnode *
head_get(struct tb *t)
{
	if (t->head == NULL) {
		t->head = node_new(t, KZ_TAG_HEAD);
		if (t->head == NULL)
			return NULL;
		append(t->d->root, t->head);
		pop_all(t, 1);
		push(t, t->head);
	}
	return t->head;
}

/*
 * s[0..n) as valid UTF-8 text in *out: in place when it is valid, has no
 * NUL and (refs) no character reference; else a copy in the arena with
 * invalid bytes as U+FFFD, NULs dropped and (refs) references decoded.
 * Returns the length.
 */
static size_t
valid_text(struct tb *t, const char *s, size_t n, int refs, const char **out)
{
	int amp = refs && memchr(s, '&', n) != NULL;
	char *o;

	if (t->clean || kz_html_utf8_clean(s, n)) {
		if (!amp) {
			*out = s;
			return n;
		}
		o = aalloc(t->d, n + 1);
		*out = o;
		return kz_html_unescape(s, n, o, 0);
	}
	o = aalloc(t->d, 3 * n + 1);
	n = kz_html_utf8_fix(s, n, o);
	*out = o;
	return amp ? kz_html_unescape(o, n, o, 0) : n;
}

/* Text s[0..n) as a child of the current node. */
static void
text(struct tb *t, const char *s, size_t n, int refs)
{
	struct kz_hnode *p, *x;

	if (t->body == NULL) {
		struct kz_hnode *cur = top(t);
		if (cur == t->d->root || cur == t->head) {
			size_t i = 0;
			while (i < n && is_space((unsigned char)s[i]))
				i++;
			if (i == n)
				return;
			s += i;
			n -= i;
			body_start(t, NULL);
			if (t->failed)
				return;
		}
	}
	p = top(t);
	x = node_new(t, KZ_TAG_TEXT);
	if (x == NULL)
		return;
	x->len = (uint32_t)valid_text(t, s, n, refs, &x->u.text);
	append(p, x);
}

/* libxml2's end-tag priorities: an end tag never closes an element of a
 * higher one on its way. */
static int
prio(uint16_t tag)
{
	switch (tag) {
	case KZ_TAG_DIV:
	case KZ_TAG_ARTICLE:
	case KZ_TAG_SECTION:
	case KZ_TAG_MAIN:
	case KZ_TAG_ASIDE:
	case KZ_TAG_NAV:
	case KZ_TAG_HEADER:
	case KZ_TAG_FOOTER:
		return 150;
	case KZ_TAG_TD:
	case KZ_TAG_TH:
		return 160;
	case KZ_TAG_TR:
		return 170;
	case KZ_TAG_THEAD:
	case KZ_TAG_TBODY:
	case KZ_TAG_TFOOT:
		return 180;
	case KZ_TAG_TABLE:
		return 190;
	case KZ_TAG_HEAD:
	case KZ_TAG_BODY:
		return 200;
	case KZ_TAG_HTML:
		return 220;
	default:
		return 100;
	}
}

static int
is_heading(uint16_t tag)
{
	return tag >= KZ_TAG_H1 && tag <= KZ_TAG_H6;
}

/* Pop the open elements down to (and including) the one at index i. */
static void
pop_to(struct tb *t, unsigned i)
{
	if (i >= 2 || (i == 1 && t->stack[1] != t->body))
		pop_all(t, i);
}

/* Index of the nearest open element with tag in the set (a, b, c), not
 * looking past a scope boundary; 0 if none. */
static unsigned
in_scope(struct tb *t, uint16_t a, uint16_t b, uint16_t c, int button)
{
	for (unsigned i = t->depth; i-- > 1;) {
		uint16_t g = t->stack[i]->tag;
		if (g == a || g == b || g == c)
			return i;
		if ((kz_tag_flags[g] & KZ_TF_SCOPE) ||
		    (button && g == KZ_TAG_BUTTON))
			return 0;
	}
	return 0;
}

/* Implied end tags before a start tag of this kind. */
static void
implied_ends(struct tb *t, uint16_t tag)
{
	unsigned i;

	if ((kz_tag_flags[tag] & KZ_TF_CLOSEP) && t->np != 0) {
		i = in_scope(t, KZ_TAG_P, KZ_TAG_P, KZ_TAG_P, 1);
		if (i != 0)
			pop_to(t, i);
	}
	switch (tag) {
	case KZ_TAG_LI:
	case KZ_TAG_DD:
	case KZ_TAG_DT:
		for (i = t->depth; i-- > 1;) {
			uint16_t g = t->stack[i]->tag;
			if (g == tag ||
			    (tag != KZ_TAG_LI &&
			        (g == KZ_TAG_DD || g == KZ_TAG_DT))) {
				pop_to(t, i);
				break;
			}
			if ((kz_tag_flags[g] & (KZ_TF_SPECIAL | KZ_TF_SCOPE)) &&
			    g != KZ_TAG_ADDRESS && g != KZ_TAG_DIV &&
			    g != KZ_TAG_P)
				break;
		}
		break;
	case KZ_TAG_TD:
	case KZ_TAG_TH:
		i = in_scope(t, KZ_TAG_TD, KZ_TAG_TH, KZ_TAG_TR, 0);
		if (i != 0 && t->stack[i]->tag != KZ_TAG_TR)
			pop_to(t, i);
		break;
	case KZ_TAG_TR:
	case KZ_TAG_THEAD:
	case KZ_TAG_TBODY:
	case KZ_TAG_TFOOT: {
		unsigned last = 0;
		for (i = t->depth; i-- > 1;) {
			uint16_t g = t->stack[i]->tag;
			if (g == KZ_TAG_TD || g == KZ_TAG_TH ||
			    g == KZ_TAG_TR ||
			    (tag != KZ_TAG_TR &&
			        (g == KZ_TAG_THEAD || g == KZ_TAG_TBODY ||
			            g == KZ_TAG_TFOOT))) {
				last = i;
				continue;
			}
			if (g == KZ_TAG_TABLE || g == KZ_TAG_TEMPLATE ||
			    g == KZ_TAG_HTML)
				break;
		}
		if (last != 0)
			pop_to(t, last);
		break;
	}
	case KZ_TAG_OPTION:
		if (top(t)->tag == KZ_TAG_OPTION)
			pop_to(t, t->depth - 1);
		break;
	case KZ_TAG_OPTGROUP:
		if (top(t)->tag == KZ_TAG_OPTION)
			pop_to(t, t->depth - 1);
		if (top(t)->tag == KZ_TAG_OPTGROUP)
			pop_to(t, t->depth - 1);
		break;
	case KZ_TAG_RB:
	case KZ_TAG_RP:
	case KZ_TAG_RT:
	case KZ_TAG_RTC: {
		uint16_t g = top(t)->tag;
		if (g == KZ_TAG_RB || g == KZ_TAG_RP || g == KZ_TAG_RT ||
		    (g == KZ_TAG_RTC && tag != KZ_TAG_RT))
			pop_to(t, t->depth - 1);
		break;
	}
	case KZ_TAG_A:
		if (t->na == 0)
			break;
		i = in_scope(t, KZ_TAG_A, KZ_TAG_A, KZ_TAG_A, 0);
		if (i != 0)
			pop_to(t, i);
		break;
	case KZ_TAG_BUTTON:
		i = in_scope(t, KZ_TAG_BUTTON, KZ_TAG_BUTTON, KZ_TAG_BUTTON, 0);
		if (i != 0)
			pop_to(t, i);
		break;
	default:
		if (is_heading(tag) && is_heading(top(t)->tag))
			pop_to(t, t->depth - 1);
		break;
	}
}

/* Attribute names by enum kz_attr. */
static const char *const attr_names[KZ_A_N] = {"", "class", "id", "style",
    "role", "hidden", "aria-hidden", "itemprop", "content", "property", "name",
    "http-equiv", "datetime", "rel", "href", "type", "lang", "xml:lang",
    "data-post", "data-before"};

/* 1 if s[0..n) equals the lower-case lit in any case. */
static int
ci_eq(const char *s, const char *lit, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((unsigned)(c - 'A') < 26u)
			c = (unsigned char)(c + 32);
		if (c != (unsigned char)lit[i])
			return 0;
	}
	return 1;
}

enum kz_attr
kz_attr_lookup(const char *s, size_t n)
{
	/* by length, then first letter: most names on a page (src, alt,
	 * width, data-*, on*) are turned away after a switch or two */
#define A(id)                                                                  \
	if (ci_eq(s, attr_names[id], n))                                       \
		return id;
	switch (n) {
	case 2:
		A(KZ_A_ID);
		break;
	case 3:
		A(KZ_A_REL);
		break;
	case 4:
		switch (s[0] | 0x20) {
		case 'h':
			A(KZ_A_HREF);
			break;
		case 'n':
			A(KZ_A_NAME);
			break;
		case 't':
			A(KZ_A_TYPE);
			break;
		case 'l':
			A(KZ_A_LANG);
			break;
		case 'r':
			A(KZ_A_ROLE);
			break;
		default:
			break;
		}
		break;
	case 5:
		A(KZ_A_CLASS);
		A(KZ_A_STYLE);
		break;
	case 6:
		A(KZ_A_HIDDEN);
		break;
	case 7:
		A(KZ_A_CONTENT);
		break;
	case 8:
		switch (s[0] | 0x20) {
		case 'i':
			A(KZ_A_ITEMPROP);
			break;
		case 'p':
			A(KZ_A_PROPERTY);
			break;
		case 'd':
			A(KZ_A_DATETIME);
			break;
		case 'x':
			A(KZ_A_XML_LANG);
			break;
		default:
			break;
		}
		break;
	case 9:
		A(KZ_A_DATA_POST);
		break;
	case 10:
		A(KZ_A_HTTP_EQUIV);
		break;
	case 11:
		A(KZ_A_ARIA_HIDDEN);
		A(KZ_A_DATA_BEFORE);
		break;
	default:
		break;
	}
#undef A
	return KZ_A_OTHER;
}

/* Copy the known attributes read for the current tag onto n (the first of
 * each name wins); the others are not kept. */
static void
set_attrs(struct tb *t, struct kz_hnode *n)
{
	struct kz_hattr *a = NULL;
	size_t k = 0;

	for (size_t i = 0; i < t->nattrs; i++) {
		const struct rawattr *r = &t->attrs[i];
		uint32_t id = r->id;
		char *v;

		if (n->amask & (1u << id))
			continue;
		if (a == NULL)
			a = aalloc(t->d, (t->nattrs - i) * sizeof *a);
		if (!t->clean && !kz_html_utf8_clean(r->v, r->vl)) {
			v = aalloc(t->d, 3 * r->vl + 1);
			size_t l = kz_html_utf8_fix(r->v, r->vl, v);
			if (memchr(v, '&', l) != NULL)
				kz_html_unescape(v, l, v, 1);
		} else {
			v = aalloc(t->d, r->vl + 1);
			if (memchr(r->v, '&', r->vl) != NULL) {
				kz_html_unescape(r->v, r->vl, v, 1);
			} else {
				memcpy(v, r->v, r->vl);
				v[r->vl] = '\0';
			}
		}
		a[k].name = attr_names[id];
		a[k].value = v;
		a[k].id = id;
		n->amask |= 1u << id;
		k++;
	}
	n->attr = a;
	n->nattr = (uint16_t)k;
}

/* Find "</name" (any case) followed by a tag end, from p; NULL if none. */
static const char *
find_end(const char *p, const char *end, const char *name, size_t nl)
{
	while (p < end) {
		const char *q = memchr(p, '<', (size_t)(end - p));
		size_t j;

		if (q == NULL)
			return NULL;
		if ((size_t)(end - q) >= nl + 2 && q[1] == '/') {
			for (j = 0; j < nl; j++) {
				char c = q[2 + j];
				if (c >= 'A' && c <= 'Z')
					c = (char)(c + 32);
				if (c != name[j])
					break;
			}
			if (j == nl &&
			    (q + 2 + nl == end ||
			        is_space((unsigned char)q[2 + nl]) ||
			        q[2 + nl] == '>' || q[2 + nl] == '/'))
				return q;
		}
		p = q + 1;
	}
	return NULL;
}

/* Past the '>' that ends a tag begun before p; end if none. */
static const char *
tag_close(const char *p, const char *end)
{
	const char *q;

	if (p >= end)
		return end;
	q = memchr(p, '>', (size_t)(end - p));
	return q != NULL ? q + 1 : end;
}

/* 1 if the raw text of element n is kept: title, textarea, and JSON-LD
 * scripts (other scripts, styles and embeds are read by nobody). */
static int
keep_raw(const struct kz_hnode *n)
{
	const char *ty;

	if (kz_tag_flags[n->tag] & KZ_TF_RCDATA)
		return 1;
	if (n->tag != KZ_TAG_SCRIPT)
		return 0;
	ty = NULL;
	for (uint16_t i = 0; i < n->nattr; i++)
		if (n->attr[i].id == KZ_A_TYPE)
			ty = n->attr[i].value;
	return ty != NULL && strncasecmp(ty, "application/ld+json", 19) == 0;
}

/* A start tag at p (p[0] == '<', p[1] a letter); returns where parsing
 * goes on. */
static const char *
start_tag(struct tb *t, const char *p)
{
	const char *q = p + 1, *e = t->end, *nm;
	size_t nl;
	char low[16];
	uint16_t tag;
	int self = 0;
	uint32_t seen = 0; /* ids of the attributes read */
	struct kz_hnode *n, *parent;

	while (q < e && !(cclass[(unsigned char)*q] & C_TAG))
		q++;
	nm = p + 1;
	nl = (size_t)(q - nm);
	tag = KZ_TAG_OTHER;
	if (nl < sizeof low) {
		for (size_t i = 0; i < nl; i++) {
			char c = nm[i];
			low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		tag = (uint16_t)kz_tag_lookup(low, nl);
	}
	/* attributes */
	t->nattrs = 0;
	for (;;) {
		const char *an, *av = "";
		size_t anl, avl = 0;
		uint32_t id;

		while (q < e && (is_space((unsigned char)*q) || *q == '/')) {
			if (*q == '/' && q + 1 < e && q[1] == '>')
				self = 1;
			q++;
		}
		if (q >= e)
			return e; /* a tag cut off by the end: dropped */
		if (*q == '>') {
			q++;
			break;
		}
		self = 0;
		an = q++;
		while (q < e && !(cclass[(unsigned char)*q] & C_ATTR))
			q++;
		anl = (size_t)(q - an);
		while (q < e && is_space((unsigned char)*q))
			q++;
		if (q < e && *q == '=') {
			q++;
			while (q < e && is_space((unsigned char)*q))
				q++;
			if (q < e && (*q == '"' || *q == '\'')) {
				const char *c =
				    memchr(q + 1, *q, (size_t)(e - q - 1));
				if (c == NULL)
					return e;
				av = q + 1;
				avl = (size_t)(c - av);
				q = c + 1;
			} else {
				av = q;
				while (q < e &&
				    !(cclass[(unsigned char)*q] & C_VAL))
					q++;
				avl = (size_t)(q - av);
			}
		}
		id = (uint32_t)kz_attr_lookup(an, anl);
		if (id != KZ_A_OTHER && !(seen & (1u << id))) {
			struct rawattr *r = &t->attrs[t->nattrs++];
			r->v = av;
			r->vl = avl;
			r->id = id;
			seen |= 1u << id;
		}
	}

	/* tree construction */
	if (tag == KZ_TAG_HTML) {
		if (t->d->root->nattr == 0)
			set_attrs(t, t->d->root);
		return q;
	}
	if (tag == KZ_TAG_HEAD) {
		if (t->head == NULL && t->body == NULL) {
			head_get(t);
			if (t->head != NULL)
				set_attrs(t, t->head);
		}
		return q;
	}
	if (tag == KZ_TAG_BODY) {
		if (t->body == NULL) {
			n = node_new(t, KZ_TAG_BODY);
			if (n == NULL)
				return e;
			set_attrs(t, n);
			body_start(t, n);
		}
		return q;
	}
	if (t->body == NULL) {
		struct kz_hnode *cur = top(t);
		if ((kz_tag_flags[tag] & KZ_TF_HEAD) &&
		    (cur == t->d->root || cur == t->head)) {
			if (head_get(t) == NULL)
				return e;
		} else if (cur == t->d->root || cur == t->head) {
			body_start(t, NULL);
		}
		if (t->failed)
			return e;
	} else {
		implied_ends(t, tag);
	}
	if (tag == KZ_TAG_BR && t->body == NULL)
		return q;
	parent = top(t);
	if (t->depth >= KZ_HTML_DEPTH_MAX - 1 &&
	    !(kz_tag_flags[tag] & (KZ_TF_VOID | KZ_TF_RAW | KZ_TF_RCDATA)))
		return q; /* too deep: the tag is ignored, its text stays */
	n = node_new(t, tag);
	if (n == NULL)
		return e;
	if (tag == KZ_TAG_OTHER) {
		/* lower case; bytes past ASCII and NULs become '?' */
		char *s = aalloc(t->d, nl + 1);
		for (size_t i = 0; i < nl; i++) {
			unsigned char c = (unsigned char)nm[i];
			s[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32
			        : c == 0 || c >= 0x80      ? '?'
			                                   : c);
		}
		s[nl] = '\0';
		n->u.name = s;
	}
	set_attrs(t, n);
	append(parent, n);
	if (kz_tag_flags[tag] & KZ_TF_VOID)
		return q;
	if (self)
		return q;
	if (kz_tag_flags[tag] & (KZ_TF_RAW | KZ_TF_RCDATA)) {
		const char *name = kz_tag_names[tag];
		const char *c = find_end(q, e, name, strlen(name));
		const char *after;

		if (c == NULL && (kz_tag_flags[tag] & KZ_TF_RCDATA)) {
			/* an unclosed title: its text ends at the next tag */
			c = q < e ? memchr(q, '<', (size_t)(e - q)) : NULL;
			if (c == NULL)
				c = e;
			after = c;
		} else if (c == NULL) {
			c = e;
			after = e;
		} else {
			after = tag_close(c + 2, e);
		}
		if (t->clean && !keep_raw(n)) {
			/* the raw text is skipped unread: check up to it */
			if (!kz_html_utf8_clean(
			        t->vend, (size_t)(q - t->vend))) {
				t->dirty = 1;
				return e;
			}
			t->vend = after;
		}
		if (c > q && keep_raw(n)) {
			struct kz_hnode *x = node_new(t, KZ_TAG_TEXT);
			if (x == NULL)
				return e;
			x->len = (uint32_t)valid_text(t, q, (size_t)(c - q),
			    (kz_tag_flags[tag] & KZ_TF_RCDATA) != 0,
			    &x->u.text);
			append(n, x);
		}
		return after;
	}
	push(t, n);
	return q;
}

/* 1 if the lower-case low equals raw[0..n) in any case. */
static int
name_eq(const char *low, const char *raw, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = raw[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != low[i])
			return 0;
	}
	return 1;
}

/* An end tag at p (p[0..1] == "</", p[2] a letter). */
static const char *
end_tag(struct tb *t, const char *p)
{
	const char *q = p + 2, *e = t->end, *nm = q;
	size_t nl;
	char low[16];
	uint16_t tag = KZ_TAG_OTHER;
	int pr;

	while (q < e && !(cclass[(unsigned char)*q] & C_TAG))
		q++;
	nl = (size_t)(q - nm);
	q = tag_close(q, e);
	if (nl < sizeof low) {
		for (size_t i = 0; i < nl; i++) {
			char c = nm[i];
			low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		tag = (uint16_t)kz_tag_lookup(low, nl);
	}
	switch (tag) {
	case KZ_TAG_HTML:
	case KZ_TAG_BODY:
		return q; /* what follows still belongs to the body */
	case KZ_TAG_HEAD:
		if (t->body == NULL && t->head != NULL)
			pop_all(t, 1);
		return q;
	case KZ_TAG_BR:
		if (t->body != NULL) {
			struct kz_hnode *n = node_new(t, KZ_TAG_BR);
			if (n == NULL)
				return e;
			append(top(t), n);
		}
		return q;
	default:
		break;
	}
	pr = prio(tag);
	for (unsigned i = t->depth; i-- > 1;) {
		const struct kz_hnode *o = t->stack[i];
		if (o->tag == tag &&
		    (tag != KZ_TAG_OTHER ||
		        (strlen(o->u.name) == nl &&
		            name_eq(o->u.name, nm, nl)))) {
			pop_to(t, i);
			return q;
		}
		if (prio(o->tag) > pr)
			return q;
	}
	return q;
}

/* Past a comment begun at p ("<!--"). */
static const char *
comment(const char *p, const char *e)
{
	const char *q = p + 4;

	/* "<!-->" and "<!--->" are empty comments */
	if (q < e && *q == '>')
		return q + 1;
	if (q + 1 < e && q[0] == '-' && q[1] == '>')
		return q + 2;
	while (q < e) {
		const char *d = memchr(q, '-', (size_t)(e - q));
		if (d == NULL || e - d < 3)
			return e;
		if (d[1] == '-' && d[2] == '>')
			return d + 3;
		if (d[1] == '-' && d[2] == '!' && e - d >= 4 && d[3] == '>')
			return d + 4;
		q = d + 1;
	}
	return e;
}

static int
starts_ci(const char *p, const char *e, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(e - p) >= n && name_eq(lit, p, n);
}

/* Build the tree of html[0..len) into a new t->d. */
static void
build(struct tb *t, const char *html, size_t len, int clean)
{
	const char *p = html, *e = html + len;
	struct kz_hdoc *d = kz_xcalloc(1, sizeof *d);

	t->d = d;
	t->end = e;
	t->depth = 0;
	t->np = t->na = 0;
	t->head = t->body = NULL;
	t->failed = 0;
	t->nattrs = 0;
	t->clean = clean;
	t->dirty = 0;
	t->vend = html;
	d->root = node_new(t, KZ_TAG_HTML);
	push(t, d->root);
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < e && !t->failed && !t->dirty) {
		const char *lt = memchr(p, '<', (size_t)(e - p));
		unsigned char c;

		if (lt == NULL) {
			text(t, p, (size_t)(e - p), 1);
			break;
		}
		if (lt > p)
			text(t, p, (size_t)(lt - p), 1);
		p = lt;
		c = lt + 1 < e ? (unsigned char)lt[1] : 0;
		if (is_alpha(c)) {
			p = start_tag(t, lt);
		} else if (c == '/') {
			if (lt + 2 < e && is_alpha((unsigned char)lt[2]))
				p = end_tag(t, lt);
			else if (lt + 2 < e && lt[2] == '>')
				p = lt + 3;
			else if (lt + 2 < e)
				p = tag_close(lt + 2, e);
			else
				p = e;
		} else if (c == '!') {
			if (starts_ci(lt, e, "<!--")) {
				p = comment(lt, e);
			} else if (starts_ci(lt, e, "<![cdata[")) {
				const char *q = lt + 9;
				const char *end = NULL;
				for (const char *r = q; r + 2 < e; r++) {
					r = memchr(r, ']', (size_t)(e - r));
					if (r == NULL || r + 2 >= e)
						break;
					if (r[1] == ']' && r[2] == '>') {
						end = r;
						break;
					}
				}
				p = end != NULL ? end + 3 : e;
			} else {
				p = tag_close(lt + 2, e);
			}
		} else if (c == '?') {
			p = tag_close(lt + 2, e);
		} else {
			/* a '<' that starts no tag is text */
			const char *nx = lt + 1 < e
			    ? memchr(lt + 1, '<', (size_t)(e - lt - 1))
			    : NULL;
			if (nx == NULL)
				nx = e;
			text(t, lt, (size_t)(nx - lt), 1);
			p = nx;
		}
	}
	if (t->clean && !t->dirty && !t->failed &&
	    !kz_html_utf8_clean(t->vend, (size_t)(e - t->vend)))
		t->dirty = 1;
}

kz_rc
kz_hdoc_parse_utf8(
    const char *html, size_t len, struct kz_hdoc **out, struct kz_err *err)
{
	struct tb *t = kz_xmalloc(sizeof *t);

	build(t, html, len, 1);
	if (t->dirty) {
		/* rare: invalid bytes where they are read; start over */
		kz_hdoc_free(t->d);
		build(t, html, len, 0);
	}
	if (t->failed) {
		kz_hdoc_free(t->d);
		free(t);
		return kz_fail(err, KZ_ELIMIT,
		    "HTML page has more than %u nodes", KZ_HTML_NODES_MAX);
	}
	*out = t->d;
	free(t);
	return KZ_OK;
}
