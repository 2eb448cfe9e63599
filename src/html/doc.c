/* Reading HTML documents (charset, UTF-8), text collection, page times. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "html/html_int.h"
#include "kuzet/limits.h"
#include "kuzet/text.h"

static int
ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x + 32);
		if (x != y)
			return 0;
	}
	return 1;
}

/* 1 if the head of the page declares a charset other than UTF-8; its name
 * (lower case) into name[0..64). */
static int
declares_other_charset(const char *p, size_t n, char name[64])
{
	if (n > 4096)
		n = 4096;
	for (size_t i = 0; i + 8 < n; i++) {
		size_t j, k;

		if (!ieq(p + i, "charset", 7))
			continue;
		j = i + 7;
		while (j < n && (p[j] == ' ' || p[j] == '\t'))
			j++;
		if (j >= n || p[j] != '=')
			continue;
		j++;
		while (j < n && (p[j] == ' ' || p[j] == '"' || p[j] == '\''))
			j++;
		k = j;
		while (k < n && k - j < 40 &&
		    ((p[k] >= 'a' && p[k] <= 'z') ||
		        (p[k] >= 'A' && p[k] <= 'Z') ||
		        (p[k] >= '0' && p[k] <= '9') || p[k] == '-' ||
		        p[k] == '_' || p[k] == ':' || p[k] == '.'))
			k++;
		if (k == j)
			continue;
		if ((k - j == 5 && ieq(p + j, "utf-8", 5)) ||
		    (k - j == 4 && ieq(p + j, "utf8", 4)))
			return 0;
		for (size_t m = 0; m < k - j; m++) {
			char c = p[j + m];
			name[m] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		name[k - j] = '\0';
		return 1;
	}
	return 0;
}

/* Parse p[0..n) (UTF-8; the tree builder checks each text and attribute
 * value and replaces what is invalid); owned, if not NULL, is handed to
 * the document. */
static struct kz_hdoc *
read_utf8(const char *p, size_t n, char *owned, struct kz_err *err)
{
	struct kz_hdoc *d = NULL;

	if (kz_hdoc_parse_utf8(p, n, &d, err) != KZ_OK) {
		free(owned);
		return NULL;
	}
	d->owned = owned;
	return d;
}

struct kz_hdoc *
kz_html_read(const char *html, size_t len, struct kz_err *err)
{
	char cs[64];
	const char *from = NULL;

	if (len > KZ_HTML_MAX_BYTES) {
		kz_fail(err, KZ_ELIMIT, "HTML page of %zu bytes exceeds %u",
		    len, KZ_HTML_MAX_BYTES);
		return NULL;
	}
	if (len >= 2 &&
	    (((unsigned char)html[0] == 0xFE &&
	         (unsigned char)html[1] == 0xFF) ||
	        ((unsigned char)html[0] == 0xFF &&
	            (unsigned char)html[1] == 0xFE)))
		from = "UTF-16"; /* iconv reads the BOM */
	else if (declares_other_charset(html, len, cs))
		from = strcmp(cs, "gb2312") == 0 ? "gb18030" : cs;
	if (from != NULL) {
		struct kz_buf b;
		struct kz_err e2 = {0};

		kz_buf_init(&b, len * 4 + 64);
		if (kz_charset_convert(html, len, from, 0, &b, NULL, &e2) ==
		        KZ_OK &&
		    b.data != NULL) {
			size_t n = b.len;
			char *s = kz_buf_take(&b);
			return read_utf8(s, n, s, err);
		}
		kz_buf_fini(&b);
		/* an encoding iconv does not know: read as UTF-8 */
	}
	return read_utf8(html, len, NULL, err);
}

const char *
kz_html_attr(const struct kz_hnode *n, const char *name)
{
	size_t l = strlen(name);
	enum kz_attr id = l > 0 ? kz_attr_lookup(name, l) : KZ_A_OTHER;

	return id != KZ_A_OTHER ? kz_html_attr_id(n, id) : NULL;
}

int
kz_html_has_class(const struct kz_hnode *n, const char *cls)
{
	const char *c = kz_html_attr_id(n, KZ_A_CLASS);
	size_t l = strlen(cls);

	while (c != NULL && *c != '\0') {
		const char *e;

		while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r')
			c++;
		e = c;
		while (*e != '\0' && *e != ' ' && *e != '\t' && *e != '\n' &&
		    *e != '\r')
			e++;
		if ((size_t)(e - c) == l && memcmp(c, cls, l) == 0)
			return 1;
		c = e;
	}
	return 0;
}

char *
kz_html_node_text(const struct kz_hnode *n, size_t max)
{
	struct kz_buf b;
	const struct kz_hnode *k = n;

	kz_buf_init(&b, max);
	if (n->tag == KZ_TAG_TEXT) {
		if (kz_buf_append(&b, n->u.text, n->len) != KZ_OK)
			kz_buf_reset(&b);
	} else
		for (k = n->first; k != NULL; k = kz_hnode_step(k, n, 0))
			if (k->tag == KZ_TAG_TEXT &&
			    kz_buf_append(&b, k->u.text, k->len) != KZ_OK)
				break;
	if (b.data == NULL)
		return kz_xstrdup("");
	return kz_buf_take(&b);
}

void
kz_tw_init(struct kz_tw *w, size_t max)
{
	kz_buf_init(&w->b, max);
	w->space = 0;
	w->full = 0;
}

static void
tw_put(struct kz_tw *w, const char *p, size_t n)
{
	if (w->full)
		return;
	if (kz_buf_append(&w->b, p, n) != KZ_OK)
		w->full = 1;
}

/* The word-by-word writer: text past the cap is dropped whole. */
static void
tw_text_slow(struct kz_tw *w, const unsigned char *p, const unsigned char *e)
{
	while (p < e && !w->full) {
		const unsigned char *q;

		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == '\f' || *p == '\v') {
			w->space = 1;
			p++;
			continue;
		}
		if (p[0] == 0xC2 && p + 1 < e && p[1] == 0xA0) {
			w->space = 1;
			p += 2;
			continue;
		}
		q = p;
		while (q < e && *q != ' ' && *q != '\t' && *q != '\n' &&
		    *q != '\r' && *q != '\f' && *q != '\v' &&
		    !(q[0] == 0xC2 && q + 1 < e && q[1] == 0xA0))
			q++;
		if (w->space && w->b.len > 0 && w->b.data[w->b.len - 1] != '\n')
			tw_put(w, " ", 1);
		w->space = 0;
		tw_put(w, (const char *)p, (size_t)(q - p));
		p = q;
	}
}

#ifdef __SSE2__
/* Bit i set if byte i of v is ASCII whitespace (space, \t \n \v \f \r). */
static inline unsigned
ws_mask(__m128i v)
{
	__m128i d = _mm_sub_epi8(v, _mm_set1_epi8('\t'));

	/* \t..\r: v - '\t' <= 4, unsigned */
	return (unsigned)_mm_movemask_epi8(
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
	        _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(4)), d)));
}
#endif

void
kz_tw_text(struct kz_tw *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	struct kz_buf *b = &w->b;
	size_t len = b->len;
	char *o;
	int space = w->space;

	if (w->full || n == 0)
		return;
	/* room for the text and one space: written in one go */
	if (b->data == NULL || b->cap - len < n + 2) {
		if (kz_buf_append(b, s, n) != KZ_OK ||
		    kz_buf_append(b, " ", 1) != KZ_OK) {
			b->len = len;
			if (b->data != NULL)
				b->data[len] = '\0';
			tw_text_slow(w, p, e);
			return;
		}
		b->len = len;
	}
	o = b->data;
	while (p < e) {
		unsigned char c = *p;
#ifdef __SSE2__
		if (e - p >= 16) {
			__m128i v =
			    _mm_loadu_si128((const __m128i *)(const void *)p);
			unsigned ws = ws_mask(v), c2, a0, sp, odd;
			size_t k;
			if (ws & 1) {
				/* a whitespace run, up to 16 bytes at once */
				space = 1;
				p += __builtin_ctz(~ws);
				continue;
			}
			/* Prose: words and single spaces, written as they
			 * are, up to the first byte that is other whitespace,
			 * a second space or U+00A0 (a 0xC2 in the last lane,
			 * whose next byte is not in v, too). */
			sp = (unsigned)_mm_movemask_epi8(
			    _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
			c2 = (unsigned)_mm_movemask_epi8(
			    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2)));
			a0 = (unsigned)_mm_movemask_epi8(
			    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xA0)));
			odd = (ws & ~sp) | (sp & sp << 1) |
			    (c2 & (a0 >> 1 | 0x8000u));
			k = (size_t)__builtin_ctz(odd | 0x10000u);
			if (k > 0) {
				if (space) {
					if (len > 0 && o[len - 1] != '\n')
						o[len++] = ' ';
					space = 0;
				}
				/* all 16 bytes are stored: those past the run
				 * land in the room reserved above (out never
				 * outgrows in + 1) */
				_mm_storeu_si128(
				    (__m128i *)(void *)(o + len), v);
				p += k;
				/* a space that ends the run is pending */
				if (sp >> (k - 1) & 1) {
					k--;
					space = 1;
				}
				len += k;
				continue;
			}
		}
#endif
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			space = 1;
			p++;
			continue;
		}
		if (c == 0xC2 && p + 1 < e && p[1] == 0xA0) {
			space = 1;
			p += 2;
			continue;
		}
		if (space) {
			if (len > 0 && o[len - 1] != '\n')
				o[len++] = ' ';
			space = 0;
		}
		o[len++] = (char)c;
		p++;
	}
	o[len] = '\0';
	b->len = len;
	w->space = space;
}

void
kz_tw_para(struct kz_tw *w)
{
	w->space = 0;
	if (w->b.len > 0 && w->b.data[w->b.len - 1] != '\n')
		tw_put(w, "\n", 1);
}

void
kz_tw_line(struct kz_tw *w)
{
	w->space = 0;
	if (w->b.len == 0)
		return;
	if (w->b.len >= 2 && w->b.data[w->b.len - 1] == '\n' &&
	    w->b.data[w->b.len - 2] == '\n')
		return;
	tw_put(w, "\n", 1);
}

char *
kz_tw_take(struct kz_tw *w, size_t *len)
{
	while (w->b.len > 0 && w->b.data[w->b.len - 1] == '\n')
		w->b.data[--w->b.len] = '\0';
	if (len != NULL)
		*len = w->b.len;
	return kz_buf_take(&w->b);
}

char *
kz_html_clean(const char *s, size_t max)
{
	struct kz_tw w;
	char *r;
	size_t n;

	if (s == NULL)
		return NULL;
	kz_tw_init(&w, max);
	kz_tw_text(&w, s, strlen(s));
	r = kz_tw_take(&w, &n);
	if (n == 0) {
		free(r);
		return NULL;
	}
	return r;
}

int64_t
kz_html_epoch(int y, int m, int d, int hh, int mi, int ss)
{
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;

	return days * 86400 + hh * 3600 + mi * 60 + ss;
}

static int
num(const char **pp, int w, int *v)
{
	const char *p = *pp;
	int r = 0, i;

	for (i = 0; i < w; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		r = r * 10 + (p[i] - '0');
	}
	*v = r;
	*pp = p + w;
	return 1;
}

/* Zone at p: Z, UTC, GMT, +hh:mm, +hhmm, +hh; seconds east in *off. */
static void
zone(const char *p, int *off)
{
	int sign, h = 0, m = 0;

	*off = 0;
	while (*p == ' ')
		p++;
	if (*p != '+' && *p != '-')
		return;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (!num(&p, 2, &h))
		return;
	if (*p == ':')
		p++;
	if (!num(&p, 2, &m))
		m = 0;
	if (h > 14 || m > 59)
		return;
	*off = sign * (h * 3600 + m * 60);
}

static int
civil_ok(int y, int m, int d, int hh, int mi, int ss)
{
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || hh > 24 ||
	    mi > 59 || ss > 60)
		return 0;
	return d <= kz_date_days_in_month(y, m);
}

/* hh:mm[:ss[.frac]] at p; 0 if absent. */
static int
clock_at(const char **pp, int *hh, int *mi, int *ss)
{
	const char *p = *pp;

	*ss = 0;
	if (!num(&p, 2, hh) || *p != ':')
		return 0;
	p++;
	if (!num(&p, 2, mi))
		return 0;
	if (*p == ':') {
		p++;
		if (!num(&p, 2, ss))
			return 0;
		if (*p == '.' || *p == ',') {
			p++;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	*pp = p;
	return 1;
}

int
kz_html_time_parse(const char *s, int64_t *t)
{
	const char *p = s;
	int y, m, d, hh = 0, mi = 0, ss = 0, off = 0;
	size_t ml;

	if (s == NULL)
		return 0;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (num(&p, 4, &y)) {
		/* ISO 8601 */
		if (*p != '-' || (p++, !num(&p, 2, &m)) || *p != '-' ||
		    (p++, !num(&p, 2, &d)))
			return 0;
		if (*p == 'T' || *p == 't' || *p == ' ') {
			const char *q = p + 1;

			if (clock_at(&q, &hh, &mi, &ss)) {
				p = q;
				zone(p, &off);
			}
		}
	} else {
		/* RFC 822: [Wdy,] DD Mon YYYY hh:mm[:ss] zone */
		const char *c = strchr(p, ',');

		if (c != NULL && c - p <= 10)
			p = c + 1;
		while (*p == ' ')
			p++;
		if (!num(&p, 2, &d) && !num(&p, 1, &d))
			return 0;
		while (*p == ' ')
			p++;
		m = kz_month_parse(p, strlen(p), &ml);
		if (m == 0)
			return 0;
		p += ml;
		while (*p == ' ')
			p++;
		if (!num(&p, 4, &y))
			return 0;
		while (*p == ' ')
			p++;
		if (clock_at(&p, &hh, &mi, &ss))
			zone(p, &off);
	}
	if (!civil_ok(y, m, d, hh, mi, ss))
		return 0;
	*t = kz_html_epoch(y, m, d, hh, mi, ss) - off;
	return 1;
}
