/* kz_feed_parse: encoding, dispatch to XML or JSON, and the feed struct. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "feed/feed_int.h"
#include "kuzet/text.h"

const char *
kz_feed_format_name(enum kz_feed_format f)
{
	switch (f) {
	case KZ_FEED_RSS20:
		return "rss20";
	case KZ_FEED_RSS10:
		return "rss10";
	case KZ_FEED_RSS09:
		return "rss09";
	case KZ_FEED_ATOM10:
		return "atom10";
	case KZ_FEED_JSONFEED:
		return "jsonfeed";
	case KZ_FEED_TELEGRAM:
		return "telegram";
	}
	return "unknown";
}

void
kz_feed_warn(struct kz_feed *f, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (f->n_warnings >= KZ_FEED_LIST_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* the message may quote document text cut mid-character */
	size_t bad, n = strlen(msg);
	while (!kz_utf8_valid(msg, n, &bad))
		n = bad;
	msg[n] = '\0';
	f->warnings = kz_xreallocarray(
	    f->warnings, f->n_warnings + 1, sizeof *f->warnings);
	f->warnings[f->n_warnings++] = kz_xstrdup(msg);
}

kz_rc
kz_feed_entry_add(
    struct kz_feed *f, struct kz_feed_entry **out, struct kz_err *err)
{
	if (f->n_entries >= KZ_FEED_ENTRIES_MAX)
		return kz_fail(err, KZ_ELIMIT, "more than %u entries",
		    KZ_FEED_ENTRIES_MAX);
	f->entries =
	    kz_xreallocarray(f->entries, f->n_entries + 1, sizeof *f->entries);
	struct kz_feed_entry *e = &f->entries[f->n_entries++];
	memset(e, 0, sizeof *e);
	e->published = KZ_FEED_NO_DATE;
	e->updated = KZ_FEED_NO_DATE;
	*out = e;
	return KZ_OK;
}

void
kz_feed_category_add(struct kz_feed_entry *e, char *cat)
{
	if (cat == NULL)
		return;
	if (e->n_categories >= KZ_FEED_LIST_MAX) {
		free(cat);
		return;
	}
	e->categories = kz_xreallocarray(
	    e->categories, e->n_categories + 1, sizeof *e->categories);
	e->categories[e->n_categories++] = cat;
}

void
kz_feed_enclosure_add(
    struct kz_feed_entry *e, char *url, char *type, int64_t length)
{
	if (url == NULL || e->n_enclosures >= KZ_FEED_LIST_MAX) {
		free(url);
		free(type);
		return;
	}
	e->enclosures = kz_xreallocarray(
	    e->enclosures, e->n_enclosures + 1, sizeof *e->enclosures);
	struct kz_feed_enclosure *x = &e->enclosures[e->n_enclosures++];
	x->url = url;
	x->type = type;
	x->length = length;
}

/* Text writer: collapses whitespace as it goes. */
struct tw {
	struct kz_buf *out;
	int space; /* a space is pending */
	kz_rc rc;
};

static void
tw_put(struct tw *w, const char *p, size_t n)
{
	if (w->rc != KZ_OK || n == 0)
		return;
	if (w->space && w->out->len > 0)
		w->rc = kz_buf_putc(w->out, ' ');
	w->space = 0;
	if (w->rc == KZ_OK)
		w->rc = kz_buf_append(w->out, p, n);
}

static int
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* C1 controls U+0080..U+009F as windows-1252 meant them (feeds that
 * mislabel cp1252 as latin-1). */
static const uint16_t c1[32] = {0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026,
    0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d,
    0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178};

static int
is_c1(const char *p, size_t i, size_t n)
{
	return (unsigned char)p[i] == 0xc2 && i + 1 < n &&
	    (unsigned char)p[i + 1] >= 0x80 && (unsigned char)p[i + 1] <= 0x9f;
}

/* Bytes that end a run of word characters in tw_text: whitespace and
 * 0xc2, the lead byte of U+00A0 and of the C1 controls. */
static const unsigned char text_stop[256] = {['\t'] = 1,
    ['\n'] = 1,
    ['\v'] = 1,
    ['\f'] = 1,
    ['\r'] = 1,
    [' '] = 1,
    [0xc2] = 1};

/* Plain text p[0..n): runs of whitespace (and U+00A0) become one space. */
static void
tw_text(struct tw *w, const char *p, size_t n)
{
	size_t i = 0, st;

	while (i < n) {
		if (is_c1(p, i, n)) {
			char u[4];
			tw_put(w, u,
			    kz_utf8_encode(
			        c1[(unsigned char)p[i + 1] - 0x80], u));
			i += 2;
			continue;
		}
		if (is_ws((unsigned char)p[i])) {
			w->space = 1;
			i++;
			continue;
		}
		if ((unsigned char)p[i] == 0xc2 && i + 1 < n &&
		    (unsigned char)p[i + 1] == 0xa0) {
			w->space = 1;
			i += 2;
			continue;
		}
		st = i;
		for (;;) {
			while (i < n && !text_stop[(unsigned char)p[i]])
				i++;
			/* a lone space between words stays as it is: one
			 * append for the run, the same text */
			if (i + 1 < n && i > st && p[i] == ' ' &&
			    !text_stop[(unsigned char)p[i + 1]])
				i++;
			else
				break;
		}
		if (i == st)
			i++; /* 0xc2 leading another character */
		tw_put(w, p + st, i - st);
	}
}

static void
tw_cp(struct tw *w, uint32_t cp)
{
	char u[4];

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	tw_text(w, u, kz_utf8_encode(cp, u));
}

/* An entity at p[0..n) (p[0] == '&'); returns bytes used, 0 if none. */
static size_t
entity(struct tw *w, const char *p, size_t n)
{
	size_t i = 1;

	if (i < n && p[i] == '#') {
		uint32_t cp = 0;
		int hex = 0, nd = 0;
		i++;
		if (i < n && (p[i] == 'x' || p[i] == 'X'))
			hex = 1, i++;
		for (; i < n && nd < 8; i++, nd++) {
			char c = p[i];
			if (c >= '0' && c <= '9')
				cp = cp * (hex ? 16 : 10) + (uint32_t)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				cp = cp * 16 + (uint32_t)(c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				cp = cp * 16 + (uint32_t)(c - 'A' + 10);
			else
				break;
		}
		if (nd == 0)
			return 0;
		if (i < n && p[i] == ';')
			i++;
		tw_cp(w, cp);
		return i;
	}
	char name[32];
	size_t k = 0;
	while (i < n && k < sizeof name - 1 &&
	    ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
	        (p[i] >= '0' && p[i] <= '9')))
		name[k++] = p[i++];
	name[k] = '\0';
	if (k == 0 || i >= n || p[i] != ';')
		return 0;
	const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
	if (d == NULL)
		return 0;
	tw_cp(w, d->value);
	return i + 1;
}

static int
tag_is(const char *name, size_t n, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strlen(*set) == n && strncasecmp(*set, name, n) == 0)
			return 1;
	return 0;
}

static const char *const blocks[] = {"p", "br", "div", "li", "ul", "ol", "h1",
    "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table", "blockquote",
    "pre", "hr", "section", "article", "header", "footer", "dd", "dt", "dl",
    "figure", "figcaption", "main", "aside", "nav", "address", NULL};

static int
alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* p (n bytes, p[0] == '<') starts a tag, end tag, comment, doctype or
 * processing instruction. */
static int
tag_start(const char *p, size_t n)
{
	if (n < 2)
		return 0;
	if (alpha(p[1]))
		return 1;
	if (p[1] == '/' || p[1] == '?')
		return n > 2 && alpha(p[2]);
	if (p[1] == '!')
		return (n > 3 && p[2] == '-' && p[3] == '-') ||
		    (n > 2 && alpha(p[2]));
	return 0;
}

/* HTML p[0..n) to text. */
static void
tw_html(struct tw *w, const char *p, size_t n)
{
	size_t i = 0, st = 0;

	while (i < n) {
		char c = p[i];
		if (c == '&') {
			tw_text(w, p + st, i - st);
			size_t used = entity(w, p + i, n - i);
			if (used == 0) {
				tw_text(w, "&", 1);
				used = 1;
			}
			i += used;
			st = i;
			continue;
		}
		if (c != '<' || !tag_start(p + i, n - i)) {
			i++;
			while (i < n && p[i] != '&' && p[i] != '<')
				i++;
			continue;
		}
		tw_text(w, p + st, i - st);
		if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
			const char *e = NULL;
			for (size_t j = i + 4; j + 3 <= n; j++)
				if (memcmp(p + j, "-->", 3) == 0) {
					e = p + j;
					break;
				}
			i = e != NULL ? (size_t)(e - p) + 3 : n;
			st = i;
			continue;
		}
		size_t j = i + 1;
		char q = 0;
		for (; j < n; j++) {
			if (q != 0) {
				if (p[j] == q)
					q = 0;
			} else if (p[j] == '"' || p[j] == '\'') {
				q = p[j];
			} else if (p[j] == '>') {
				break;
			}
		}
		if (j >= n) { /* no end: not a tag but text */
			i++;
			continue;
		}
		size_t ns = i + 1 + (p[i + 1] == '/');
		size_t ne = ns;
		while (ne < j &&
		    ((p[ne] >= 'a' && p[ne] <= 'z') ||
		        (p[ne] >= 'A' && p[ne] <= 'Z') ||
		        (p[ne] >= '0' && p[ne] <= '9')))
			ne++;
		static const char *const drop[] = {"script", "style", NULL};
		if (p[i + 1] != '/' && tag_is(p + ns, ne - ns, drop)) {
			/* skip to the matching end tag */
			size_t k = j + 1, tl = ne - ns;
			while (k + 2 + tl <= n &&
			    !(p[k] == '<' && p[k + 1] == '/' &&
			        strncasecmp(p + k + 2, p + ns, tl) == 0))
				k++;
			j = k;
			while (j < n && p[j] != '>')
				j++;
		} else if (tag_is(p + ns, ne - ns, blocks)) {
			w->space = 1;
		}
		i = st = j < n ? j + 1 : n;
	}
	tw_text(w, p + st, i - st);
}

kz_rc
kz_feed_text(struct kz_buf *out, const char *p, size_t n, int html)
{
	struct tw w = {out, 0, KZ_OK};

	if (html && (memchr(p, '<', n) != NULL || memchr(p, '&', n) != NULL))
		tw_html(&w, p, n);
	else
		tw_text(&w, p, n);
	return w.rc;
}

kz_rc
kz_feed_str(char **dst, const char *p, size_t n, int html, const char *what,
    struct kz_err *err)
{
	struct kz_buf b;
	kz_rc rc;

	kz_buf_init(&b, KZ_FEED_FIELD_MAX_BYTES);
	/* the text is rarely longer than its source: one allocation rather
	 * than a run of doublings */
	b.cap = (n < KZ_FEED_FIELD_MAX_BYTES ? n : KZ_FEED_FIELD_MAX_BYTES) + 1;
	b.data = kz_xmalloc(b.cap);
	b.data[0] = '\0';
	rc = kz_feed_text(&b, p, n, html);
	if (rc != KZ_OK) {
		kz_buf_fini(&b);
		return kz_fail(err, rc, "%s longer than %u bytes", what,
		    KZ_FEED_FIELD_MAX_BYTES);
	}
	free(*dst);
	*dst = kz_buf_take(&b);
	kz_buf_fini(&b);
	return KZ_OK;
}

static void
entry_fini(struct kz_feed_entry *e)
{
	free(e->id);
	free(e->link);
	free(e->title);
	free(e->summary);
	free(e->content);
	free(e->author);
	for (size_t i = 0; i < e->n_categories; i++)
		free(e->categories[i]);
	free(e->categories);
	for (size_t i = 0; i < e->n_enclosures; i++) {
		free(e->enclosures[i].url);
		free(e->enclosures[i].type);
	}
	free(e->enclosures);
}

void
kz_feed_free(struct kz_feed *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n_warnings; i++)
		free(f->warnings[i]);
	free(f->warnings);
	free(f->title);
	free(f->link);
	free(f->subtitle);
	free(f->language);
	for (size_t i = 0; i < f->n_entries; i++)
		entry_fini(&f->entries[i]);
	free(f->entries);
	free(f);
}

static int
json_type(const char *ct)
{
	if (ct == NULL)
		return 0;
	size_t n = strcspn(ct, "; \t");
	return (n == 16 && strncasecmp(ct, "application/json", n) == 0) ||
	    (n == 21 && strncasecmp(ct, "application/feed+json", n) == 0);
}

kz_rc
kz_feed_parse(const char *data, size_t len, const char *content_type,
    const char *base_url, struct kz_feed **out, struct kz_err *err)
{
	struct kz_charset_info info;
	struct kz_buf text;
	kz_rc rc;

	if (len > KZ_FEED_MAX_BYTES)
		return kz_fail(err, KZ_ELIMIT, "feed of %zu bytes is over %u",
		    len, KZ_FEED_MAX_BYTES);
	struct kz_feed *f = kz_xcalloc(1, sizeof *f);
	f->updated = KZ_FEED_NO_DATE;
	/* UTF-16 can double in UTF-8; windows-1251 Cyrillic too */
	kz_buf_init(&text, (size_t)KZ_FEED_MAX_BYTES * 2);
	rc = kz_charset_to_utf8(data, len, content_type, &text, &info, err);
	if (rc != KZ_OK)
		goto fail;
	snprintf(f->encoding, sizeof f->encoding, "%s", info.name);
	if (info.flags & KZ_CHARSET_NOT_XML)
		kz_feed_warn(f, "content type '%s' is not an XML media type",
		    content_type);
	if (info.flags & KZ_CHARSET_UNKNOWN)
		kz_feed_warn(f, "unknown encoding; read as %s", info.name);
	if (info.flags & KZ_CHARSET_OVERRIDE)
		kz_feed_warn(f,
		    "bytes are not in the declared encoding; "
		    "read as %s",
		    info.name);
	if (info.flags & KZ_CHARSET_INVALID)
		kz_feed_warn(
		    f, "invalid %s bytes replaced with U+FFFD", info.name);
	size_t i = 0;
	while (i < text.len && is_ws((unsigned char)text.data[i]))
		i++;
	if (json_type(content_type) || (i < text.len && text.data[i] == '{'))
		rc = kz_feed_json_parse(text.data, text.len, f, err);
	else
		rc = kz_feed_xml_parse(text.data, text.len, base_url, f, err);
	if (rc != KZ_OK)
		goto fail;
	kz_buf_fini(&text);
	*out = f;
	return KZ_OK;
fail:
	kz_buf_fini(&text);
	kz_feed_free(f);
	return rc;
}
