/*
 * Tokens and stems (include/kuzet/nlp.h).
 *
 * kz_tokenize works in two passes over one buffer per call:
 *  1. normalize: NFKC + case folding, ё -> е.  Almost all news text is
 *     ASCII and precomposed Latin/Cyrillic, whose folded forms come from a
 *     table generated from utf8proc (nlp_fold.c); a stretch holding
 *     anything else (combining marks, ligatures, fullwidth forms, other
 *     scripts) goes through utf8proc_decompose + utf8proc_reencode, into a
 *     reused scratch array, together with the letter before it so that
 *     combining marks compose with their base.
 *  2. scan the normalized text for words, numbers, URLs, @handles and
 *     #hashtags; tokens are slices of the buffer, so no token allocates.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>

#include "kuzet/base.h"
#include "kuzet/limits.h"
#include "kuzet/nlp.h"
#include "text/nlp_int.h"

#define NORM_OPTS                                                              \
	(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |              \
	    UTF8PROC_STABLE)

/* Class of a normalized code point in pass 2; MARK continues a word. */
enum { C_SEP, C_LET, C_DIG, C_MARK };

struct norm {
	char *p;
	size_t len, cap;
	utf8proc_int32_t *u; /* scratch for the slow path */
	size_t ucap; /* code points in u */
	/* kz_tokenize_spans only (else NULL): off[k] is the offset in the
	 * input of the code point that produced normalized byte k. */
	size_t *off;
	size_t offcap;
};

/* Record that normalized bytes [from, nb->len) came from input offset at
 * (a no-op without spans). */
static void
track(struct norm *nb, size_t from, size_t at)
{
	if (nb->off == NULL)
		return;
	if (nb->offcap < nb->len) {
		size_t cap = nb->cap > nb->len ? nb->cap : nb->len;
		nb->off = kz_xreallocarray(nb->off, cap, sizeof *nb->off);
		nb->offcap = cap;
	}
	for (size_t k = from; k < nb->len; k++)
		nb->off[k] = at;
}

static void
grow(struct norm *nb, size_t more)
{
	if (nb->cap - nb->len >= more)
		return;
	if (more > SIZE_MAX / 2 - nb->len)
		abort();
	size_t cap = nb->cap ? nb->cap : 64;
	while (cap - nb->len < more)
		cap *= 2;
	nb->p = kz_xrealloc(nb->p, cap);
	nb->cap = cap;
}

/* Append cp as UTF-8 (the caller reserved 4 bytes). */
static void
put_cp(struct norm *nb, uint32_t cp)
{
	if (cp < 0x80) {
		nb->p[nb->len++] = (char)cp;
	} else if (cp < 0x800) {
		nb->p[nb->len++] = (char)(0xc0 | cp >> 6);
		nb->p[nb->len++] = (char)(0x80 | (cp & 0x3f));
	} else {
		nb->len += kz_utf8_encode(cp, nb->p + nb->len);
	}
}

/* kz_utf8_decode with the one- and two-byte sequences (ASCII, Latin,
 * Cyrillic: almost all of the text) decoded here. */
static inline size_t
decode(const char *s, size_t n, uint32_t *cp)
{
	unsigned char b = (unsigned char)s[0];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xc2 && b <= 0xdf && n >= 2 &&
	    ((unsigned char)s[1] & 0xc0) == 0x80) {
		*cp = (uint32_t)(b & 0x1f) << 6 | ((unsigned char)s[1] & 0x3f);
		return 2;
	}
	return kz_utf8_decode(s, n, cp);
}

/*
 * What pass 1 does with a code point that needs no utf8proc call: returns
 * the code point to write, 0 to drop it, or UINT32_MAX when it needs the
 * slow path.
 */
static uint32_t
fast_map(uint32_t cp)
{
	if (cp < 0x500) {
		uint32_t e = kz_nlp_fold_tab[cp];
		switch (e >> 16) {
		case KZ_NC_SLOW:
			return UINT32_MAX;
		case KZ_NC_IGN:
			return 0;
		default:
			return (e & 0xffff) ? (e & 0xffff) : ' ';
		}
	}
	if (cp >= 0x2000 && cp <= 0x206f) {
		if ((cp >= 0x200b && cp <= 0x200f) ||
		    (cp >= 0x202a && cp <= 0x202e) || cp >= 0x2060)
			return 0; /* zero-width and direction marks */
		if (cp == 0x2018 || cp == 0x2019)
			return '\'';
		if (cp == 0x2010 || cp == 0x2011)
			return '-';
		return ' ';
	}
	if (cp >= 0x20a0 && cp <= 0x20cf) /* currency signs (₸) */
		return ' ';
	if (cp == 0xfeff)
		return 0;
	return UINT32_MAX;
}

/* Decompose s[0..n) (valid UTF-8) into nb->u from offset at; returns the
 * new count of code points in u, or -1. */
static utf8proc_ssize_t
decompose(struct norm *nb, size_t at, const char *s, size_t n)
{
	if (nb->u == NULL) {
		nb->ucap = 256;
		nb->u = kz_xreallocarray(NULL, nb->ucap, sizeof(*nb->u));
	}
	for (;;) {
		utf8proc_ssize_t r = utf8proc_decompose(
		    (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
		    nb->u + at, (utf8proc_ssize_t)(nb->ucap - at), NORM_OPTS);
		if (r < 0)
			return -1;
		if ((size_t)r <= nb->ucap - at)
			return (utf8proc_ssize_t)at + r;
		size_t want = at + (size_t)r;
		if (want > SIZE_MAX / 8)
			abort();
		nb->u = kz_xreallocarray(nb->u, want * 2, sizeof(*nb->u));
		nb->ucap = want * 2;
	}
}

/*
 * Normalize the stretch s[0..n) (valid UTF-8 with no ASCII whitespace)
 * with utf8proc and append it; the letter already written before it is
 * taken back and normalized again with it, so that a combining mark
 * composes with its base.
 */
static void
slow_append(struct norm *nb, const char *s, size_t n)
{
	char prev[4];
	size_t plen = 0;

	if (nb->len > 0 && nb->p[nb->len - 1] != ' ') {
		size_t k = nb->len - 1;
		while (k > 0 && ((unsigned char)nb->p[k] & 0xc0) == 0x80)
			k--;
		plen = nb->len - k;
		memcpy(prev, nb->p + k, plen);
		nb->len = k;
	}
	utf8proc_ssize_t m = 0;
	if (plen > 0)
		m = decompose(nb, 0, prev, plen);
	if (m >= 0)
		m = decompose(nb, (size_t)m, s, n);
	if (m >= 0)
		m = utf8proc_reencode(nb->u, m, NORM_OPTS);
	if (m < 0) {
		/* Not expected for valid UTF-8: keep the letter, drop the
		 * stretch. */
		grow(nb, plen + 1);
		memcpy(nb->p + nb->len, prev, plen);
		nb->len += plen;
		nb->p[nb->len++] = ' ';
		return;
	}
	/* Map the result through the fast table once more: ё -> е, format
	 * characters dropped, general punctuation to space. */
	const char *r = (const char *)nb->u;
	size_t rn = (size_t)m, i = 0;
	grow(nb, rn * 2 + 4);
	while (i < rn) {
		uint32_t cp;
		size_t l = kz_utf8_decode(r + i, rn - i, &cp);
		if (l == 0) {
			i++;
			continue;
		}
		uint32_t to = fast_map(cp);
		if (to == UINT32_MAX)
			to = cp;
		if (to != 0)
			put_cp(nb, to);
		i += l;
	}
}

static int
is_space_byte(unsigned char b)
{
	return b == ' ' || (b >= '\t' && b <= '\r');
}

/* Start of the code point written last before nb->len, or SIZE_MAX when
 * there is none or it is a space (what slow_append takes back). */
static size_t
last_letter(const struct norm *nb)
{
	if (nb->len == 0 || nb->p[nb->len - 1] == ' ')
		return SIZE_MAX;
	size_t k = nb->len - 1;
	while (k > 0 && ((unsigned char)nb->p[k] & 0xc0) == 0x80)
		k--;
	return k;
}

/*
 * The slow stretch text[i..j) with spans: one code point at a time, so
 * each output code point knows its input offset (slow_append takes back
 * the letter before, so combining marks still compose with their base;
 * the composed letter keeps the base's offset).
 */
static void
slow_append_spans(struct norm *nb, const char *text, size_t i, size_t j)
{
	while (i < j) {
		uint32_t cp;
		size_t l = kz_utf8_decode(text + i, j - i, &cp);
		if (l == 0)
			l = 1; /* not expected: the stretch is valid UTF-8 */
		size_t k = last_letter(nb);
		size_t base_at = k != SIZE_MAX ? nb->off[k] : i;
		size_t from = k != SIZE_MAX ? k : nb->len;
		slow_append(nb, text + i, l);
		track(nb, from, i);
		if (k != SIZE_MAX && from < nb->len) {
			/* The first code point written is the base's. */
			size_t e = from + 1;
			while (e < nb->len &&
			    ((unsigned char)nb->p[e] & 0xc0) == 0x80)
				e++;
			for (size_t m = from; m < e; m++)
				nb->off[m] = base_at;
		}
		i += l;
	}
}

/* Pass 1: normalize text[0..n) into nb. */
static void
normalize(struct norm *nb, const char *text, size_t n)
{
	size_t i = 0;
	grow(nb, n + 16);
	while (i < n) {
		unsigned char b = (unsigned char)text[i];
		size_t from = nb->len;
		if (b < 0x80) {
			uint32_t e = kz_nlp_fold_tab[b] & 0xffff;
			grow(nb, 1);
			nb->p[nb->len++] = e ? (char)e : ' ';
			track(nb, from, i);
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = decode(text + i, n - i, &cp);
		if (l == 0) { /* invalid byte: a separator */
			grow(nb, 1);
			nb->p[nb->len++] = ' ';
			track(nb, from, i);
			i++;
			continue;
		}
		uint32_t to = fast_map(cp);
		if (to != UINT32_MAX) {
			grow(nb, 4);
			if (to != 0)
				put_cp(nb, to);
			track(nb, from, i);
			i += l;
			continue;
		}
		/* The slow stretch: up to whitespace, an invalid byte or a
		 * general punctuation mark. */
		size_t j = i + l;
		while (j < n && !is_space_byte((unsigned char)text[j])) {
			uint32_t c2;
			size_t l2 = kz_utf8_decode(text + j, n - j, &c2);
			if (l2 == 0 || (c2 >= 0x2000 && c2 <= 0x206f))
				break;
			j += l2;
		}
		if (nb->off != NULL)
			slow_append_spans(nb, text, i, j);
		else
			slow_append(nb, text + i, j - i);
		i = j;
	}
}

/* Pass 2 class of the code point cp. */
static int
cls_of(uint32_t cp)
{
	if (cp < 0x500) {
		switch (kz_nlp_fold_tab[cp] >> 16) {
		case KZ_NC_LET:
			return C_LET;
		case KZ_NC_DIG:
			return C_DIG;
		case KZ_NC_SLOW:
			return C_MARK;
		default:
			return C_SEP;
		}
	}
	if (cp < 0x2000)
		goto lookup;
	if (cp <= 0x206f || (cp >= 0x20a0 && cp <= 0x20cf) ||
	    (cp >= 0x3000 && cp <= 0x303f))
		return C_SEP;
lookup:
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return C_LET;
	case UTF8PROC_CATEGORY_ND:
		return C_DIG;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return C_MARK;
	default:
		return C_SEP;
	}
}

/* Decode one code point of the normalized (valid) text. */
static size_t
dec(const char *p, size_t n, uint32_t *cp)
{
	size_t l = decode(p, n, cp);
	if (l == 0) {
		*cp = ' ';
		l = 1;
	}
	return l;
}

/* Class of the code point at p[i] (C_SEP at the end). */
static int
cls_at(const char *p, size_t n, size_t i)
{
	uint32_t cp;
	if (i >= n)
		return C_SEP;
	dec(p + i, n - i, &cp);
	return cls_of(cp);
}

static int
starts(const char *p, size_t n, size_t i, const char *lit)
{
	size_t l = strlen(lit);
	return n - i >= l && memcmp(p + i, lit, l) == 0;
}

/* Length of p[0..n) cut to KZ_TOKEN_MAX_BYTES at a code point boundary. */
static size_t
cap_len(const char *p, size_t n)
{
	if (n <= KZ_TOKEN_MAX_BYTES)
		return n;
	n = KZ_TOKEN_MAX_BYTES;
	while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* End of a URL starting at i, or i when there is none. */
static size_t
scan_url(const char *p, size_t n, size_t i)
{
	size_t pre;
	if (starts(p, n, i, "https://"))
		pre = 8;
	else if (starts(p, n, i, "http://"))
		pre = 7;
	else if (starts(p, n, i, "www."))
		pre = 4;
	else
		return i;
	size_t j = i + pre;
	int parens = 0;
	while (j < n) {
		unsigned char b = (unsigned char)p[j];
		if (b < 0x80) {
			if (b == ' ' || b == '"' || b == '<' || b == '>' ||
			    b == '`' || b == '\'' || b == '{' || b == '}' ||
			    b == '|' || b == '\\' || b == '^')
				break;
			if (b == '(')
				parens++;
			else if (b == ')')
				parens--;
			j++;
			continue;
		}
		uint32_t cp;
		size_t l = dec(p + j, n - j, &cp);
		if (cls_of(cp) == C_SEP)
			break;
		j += l;
	}
	while (j > i + pre) {
		char c = p[j - 1];
		if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
		    c == '?' || c == '*' || c == ']' ||
		    (c == ')' && parens < 0)) {
			if (c == ')')
				parens++;
			j--;
		} else {
			break;
		}
	}
	if (j == i + pre || cls_at(p, n, i + pre) == C_SEP)
		return i;
	return j;
}

/* End of a word or number starting at i; sets *has_letter, *cyr. */
static size_t
scan_word(const char *p, size_t n, size_t i, int *has_letter, int *cyr)
{
	size_t j = i;
	int prev = C_SEP;

	*has_letter = 0;
	*cyr = 0;
	while (j < n) {
		uint32_t cp;
		size_t l = dec(p + j, n - j, &cp);
		int c = cls_of(cp);
		if (c == C_SEP) {
			int next = cls_at(p, n, j + 1);
			if ((cp == '\'' || cp == '-') &&
			    (prev == C_LET || prev == C_MARK) &&
			    next == C_LET) {
				j++;
				continue;
			}
			if ((cp == '.' || cp == ',') && prev == C_DIG &&
			    next == C_DIG && !*has_letter) {
				j++;
				continue;
			}
			break;
		}
		if (c == C_LET) {
			*has_letter = 1;
			if (cp >= 0x400 && cp <= 0x52f)
				*cyr = 1;
		}
		prev = c;
		j += l;
	}
	return j;
}

/* End of the name after @ or # at i, or i when there is none. */
static size_t
scan_name(const char *p, size_t n, size_t i)
{
	size_t j = i + 1;
	while (j < n) {
		uint32_t cp;
		size_t l = dec(p + j, n - j, &cp);
		if (cp != '_' && cls_of(cp) == C_SEP)
			break;
		j += l;
	}
	return j - i > 1 ? j : i;
}

/* Pass 2's output: the callback and, with spans, the offset map. */
struct sink {
	kz_token_fn fn;
	void *ctx;
	const size_t *off; /* NULL without spans */
	size_t in_len; /* input bytes: the end of the last token */
};

/* The normalized token p[i..e) (cut to KZ_TOKEN_MAX_BYTES); its span in
 * the input is all of it, cut or not. */
static kz_rc
emit(const struct sink *k, const char *p, size_t plen, size_t i, size_t e,
    enum kz_tok_kind kind, int cyr)
{
	struct kz_token t;
	t.p = p + i;
	t.n = cap_len(p + i, e - i);
	t.kind = kind;
	t.cyrillic = cyr;
	t.start = t.end = 0;
	if (k->off != NULL) {
		t.start = k->off[i];
		/* The input offset of what follows; when one input character
		 * expanded into this token and more (U+FDFA is four words),
		 * that character's end. */
		size_t j = e;
		while (j < plen && k->off[j] <= t.start)
			j++;
		t.end = j < plen ? k->off[j] : k->in_len;
	}
	return k->fn(k->ctx, &t);
}

/* Pass 2: call k->fn for each token of the normalized p[0..n). */
static kz_rc
scan(const char *p, size_t n, const struct sink *k)
{
	size_t i = 0, word_end = SIZE_MAX;
	kz_rc rc = KZ_OK;

	while (i < n && rc == KZ_OK) {
		unsigned char b = (unsigned char)p[i];
		if (b == ' ') {
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = dec(p + i, n - i, &cp);
		int c = cls_of(cp);
		if (c == C_LET || c == C_DIG) {
			size_t e = i;
			if (word_end != i && (b == 'h' || b == 'w'))
				e = scan_url(p, n, i);
			if (e > i) {
				rc = emit(k, p, n, i, e, KZ_TOK_URL, 0);
			} else {
				int let, cyr;
				e = scan_word(p, n, i, &let, &cyr);
				rc = emit(k, p, n, i, e,
				    let ? KZ_TOK_WORD : KZ_TOK_NUMBER, cyr);
			}
			i = word_end = e;
			continue;
		}
		if ((b == '@' || b == '#') && word_end != i) {
			size_t e = scan_name(p, n, i);
			if (e > i) {
				int cyr = 0;
				for (size_t m = i; m < e; m++)
					if ((unsigned char)p[m] == 0xd0 ||
					    (unsigned char)p[m] == 0xd1 ||
					    (unsigned char)p[m] == 0xd2 ||
					    (unsigned char)p[m] == 0xd3)
						cyr = 1;
				rc = emit(k, p, n, i, e,
				    b == '@' ? KZ_TOK_HANDLE : KZ_TOK_HASHTAG,
				    cyr);
				i = word_end = e;
				continue;
			}
		}
		i += l;
	}
	return rc;
}

static kz_rc
tokenize(const char *text, size_t n, kz_token_fn fn, void *ctx, int spans)
{
	struct norm nb = {0};
	kz_rc rc;

	if (n == 0)
		return KZ_OK;
	if (spans) {
		nb.offcap = n + 16;
		nb.off = kz_xreallocarray(NULL, nb.offcap, sizeof *nb.off);
	}
	normalize(&nb, text, n);
	struct sink k = {fn, ctx, nb.off, n};
	rc = scan(nb.p, nb.len, &k);
	free(nb.p);
	free(nb.u);
	free(nb.off);
	return rc;
}

kz_rc
kz_tokenize(const char *text, size_t n, kz_token_fn fn, void *ctx)
{
	return tokenize(text, n, fn, ctx, 0);
}

kz_rc
kz_tokenize_spans(const char *text, size_t n, kz_token_fn fn, void *ctx)
{
	return tokenize(text, n, fn, ctx, 1);
}

/* ---- stems ---- */

struct kz_stemmer {
	struct sb_stemmer *ru, *en;
};

struct kz_stemmer *
kz_stemmer_new(void)
{
	struct kz_stemmer *s = kz_xmalloc(sizeof(*s));
	s->ru = sb_stemmer_new("russian", "UTF_8");
	s->en = sb_stemmer_new("english", "UTF_8");
	if (s->ru == NULL || s->en == NULL)
		abort(); /* out of memory: both are built into libstemmer */
	return s;
}

void
kz_stemmer_free(struct kz_stemmer *s)
{
	if (s == NULL)
		return;
	sb_stemmer_delete(s->ru);
	sb_stemmer_delete(s->en);
	free(s);
}

/* Copy w[0..n) into out (cap bytes) cut at a code point boundary. */
static size_t
put_out(const char *w, size_t n, char *out, size_t cap)
{
	if (cap == 0)
		return 0;
	if (n > cap - 1) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)w[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, w, n);
	out[n] = '\0';
	return n;
}

static int
has_cyrillic(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)w[i];
		if (b >= 0xd0 && b <= 0xd4)
			return 1;
	}
	return 0;
}

static size_t
snowball(struct sb_stemmer *sb, const char *w, size_t n, char *out, size_t cap)
{
	if (n > KZ_TOKEN_MAX_BYTES)
		n = KZ_TOKEN_MAX_BYTES;
	const sb_symbol *r = sb_stemmer_stem(sb, (const sb_symbol *)w, (int)n);
	if (r == NULL)
		abort(); /* out of memory */
	return put_out(
	    (const char *)r, (size_t)sb_stemmer_length(sb), out, cap);
}

size_t
kz_stem(struct kz_stemmer *s, enum kz_lang l, const char *w, size_t n,
    char *out, size_t cap)
{
	int cyr = has_cyrillic(w, n);

	if (!cyr)
		return snowball(s->en, w, n, out, cap);
	if (l == KZ_LANG_KK)
		return kz_stem_kk(w, n, out, cap);
	return snowball(s->ru, w, n, out, cap);
}
